"""Dutch labels for what volunteers and coordinators read in the console."""

from __future__ import annotations

from bot.conversation.states import CaseStatus
from common.damage import DAMAGE_LABELS
from common.scam_types import SCAM_LABELS

# The assistant's own labels, so the console names a scam type or a damage exactly as
# the hand-off summary does. Both modules are plain data and patterns (no Rasa import).
SCAM_TYPES: dict[str, str] = SCAM_LABELS
UNKNOWN_SCAM_TYPE = "Nog onbekend"
DAMAGE: dict[str, str] = DAMAGE_LABELS

OUTCOMES: dict[str, str] = {
    "advised": "Advies gegeven",
    "police": "Doorverwezen naar de politie",
    "bank": "Doorverwezen naar de bank",
    "no_scam": "Geen oplichting",
    "other": "Anders",
}
# Set by the gateway, not chosen by a volunteer.
SYSTEM_OUTCOMES: dict[str, str] = {
    "withdrawn": "Bewoner ging terug naar de assistent",
    "erased": "Bewoner liet alles verwijderen",
    "expired": "Verlopen (bewaartermijn voorbij)",
}
CHANNELS = {"widget": "Website", "telegram": "Telegram"}
STATUSES = {
    CaseStatus.OPEN: "Wacht",
    CaseStatus.CLAIMED: "In behandeling",
    CaseStatus.CLOSED: "Afgesloten",
}
ROLES = {"volunteer": "Vrijwilliger", "coordinator": "Coördinator", "campaign": "Campagneteam"}


def scam_label(scam_type: str | None) -> str:
    return SCAM_TYPES.get(scam_type or "", UNKNOWN_SCAM_TYPE)


def outcome_label(outcome: str | None) -> str:
    if outcome is None:
        return ""
    return OUTCOMES.get(outcome) or SYSTEM_OUTCOMES.get(outcome, outcome)
