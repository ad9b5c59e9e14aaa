"""The safety net and the urgent step, in every conversation state.

The assistant gives these while it has the conversation; while a resident waits
for or talks with a volunteer the assistant is paused, so the gateway gives
them itself, from its own texts. A life in danger is read the same way in every
state (common/crisis.py, plain data shared with the action server).
"""

from __future__ import annotations

from bot import texts
from common.crisis import DANGER_NOW, SUICIDE
from common.damage import BANK_DETAILS, CARD_HANDED, DAMAGE_ORDER, PAID

# Steps that another step already covers (all of them say: call your own bank).
_COVERED_BY = {PAID: (BANK_DETAILS, CARD_HANDED), BANK_DETAILS: (CARD_HANDED,)}


def crisis_texts(kinds: list[str]) -> list[str]:
    """113 (and 112 when life is in danger now), before anything else."""
    said: list[str] = []
    if DANGER_NOW in kinds:
        said.append(texts.DANGER_NOW_112)
    if SUICIDE in kinds:
        said.append(texts.CRISIS_113)
        if DANGER_NOW not in kinds:
            said.append(texts.CRISIS_DANGER_112)
        said.append(texts.CRISIS_NOT_ALONE)
    return said


def urgent_step_texts(kinds: list[str], payment: str | None = None) -> list[str]:
    """What to do right now for damage told while the assistant is paused."""
    present = set(kinds)
    return [
        texts.URGENT_PAID_BY.get(payment or "", texts.URGENT_STEP[kind])
        if kind == PAID
        else texts.URGENT_STEP[kind]
        for kind in DAMAGE_ORDER
        if kind in present and not present & set(_COVERED_BY.get(kind, ()))
    ]


def is_safety_text(text: str) -> bool:
    """One of the safety-net bubbles (the conversation tests skip past them)."""
    return text in (
        texts.CRISIS_113,
        texts.CRISIS_DANGER_112,
        texts.DANGER_NOW_112,
        texts.CRISIS_NOT_ALONE,
    )
