"""What a volunteer keeps on a case beside the conversation: internal notes for the team,
the reply being typed (a draft that survives a session end), corrections of the
assistant's scam type and urgency, and how far they read. Who may see a case is
Desk.case's rule (bot/helpdesk/desk.py); who may change it is decided here."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.campaigns.labels import target_group_label
from bot.campaigns.models import Campaign
from bot.conversation.states import CaseStatus
from bot.helpdesk.audit import audit
from bot.helpdesk.labels import SCAM_TYPES
from bot.helpdesk.reads import mark_read, unread_counts
from bot.models import Case, CaseNote, Draft, Volunteer, utcnow

MAX_NOTE_CHARS = 2000
MAX_DRAFT_CHARS = 4000
URGENCY_WORDS = {False: "gewoon", True: "dringend"}


class CaseworkError(Exception):
    """A refusal shown to the volunteer (Dutch) with an HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def holds(volunteer: Volunteer, case: Case) -> bool:
    return case.status == CaseStatus.CLAIMED and case.volunteer_id == volunteer.id


def may_change(volunteer: Volunteer, case: Case) -> bool:
    """Notes and corrections: the holder, or a coordinator (who can see the case)."""
    return holds(volunteer, case) or volunteer.role == "coordinator"


def _touch(volunteer: Volunteer, case: Case) -> None:
    """The holder is at work on the case (keeps it from going back to the queue)."""
    if holds(volunteer, case):
        case.holder_active_at = utcnow()


# --- notes --------------------------------------------------------------------------------
async def notes(session: AsyncSession, case_id: int) -> list[CaseNote]:
    rows = await session.execute(
        select(CaseNote).where(CaseNote.case_id == case_id).order_by(CaseNote.id)
    )
    return list(rows.scalars())


async def add_note(session: AsyncSession, volunteer: Volunteer, case: Case, text: str) -> None:
    if not may_change(volunteer, case):
        raise CaseworkError(403, "Alleen wie de zaak heeft of een coördinator schrijft notities.")
    if case.content_erased_at is not None:
        raise CaseworkError(410, "De inhoud van deze zaak is verwijderd. Er kan geen notitie bij.")
    text = text.replace("\x00", "").strip()
    if not text:
        raise CaseworkError(400, "Je notitie is leeg.")
    if len(text) > MAX_NOTE_CHARS:
        raise CaseworkError(400, f"Je notitie is te lang (hooguit {MAX_NOTE_CHARS} tekens).")
    session.add(
        CaseNote(
            case_id=case.id, volunteer_id=volunteer.id, author=volunteer.display_name, text=text
        )
    )
    _touch(volunteer, case)
    audit(session, volunteer, "note", case.id)
    await session.commit()


async def erase_case_extras(session: AsyncSession, case_ids: list[int]) -> None:
    """Notes and drafts are case content: they go when the case content goes."""
    if case_ids:
        await session.execute(delete(CaseNote).where(CaseNote.case_id.in_(case_ids)))
        await session.execute(delete(Draft).where(Draft.case_id.in_(case_ids)))


# --- drafts -------------------------------------------------------------------------------
async def draft_of(session: AsyncSession, volunteer: Volunteer, case_id: int) -> Draft | None:
    return await session.get(Draft, (volunteer.id, case_id))


async def save_draft(session: AsyncSession, volunteer: Volunteer, case: Case, text: str) -> None:
    """Keep what the holder is typing; an empty text removes the draft."""
    if not holds(volunteer, case):
        raise CaseworkError(409, "Deze zaak is niet meer van jou. Je tekst is niet bewaard.")
    text = text.replace("\x00", "")[:MAX_DRAFT_CHARS]
    draft = await draft_of(session, volunteer, case.id)
    if not text.strip():
        if draft is not None:
            await session.delete(draft)
    elif draft is None:
        session.add(Draft(volunteer_id=volunteer.id, case_id=case.id, text=text))
    else:
        draft.text = text
    _touch(volunteer, case)
    await session.commit()


# --- corrections --------------------------------------------------------------------------
async def correct(
    session: AsyncSession, volunteer: Volunteer, case: Case, scam_type: str, urgency: str
) -> bool:
    """The volunteer's reading of scam type and urgency; True if something changed. The
    assistant's own values are kept once, at the first correction."""
    if not may_change(volunteer, case):
        raise CaseworkError(403, "Alleen wie de zaak heeft of een coördinator kan dit aanpassen.")
    if scam_type not in SCAM_TYPES:
        raise CaseworkError(400, "Kies een soort oplichting uit de lijst.")
    if urgency not in ("gewoon", "dringend"):
        raise CaseworkError(400, "Kies of de zaak dringend is.")
    urgent = urgency == "dringend"
    if scam_type == case.scam_type and urgent == case.urgent:
        return False
    if case.corrected_at is None:
        case.assistant_scam_type, case.assistant_urgent = case.scam_type, case.urgent
    if scam_type != case.scam_type:
        detail = f"{case.scam_type or 'onbekend'} → {scam_type}"
        audit(session, volunteer, "correct_scam_type", case.id, detail=detail)
        case.scam_type = scam_type
    if urgent != case.urgent:
        detail = f"{URGENCY_WORDS[case.urgent]} → {URGENCY_WORDS[urgent]}"
        audit(session, volunteer, "correct_urgency", case.id, detail=detail)
        case.urgent = urgent
    case.corrected_at = utcnow()
    _touch(volunteer, case)
    await session.commit()
    return True


# --- reading ------------------------------------------------------------------------------
async def seen(session: AsyncSession, volunteer: Volunteer, case: Case) -> None:
    """The volunteer has the case page open with everything on it."""
    await mark_read(session, volunteer.id, case)
    await session.commit()


async def unread_held(session: AsyncSession, volunteer: Volunteer) -> dict[int, int]:
    """Unread resident messages in the cases this volunteer holds now."""
    held = await session.execute(
        select(Case.id).where(Case.volunteer_id == volunteer.id, Case.status == CaseStatus.CLAIMED)
    )
    return await unread_counts(session, volunteer.id, list(held.scalars()))


# --- context ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CampaignFacts:
    name: str
    target_group: str


async def campaign_of(session: AsyncSession, case: Case) -> CampaignFacts | None:
    """The campaign the resident came in with (name and target group), if known."""
    if not case.campaign:
        return None
    campaign = await session.scalar(select(Campaign).where(Campaign.code == case.campaign))
    if campaign is None:
        return CampaignFacts("Onbekende campagne", "")
    return CampaignFacts(campaign.name, target_group_label(campaign.target_group))


async def holder_of(session: AsyncSession, case: Case) -> Volunteer | None:
    """Who holds the case (a coordinator reading someone else's case sees the name)."""
    if case.status != CaseStatus.CLAIMED or case.volunteer_id is None:
        return None
    return await session.get(Volunteer, case.volunteer_id)
