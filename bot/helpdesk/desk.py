"""The volunteers' side of a case: the queue, reading, claiming, replying, handing back
and closing. Every step is recorded in the audit log."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.conversation.gateway import Gateway
from bot.conversation.states import (
    CaseEvent,
    CaseStatus,
    ConversationEvent,
    MessageStatus,
    target,
    transition,
)
from bot.helpdesk import cases
from bot.helpdesk.audit import audit, audit_open
from bot.helpdesk.labels import OUTCOMES
from bot.models import Case, Conversation, Draft, Message, Volunteer, utcnow
from common.case_slots import CASE_SLOTS

logger = logging.getLogger(__name__)
MAX_REPLY_CHARS = 4000
# The reply form's idempotency key (console.js or the server makes it).
CLIENT_KEY = re.compile(r"[A-Za-z0-9_-]{8,64}")


class DeskError(Exception):
    """A refusal shown to the volunteer (Dutch) with an HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@dataclass(frozen=True)
class QueueItem:
    case: Case
    preview: str


def visible_to(volunteer: Volunteer):  # type: ignore[no-untyped-def]
    """Open cases, and the cases this volunteer holds or held."""
    return or_(Case.status == CaseStatus.OPEN, Case.volunteer_id == volunteer.id)


class Desk:
    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway
        self.sessions = gateway.sessions
        self.notifier = gateway.notifier

    # --- reading ------------------------------------------------------------------
    async def queue(self, session: AsyncSession, volunteer: Volunteer) -> list[Case]:
        """Open cases (a life in danger first, then urgent, then oldest) and this
        volunteer's own open ones."""
        result = await session.execute(
            select(Case)
            .where(visible_to(volunteer), Case.status != CaseStatus.CLOSED)
            .order_by(
                (Case.status == CaseStatus.OPEN).desc(),
                Case.crisis.desc(),
                Case.urgent.desc(),
                Case.created_at,
                Case.id,
            )
        )
        return list(result.scalars())

    async def held(
        self, session: AsyncSession, volunteer: Volunteer, limit: int = 50
    ) -> list[Case]:
        result = await session.execute(
            select(Case)
            .where(Case.volunteer_id == volunteer.id, Case.status == CaseStatus.CLOSED)
            .order_by(Case.closed_at.desc())
            .limit(limit)
        )
        return list(result.scalars())

    async def preview(self, session: AsyncSession, case: Case) -> str:
        """The latest thing the resident sent for the volunteer, else (with consent) the
        assistant's summary. The list view masks it."""
        result = await session.execute(
            select(Message.text)
            .where(
                Message.conversation_id == case.conversation_id,
                Message.status == MessageStatus.TO_CASE,
            )
            .order_by(Message.id.desc())
            .limit(1)
        )
        latest = result.scalar_one_or_none()
        if latest:
            return latest
        return case.summary if case.consent else ""

    async def case(self, session: AsyncSession, volunteer: Volunteer, case_id: int) -> Case:
        case = await session.get(Case, case_id)
        if case is None or not (
            case.status == CaseStatus.OPEN or case.volunteer_id == volunteer.id
        ):
            raise DeskError(404, "Deze zaak bestaat niet, of een andere vrijwilliger heeft hem.")
        return case

    async def open_case(
        self, volunteer: Volunteer, case_id: int, record: bool = True
    ) -> tuple[Case, list[Message], Conversation | None]:
        """The case and the messages the volunteer may read (audited as 'open', except
        for the live refreshes of a page already opened)."""
        async with self.sessions() as session:
            case = await self.case(session, volunteer, case_id)
            messages = await cases.case_messages(session, case)
            conversation = await cases.conversation_of(session, case)
            if record:
                await audit_open(session, volunteer, case.id)  # once an hour, not per reload
                await session.commit()
            return case, messages, conversation

    # --- acting -------------------------------------------------------------------
    async def claim(self, volunteer: Volunteer, case_id: int) -> None:
        """Atomic: of two volunteers claiming at once, exactly one gets the case."""
        async with self.sessions() as session:
            result = await session.execute(
                update(Case)
                .where(Case.id == case_id, Case.status == CaseStatus.OPEN)
                # The claim transition, written in the UPDATE so that it stays atomic.
                .values(
                    status=target(CaseStatus.OPEN, CaseEvent.CLAIM),
                    volunteer_id=volunteer.id,
                    claimed_at=utcnow(),
                )
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:
                await session.rollback()
                raise DeskError(409, "Een andere vrijwilliger heeft deze zaak al opgepakt.")
            case = await session.get(Case, case_id)
            assert case is not None
            audit(session, volunteer, "claim", case_id)
            joined = None
            conversation = await cases.conversation_of(session, case)
            if conversation is not None:
                transition(conversation, ConversationEvent.VOLUNTEER_JOINED)
                joined = Message(
                    conversation_id=conversation.id,
                    role="bot",
                    text=texts.VOLUNTEER_JOINED.format(name=volunteer.display_name),
                    delayed=True,
                )
                session.add(joined)
            await session.commit()
        self.notifier.console("queue", case_id)
        if conversation is not None and joined is not None:
            await self.gateway.deliver(conversation, [joined])

    async def _held_case(self, session: AsyncSession, volunteer: Volunteer, case_id: int) -> Case:
        case = await self.case(session, volunteer, case_id)
        if case.status != CaseStatus.CLAIMED or case.volunteer_id != volunteer.id:
            raise DeskError(409, "Pak deze zaak eerst op. Daarna kun je antwoorden.")
        return case

    async def reply(
        self, volunteer: Volunteer, case_id: int, text: str, client_key: str | None = None
    ) -> Message:
        """Send a reply. The same client_key twice (a double tap, a form sent again) is
        one message: the second time returns the first and sends nothing."""
        text = text.replace("\x00", "").strip()
        if not text:
            raise DeskError(
                400, "Je antwoord is leeg. Typ een bericht of kies een standaardantwoord."
            )
        if len(text) > MAX_REPLY_CHARS:
            raise DeskError(400, f"Je antwoord is te lang (hooguit {MAX_REPLY_CHARS} tekens).")
        key = client_key if client_key and CLIENT_KEY.fullmatch(client_key) else None
        async with self.sessions() as session:
            case = await self._held_case(session, volunteer, case_id)
            conversation = await cases.conversation_of(session, case)
            if conversation is None:
                raise DeskError(410, "Het gesprek is verwijderd. Je kunt de zaak alleen afsluiten.")
            sent = await _sent_with(session, conversation.id, key)
            if sent is not None:
                return sent
            message = Message(
                conversation_id=conversation.id,
                role="volunteer",
                text=text,
                author_id=volunteer.id,
                delayed=True,
                client_key=key,
            )
            session.add(message)
            try:
                await session.flush()
                case.holder_active_at = utcnow()
                if case.first_reply_at is None:
                    case.first_reply_at = case.holder_active_at
                # Sent: the draft of this reply is done with.
                await session.execute(
                    delete(Draft).where(
                        Draft.volunteer_id == volunteer.id, Draft.case_id == case_id
                    )
                )
                audit(session, volunteer, "reply", case_id)
                await session.commit()
            except IntegrityError:  # the same key at the same moment: the other one won
                await session.rollback()
                sent = await _sent_with(session, message.conversation_id, key)
                if sent is None:
                    raise
                return sent
        self.notifier.console("message", case_id)
        await self.gateway.deliver(conversation, [message])
        return message

    async def finish(
        self, volunteer: Volunteer, case_id: int, outcome: str, hand_back: bool
    ) -> None:
        """Hand back to the assistant, or close; either way with an outcome."""
        if outcome not in OUTCOMES:
            raise DeskError(400, "Kies een uitkomst voor deze zaak.")
        async with self.sessions() as session:
            case = await self._held_case(session, volunteer, case_id)
            cases.close(case, outcome, "hand_back" if hand_back else "close")
            audit(session, volunteer, "hand_back" if hand_back else "close", case_id)
            conversation = await cases.conversation_of(session, case)
            notice = None
            if conversation is not None:
                event = (
                    ConversationEvent.HANDED_BACK
                    if hand_back
                    else ConversationEvent.VOLUNTEER_CLOSED
                )
                transition(conversation, event)
                notice = Message(
                    conversation_id=conversation.id,
                    role="bot",
                    text=texts.VOLUNTEER_HANDED_BACK if hand_back else texts.VOLUNTEER_CLOSED,
                    delayed=True,
                )
                session.add(notice)
            await session.commit()
        self.notifier.console("queue", case_id)
        if conversation is not None and notice is not None:
            await self.gateway.resume_rasa(conversation.id)
            # The volunteer finished this case: what the resident writes next is a new one.
            await self.gateway.rasa.append_event(conversation.id, case_reset_events())
            await self.gateway.deliver(conversation, [notice])


async def _sent_with(
    session: AsyncSession, conversation_id: str, key: str | None
) -> Message | None:
    if key is None:
        return None
    return await session.scalar(
        select(Message).where(Message.conversation_id == conversation_id, Message.client_key == key)
    )


def case_reset_events() -> list[dict[str, Any]]:
    """Rasa tracker events that start the case slots afresh."""
    return [{"event": "slot", "name": name, "value": value} for name, value in CASE_SLOTS.items()]


def waiting_minutes(case: Case, now: datetime | None = None) -> int:
    return int(((now or utcnow()) - case.created_at).total_seconds() // 60)
