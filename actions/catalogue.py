"""Every domain response the actions can send, static and generated.

Used by the data validation (such responses are not 'unused' although no
story names them) and by the tests (each must exist in the domain).
"""

from __future__ import annotations

import re
from pathlib import Path

from actions.clarify import OFFERABLE
from actions.report_form import ASKED_AGAIN
from common.case_slots import REPORT_FACTS
from common.scam_types import REPORT_COLLECT_GROUP, SCAM_TYPES, TRIAGE_TYPES

TYPE_PARTS: tuple[str, ...] = ("what", "now", "report", "help", "button")
_LITERAL = re.compile(r"[\"'](utter_[a-z0-9_]+)[\"']")
_PACKAGE = Path(__file__).resolve().parent


def responses_used_by_actions() -> set[str]:
    names: set[str] = set()
    for source in _PACKAGE.glob("*.py"):
        names.update(_LITERAL.findall(source.read_text(encoding="utf-8")))
    names.update(f"utter_{t}_{part}" for t in SCAM_TYPES for part in TYPE_PARTS)
    names.update(f"utter_{intent}_button" for intent in OFFERABLE)
    names.update(f"utter_triage_{t}" for t in TRIAGE_TYPES)
    groups = set(REPORT_COLLECT_GROUP.values()) | {"general"}
    names.update(f"utter_report_collect_{group}" for group in groups)
    # The report form's questions, its second tries and the prefilled stories.
    names.update(f"utter_report_ask_{fact}" for fact in REPORT_FACTS)
    names.update(f"utter_report_again_{fact}" for fact in ASKED_AGAIN)
    names.update(f"utter_report_what_{t}" for t in SCAM_TYPES)
    return names
