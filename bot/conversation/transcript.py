"""'Download dit gesprek': the resident's own conversation as plain Dutch text (their
right of access, AVG article 15). Only this conversation's messages, in order, with their
local time; a volunteer by the display name the resident was already told when the
volunteer took the case ('Vera (vrijwilliger)'), never the login name; the state of its
latest request for a volunteer, if any. Never the sealed channel address, the resident
hash, ids or anything of another conversation.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation import store
from bot.conversation.states import CaseStatus
from bot.helpdesk.hours import TIMEZONE
from bot.models import Case, Message, Volunteer, as_utc, utcnow

FILENAME = "mijn-gesprek.txt"
SPEAKERS = {"resident": "Jij", "bot": "Assistent", "volunteer": "Vrijwilliger"}
CASE_STATES = {
    CaseStatus.OPEN: "Je vroeg om een vrijwilliger. Die kijkt er zo snel mogelijk naar.",
    CaseStatus.CLAIMED: "Een vrijwilliger helpt je.",
    CaseStatus.CLOSED: "Je vraag aan een vrijwilliger is afgesloten.",
}


def _local(moment: datetime) -> str:
    return as_utc(moment).astimezone(TIMEZONE).strftime("%d-%m-%Y %H:%M")


def _message_text(message: Message) -> str:
    text = message.text.strip()
    if not text and message.payload:
        # A button press without words of its own.
        text = "(knop gekozen)"
    return text


async def transcript(session: AsyncSession, conversation_id: str) -> str:
    """The text of the download; 404 (Dutch message) when the conversation is gone."""
    conversation = await store.conversation(session, conversation_id)
    messages = (
        (
            await session.execute(
                select(Message)
                .where(Message.conversation_id == conversation.id)
                .order_by(Message.created_at, Message.id)
            )
        )
        .scalars()
        .all()
    )
    case = await session.scalar(
        select(Case)
        .where(Case.conversation_id == conversation.id)
        .order_by(Case.created_at.desc(), Case.id.desc())
        .limit(1)
    )
    authors = {message.author_id for message in messages if message.author_id is not None}
    found = await session.execute(
        select(Volunteer.id, Volunteer.display_name).where(Volunteer.id.in_(authors))
    )
    names: dict[int | None, str] = {key: name for key, name in found.tuples().all()}
    lines = [
        "Je gesprek met de hulp bij oplichting",
        f"Begonnen: {_local(conversation.created_at)}",
        f"Gedownload: {_local(utcnow())}",
        "",
    ]
    if case is not None:
        lines += [CASE_STATES.get(case.status, ""), ""]
    for message in messages:
        speaker = SPEAKERS.get(message.role, "Assistent")
        if message.role == "volunteer" and names.get(message.author_id):
            speaker = f"{names[message.author_id]} (vrijwilliger)"
        lines.append(f"[{_local(message.created_at)}] {speaker}:")
        lines.append(_message_text(message))
        lines.append("")
    lines.append(
        "Wil je dat we alles wissen? Kies in de chat 'Verwijder dit gesprek'. "
        "Anders wissen we het vanzelf, een tijd na je laatste bericht."
    )
    return "\n".join(lines) + "\n"
