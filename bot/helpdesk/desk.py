"""The volunteers' side of a case: the queue, reading, claiming, replying, handing back
and closing. Every step is recorded in the audit log."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.conversation import resends
from bot.conversation.gateway import Gateway
from bot.conversation.states import (
    CaseEvent,
    CaseStatus,
    ConversationEvent,
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
# A report draft sent as it is (bot/reports/): up to 15 answers of 1000 characters.
MAX_REPORT_DRAFT_CHARS = 20000


class DeskError(Exception):
    """A refusal shown to the volunteer (Dutch) with an HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


class Desk:
    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway
        self.sessions = gateway.sessions
        self.notifier = gateway.notifier

    # --- reading (the queue itself: bot/helpdesk/queue.py) -----------------------
    async def case(self, session: AsyncSession, volunteer: Volunteer, case_id: int) -> Case:
        """A case this volunteer may read: open ones and their own; a coordinator reads
        every case (read-only unless they hold it)."""
        case = await session.get(Case, case_id)
        if case is None:
            raise DeskError(404, "Deze zaak bestaat niet.")
        if (
            case.status == CaseStatus.OPEN
            or case.volunteer_id == volunteer.id
            or volunteer.role == "coordinator"
        ):
            return case
        if case.status == CaseStatus.CLAIMED:
            holder = await session.get(Volunteer, case.volunteer_id) if case.volunteer_id else None
            name = holder.display_name if holder is not None else "een andere vrijwilliger"
            raise DeskError(403, f"Deze zaak is bij {name}. Een coördinator kan hem overdragen.")
        raise DeskError(
            403,
            "Deze zaak is afgesloten. Alleen wie hem afsloot of een coördinator kan hem openen.",
        )

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
                    holder_active_at=utcnow(),
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
        self,
        volunteer: Volunteer,
        case_id: int,
        text: str,
        client_key: str | None = None,
        *,
        report_draft: bool = False,
    ) -> Message:
        """Send a reply. The same client_key twice (a double tap, a form sent again) is
        one message: the second time returns the first and sends nothing.
        `report_draft`: the text is the resident's report draft ('Stuur concept naar
        bewoner'): marked for the widget's copy and PDF controls and Telegram's PDF, and
        the reply being typed stays."""
        text = text.replace("\x00", "").strip()
        if not text:
            raise DeskError(
                400, "Je antwoord is leeg. Typ een bericht of kies een standaardantwoord."
            )
        limit = MAX_REPORT_DRAFT_CHARS if report_draft else MAX_REPLY_CHARS
        if len(text) > limit:
            raise DeskError(400, f"Je antwoord is te lang (hooguit {limit} tekens).")
        # The reply form's idempotency key (console.js or the server makes it).
        key = resends.valid_key(client_key)
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
                report_draft=report_draft,
            )
            # Still held by this volunteer, checked in the write itself: a release or a
            # reassign that landed after the read above wins, and nothing is sent.
            now = await _keep_holding(session, volunteer, case_id)
            session.add(message)
            try:
                await session.flush()
                if case.first_reply_at is None:
                    case.first_reply_at = now
                if not report_draft:  # sent: the draft of this reply is done with
                    await session.execute(
                        delete(Draft).where(
                            Draft.volunteer_id == volunteer.id, Draft.case_id == case_id
                        )
                    )
                audit(session, volunteer, "report_draft_send" if report_draft else "reply", case_id)
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
            await _keep_holding(session, volunteer, case_id)
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


NO_LONGER_YOURS = (
    "Deze zaak is niet meer bij jou. Een coördinator gaf hem door, of hij ging terug naar "
    "de wachtrij. Er is niets verstuurd."
)


async def _keep_holding(session: AsyncSession, volunteer: Volunteer, case_id: int) -> datetime:
    """Mark the holder active, only if they still hold the case (a conditional UPDATE, so
    a concurrent release or reassign cannot be overtaken); else refuse."""
    now = utcnow()
    result = await session.execute(
        update(Case)
        .where(
            Case.id == case_id,
            Case.status == CaseStatus.CLAIMED,
            Case.volunteer_id == volunteer.id,
        )
        .values(holder_active_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        await session.rollback()
        raise DeskError(409, NO_LONGER_YOURS)
    return now


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
