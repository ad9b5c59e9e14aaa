"""The team's own canned replies (CannedReply): written by coordinators in the
volunteers' voice, offered in the case page beside the assistant's advice texts
(bot/helpdesk/canned.py). Nothing is seeded: the library starts empty."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.helpdesk.audit import audit
from bot.helpdesk.labels import SCAM_TYPES
from bot.models import CannedReply, Volunteer, utcnow

MAX_LABEL_CHARS = 80
MAX_TEXT_CHARS = 2000


class LibraryError(Exception):
    """A refusal shown to the coordinator (Dutch)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _clean(text: str) -> str:
    return text.replace("\x00", "").replace("\r\n", "\n").strip()


def validated(label: str, text: str, scam_type: str) -> tuple[str, str, str | None]:
    """(label, text, scam type or None), or a LibraryError saying what to fix."""
    label, text = " ".join(_clean(label).split()), _clean(text)
    if not label:
        raise LibraryError("Geef het antwoord een korte naam.")
    if len(label) > MAX_LABEL_CHARS:
        raise LibraryError(f"De naam is te lang (hooguit {MAX_LABEL_CHARS} tekens).")
    if not text:
        raise LibraryError("De tekst is leeg. Schrijf wat de bewoner leest.")
    if len(text) > MAX_TEXT_CHARS:
        raise LibraryError(f"De tekst is te lang (hooguit {MAX_TEXT_CHARS} tekens).")
    if scam_type and scam_type not in SCAM_TYPES:
        raise LibraryError("Kies een soort oplichting uit de lijst.")
    return label, text, scam_type or None


async def active(session: AsyncSession) -> list[CannedReply]:
    rows = await session.execute(
        select(CannedReply)
        .where(CannedReply.archived_at.is_(None))
        .order_by(CannedReply.label, CannedReply.id)
    )
    return list(rows.scalars())


async def for_case(session: AsyncSession, scam_type: str | None) -> list[CannedReply]:
    """The team's replies for a case: those for its scam type first, then the rest."""
    replies = await active(session)
    return sorted(replies, key=lambda reply: not (scam_type and reply.scam_type == scam_type))


async def add(
    session: AsyncSession, coordinator: Volunteer, label: str, text: str, scam_type: str
) -> CannedReply:
    label, text, kind = validated(label, text, scam_type)
    reply = CannedReply(label=label, text=text, scam_type=kind, created_by=coordinator.username)
    session.add(reply)
    await session.flush()
    audit(session, coordinator, "canned_add", subject=label)
    await session.commit()
    return reply


async def _get(session: AsyncSession, reply_id: int) -> CannedReply:
    reply = await session.get(CannedReply, reply_id)
    if reply is None or reply.archived_at is not None:
        raise LibraryError("Dit standaardantwoord bestaat niet (meer).")
    return reply


async def change(
    session: AsyncSession,
    coordinator: Volunteer,
    reply_id: int,
    label: str,
    text: str,
    scam_type: str,
) -> None:
    reply = await _get(session, reply_id)
    reply.label, reply.text, reply.scam_type = validated(label, text, scam_type)
    audit(session, coordinator, "canned_change", subject=reply.label)
    await session.commit()


async def archive(session: AsyncSession, coordinator: Volunteer, reply_id: int) -> None:
    reply = await _get(session, reply_id)
    reply.archived_at = utcnow()
    audit(session, coordinator, "canned_archive", subject=reply.label)
    await session.commit()
