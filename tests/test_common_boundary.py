"""What crosses the boundary between the environments (common/): no framework import,
the payloads' round trip and version check, one masker.

This file imports nothing but common/ and the standard library, so both environments
run it: pytest here (Python 3.10, Rasa) and bot/tests/test_common_boundary.py (Python
3.11, the gateway), which collects these same tests.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from common.masking import Style, mask, mask_iban
from common.payloads import HANDOFF_VERSION, INSIGHT_VERSION, Handoff, Insight, PayloadError

ROOT = Path(__file__).resolve().parents[1]

# Frameworks of either environment. common/ is read by both, so it may import none.
FRAMEWORKS = (
    "rasa",
    "rasa_sdk",
    "sanic",
    "tensorflow",
    "spacy",
    "sqlalchemy",
    "alembic",
    "fastapi",
    "starlette",
    "pydantic",
    "uvicorn",
    "jinja2",
    "telegram",
)

# Run in a fresh interpreter, so no module a test already imported hides an import:
# a finder first in sys.meta_path refuses every framework, then every module of
# common/ is imported. Prints what was refused and what was imported, as JSON.
_GUARDED_IMPORT = """
import importlib, importlib.abc, json, pkgutil, sys

BLOCKED = set(sys.argv[1].split(","))
refused = []

class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            refused.append(name)
            raise ImportError(f"common/ must not import {name}")
        return None

already = sorted(n for n in sys.modules if n.split(".")[0] in BLOCKED)
sys.meta_path.insert(0, Refuse())
# Proof that the guard bites: sqlalchemy is installed in both environments.
try:
    import sqlalchemy  # noqa: F401
    guard_works = False
except ImportError:
    guard_works = True
refused.clear()
import common
imported, failed = [], {}
for module in pkgutil.iter_modules(common.__path__):
    name = f"common.{module.name}"
    try:
        importlib.import_module(name)
        imported.append(name)
    except ImportError as error:
        failed[name] = str(error)
print(json.dumps({"already": already, "guard_works": guard_works, "imported": imported,
                  "failed": failed, "refused": refused}))
"""


def test_every_common_module_imports_without_any_framework() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _GUARDED_IMPORT, ",".join(FRAMEWORKS)],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["already"] == [] and result["guard_works"] is True
    assert result["failed"] == {} and result["refused"] == []
    on_disk = {f"common.{p.stem}" for p in (ROOT / "common").glob("*.py") if p.stem != "__init__"}
    assert set(result["imported"]) == on_disk
    assert {"common.payloads", "common.masking", "common.damage", "common.crisis"} <= on_disk


# --- payloads ----------------------------------------------------------------------------
HANDOFF = Handoff(
    reason="ask_human",
    scam_type="bank_helpdesk_fraud",
    urgent=True,
    damage=("paid", "bank_details"),
    summary="Bankhelpdeskfraude. Schade: geld betaald. Bewoner: “NL91 **** 00”",
)
INSIGHT = Insight(scam_type="phishing_message", urgent=False, advice_done=True)


@pytest.mark.parametrize("payload", [HANDOFF, INSIGHT], ids=["handoff", "insight"])
def test_payload_round_trips_through_json(payload: Handoff | Insight) -> None:
    wire = json.loads(json.dumps(payload.to_json()))  # what the REST channel carries
    assert type(payload).from_json(wire) == payload
    assert wire["version"] == type(payload).VERSION


def test_payload_wire_format_is_what_the_gateway_always_read() -> None:
    assert HANDOFF.to_json() == {
        "version": HANDOFF_VERSION,
        "reason": "ask_human",
        "scam_type": "bank_helpdesk_fraud",
        "urgent": True,
        "damage": ["paid", "bank_details"],
        "summary": HANDOFF.summary,
    }
    assert INSIGHT.to_json() == {
        "version": INSIGHT_VERSION,
        "scam_type": "phishing_message",
        "urgent": False,
        "advice_done": True,
        # Added in version 1 for the waves (issue 15): a gateway that does not know them
        # reads the fields above as before.
        "reported": "",
        "said": "",
    }
    assert (Handoff.KEY, Insight.KEY) == ("handoff", "insight")


def test_an_insight_from_before_the_reported_text_reads_as_none_reported() -> None:
    old = {"version": 1, "scam_type": "phishing_message", "urgent": False, "advice_done": True}
    assert Insight.from_json(old) == INSIGHT
    sent = Insight("phishing_message", False, False, reported="Uw pakket wacht", said="echt?")
    assert Insight.from_json(sent.to_json()) == sent


def test_payloads_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        HANDOFF.urgent = False  # type: ignore[misc]


@pytest.mark.parametrize("kind", [Handoff, Insight])
def test_a_newer_version_is_refused_with_a_clear_error(kind: type[Handoff | Insight]) -> None:
    newer = {**kind.from_json({}).to_json(), "version": kind.VERSION + 1}
    with pytest.raises(PayloadError, match=rf"{kind.KEY} payload version \d+ is newer"):
        kind.from_json(newer)


@pytest.mark.parametrize("version", [0, -1, "1", 1.0, True, [1]])
def test_an_unknown_or_malformed_version_is_refused(version: object) -> None:
    with pytest.raises(PayloadError, match="handoff payload version"):
        Handoff.from_json({**HANDOFF.to_json(), "version": version})


@pytest.mark.parametrize(
    "data",
    [
        None,
        "handoff",
        ["ask_human"],
        {"urgent": "yes"},
        {"urgent": 1},
        {"damage": "paid"},
        {"damage": ["paid", 3]},
        {"scam_type": 7},
        {"summary": ["Bewoner"]},
        {"reason": False},
    ],
)
def test_a_malformed_handoff_is_refused(data: object) -> None:
    with pytest.raises(PayloadError, match="handoff payload"):
        Handoff.from_json(data)


@pytest.mark.parametrize("data", [None, 3, {"advice_done": "true"}, {"scam_type": {"x": 1}}])
def test_a_malformed_insight_is_refused(data: object) -> None:
    with pytest.raises(PayloadError, match="insight payload"):
        Insight.from_json(data)


def test_the_error_never_quotes_the_resident() -> None:
    # Errors go to the log; a payload's text is the resident's own words.
    with pytest.raises(PayloadError) as refused:
        Handoff.from_json({"damage": "mijn IBAN is NL91ABNA0417164300"})
    assert "NL91" not in str(refused.value) and "'damage'" in str(refused.value)


def test_missing_fields_mean_what_the_gateway_always_made_of_them() -> None:
    # No version: the shape from before payloads were numbered.
    assert Handoff.from_json({}) == Handoff(
        reason="ask_human", scam_type=None, urgent=False, damage=(), summary=""
    )
    nulls = {"scam_type": None, "urgent": None, "damage": None, "reason": None, "summary": None}
    assert Handoff.from_json(nulls) == Handoff.from_json({})
    # An empty scam type is no scam type, an empty reason the default one.
    assert Handoff.from_json({"scam_type": "", "reason": ""}) == Handoff.from_json({})
    assert Insight.from_json({"scam_type": "romance_scam"}) == Insight(
        scam_type="romance_scam", urgent=False, advice_done=False
    )


def test_unknown_fields_of_a_known_version_are_ignored() -> None:
    # A field added without a version bump must not cost the resident their case.
    assert Handoff.from_json({**HANDOFF.to_json(), "language": "nl"}) == HANDOFF


# --- one masker ----------------------------------------------------------------------------
SECRETS = (
    ("IBAN NL91 ABNA 0417 1643 00 graag", "0417"),
    ("bel 06-12345678 terug", "345"),
    ("of +31 6 12345678", "345"),
    ("mail jan.jansen@example.nl", "jan.jansen"),
    ("mail josé.de.vries@voorbeeld.nl", "josé"),
    ("rekening 1234.5678.90", "5678"),
)


@pytest.mark.parametrize(("text", "secret"), SECRETS)
@pytest.mark.parametrize("style", list(Style))
def test_both_styles_hide_the_same_things(text: str, secret: str, style: Style) -> None:
    masked = mask(text, style)
    assert secret not in masked and masked.split()[0] == text.split()[0]


@pytest.mark.parametrize("style", list(Style))
def test_masked_text_masks_to_itself(style: Style) -> None:
    # The gateway masks the hand-off summary again in its list views.
    text = " ".join(t for t, _ in SECRETS)
    once = mask(text, style)
    assert mask(once, style) == once and mask(once, Style.RECORD) == mask(once, style)


def test_the_styles_show_different_amounts() -> None:
    text = "NL91ABNA0417164300, 06-12345678, jan@example.nl"
    assert mask(text) == "NL91 **** 00, 06** *** *78, j***@example.nl"
    assert mask(text, Style.SHOWN_BACK) == "NL91ABNA••••••••00, 06-••••••78, j•••@example.nl"
    assert mask_iban("nl91 abna 0417 1643 00") == "NL91 **** 00"
