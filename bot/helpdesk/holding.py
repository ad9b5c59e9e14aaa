"""Who holds a case, and how a case never gets stuck with someone who is gone: a
coordinator gives it to another volunteer (reassign) or puts it back in the queue; a
case its holder left idle for CLAIM_IDLE_MINUTES goes back by itself; so do the cases
of an account that is turned off.

Every change is one conditional UPDATE on the holder the caller saw (like the claim in
desk.py), so a release never undoes a claim or a reassign that happened in between.
The resident is told in plain words; a case back in the queue puts the conversation back
to waiting for a volunteer."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.conversation.gateway import Gateway
from bot.conversation.states import CaseEvent, CaseStatus, ConversationEvent, target, transition
from bot.helpdesk import cases
from bot.helpdesk.audit import audit
from bot.helpdesk.desk import DeskError
from bot.models import Case, Message, Volunteer, as_utc, utcnow

logger = logging.getLogger(__name__)
CASEWORK_ROLES = ("volunteer", "coordinator")
CHANGED = "Deze zaak is intussen veranderd. Kijk opnieuw in het overzicht."


@dataclass(frozen=True)
class HeldCase:
    """A row of the coordinator's overview."""

    case: Case
    holder: Volunteer | None
    # Minutes since the claim, and since the holder last worked on the case.
    held_minutes: int | None
    idle_minutes: int | None
    waiting_minutes: int | None  # since the case opened


def _minutes(since: datetime | None, now: datetime) -> int | None:
    if since is None:
        return None
    return max(0, int((now - as_utc(since)).total_seconds() // 60))


def last_activity(case: Case) -> datetime | None:
    """The holder's latest work on the case; the claim when there was none since."""
    return case.holder_active_at or case.claimed_at


async def open_and_held(session: AsyncSession, now: datetime | None = None) -> list[HeldCase]:
    """Every case not closed: held ones first, then the queue; in each a life in danger
    first, then urgent, then the longest idle (held) or the longest waiting (queue)."""
    now = now or utcnow()
    rows = await session.execute(
        select(Case, Volunteer)
        .outerjoin(Volunteer, Volunteer.id == Case.volunteer_id)
        .where(Case.status != CaseStatus.CLOSED)
        .order_by(
            (Case.status == CaseStatus.CLAIMED).desc(),
            Case.crisis.desc(),
            Case.urgent.desc(),
            func.coalesce(Case.holder_active_at, Case.claimed_at, Case.created_at),
            Case.id,
        )
    )
    return [
        HeldCase(
            case,
            holder,
            _minutes(case.claimed_at, now) if case.status == CaseStatus.CLAIMED else None,
            _minutes(last_activity(case), now) if case.status == CaseStatus.CLAIMED else None,
            _minutes(case.created_at, now),
        )
        for case, holder in rows.all()
    ]


async def assignable(session: AsyncSession) -> list[Volunteer]:
    """Who may be given a case: active, not archived, volunteers and coordinators."""
    rows = await session.execute(
        select(Volunteer)
        .where(
            Volunteer.active.is_(True),
            Volunteer.archived_at.is_(None),
            Volunteer.role.in_(CASEWORK_ROLES),
        )
        .order_by(Volunteer.display_name, Volunteer.id)
    )
    return list(rows.scalars())


def can_hold(volunteer: Volunteer) -> bool:
    return volunteer.active and volunteer.archived_at is None and volunteer.role in CASEWORK_ROLES


def _holder_is(holder_id: int | None):  # type: ignore[no-untyped-def]
    return Case.volunteer_id.is_(None) if holder_id is None else Case.volunteer_id == holder_id


class Holding:
    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway
        self.sessions = gateway.sessions
        self.notifier = gateway.notifier

    async def release(
        self,
        case_id: int,
        action: str,
        by: Volunteer | None = None,
        holder_id: int | None = None,
        idle_before: datetime | None = None,
        detail: str | None = None,
    ) -> bool:
        """Back to the queue, if the case is still held by holder_id (the holder read
        now when not given) and, for the idle sweep, still idle. Audited as `action` by
        `by` (else the holder). False: the case had changed, nothing done."""
        async with self.sessions() as session:
            case = await session.get(Case, case_id)
            if case is None or case.status != CaseStatus.CLAIMED:
                return False
            holder_id = case.volunteer_id if holder_id is None else holder_id
            where = [Case.id == case_id, Case.status == CaseStatus.CLAIMED, _holder_is(holder_id)]
            if idle_before is not None:
                activity = func.coalesce(Case.holder_active_at, Case.claimed_at)
                where.append(activity < idle_before)
            result = await session.execute(
                update(Case)
                .where(*where)
                # The release transition, written in the UPDATE so that it stays atomic.
                .values(
                    status=target(CaseStatus.CLAIMED, CaseEvent.RELEASE),
                    volunteer_id=None,
                    claimed_at=None,
                    holder_active_at=None,
                    # The resident is told below; no second 'still waiting'.
                    waiting_told=True,
                )
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:
                await session.rollback()
                return False
            holder = await session.get(Volunteer, holder_id) if holder_id is not None else None
            actor = by or holder
            if actor is not None:
                subject = holder.display_name if holder is not None else None
                audit(session, actor, action, case_id, subject=subject, detail=detail)
            conversation = await cases.conversation_of(session, case)
            notice = None
            if conversation is not None:
                transition(conversation, ConversationEvent.VOLUNTEER_LEFT)
                notice = Message(
                    conversation_id=conversation.id,
                    role="bot",
                    text=texts.VOLUNTEER_LEFT,
                    buttons=cases.back_to_bot_button(),
                    delayed=True,
                )
                session.add(notice)
            await session.commit()
        logger.info("case %s back in the queue (%s)", case_id, action)
        self.notifier.console("queue", case_id)
        if conversation is not None and notice is not None:
            await self.gateway.deliver(conversation, [notice])
        return True

    async def return_to_queue(self, by: Volunteer, case_id: int, holder_id: int | None) -> None:
        """A coordinator puts a held case back in the queue."""
        if not await self.release(case_id, "return_to_queue", by, holder_id):
            raise DeskError(409, CHANGED)

    async def reassign(
        self, by: Volunteer, case_id: int, to_id: int, holder_id: int | None
    ) -> Volunteer:
        """A coordinator gives an open or held case (held by holder_id, None: open) to
        another active volunteer or coordinator; the new holder."""
        async with self.sessions() as session:
            new = await session.get(Volunteer, to_id)
            if new is None or not can_hold(new):
                raise DeskError(400, "Kies een vrijwilliger die actief is.")
            if holder_id == new.id:
                raise DeskError(400, f"Deze zaak is al bij {new.display_name}.")
            case = await session.get(Case, case_id)
            if case is None:
                raise DeskError(404, "Deze zaak bestaat niet.")
            current = case.status
            expected = CaseStatus.OPEN if holder_id is None else CaseStatus.CLAIMED
            now = utcnow()
            result = await session.execute(
                update(Case)
                .where(Case.id == case_id, Case.status == expected, _holder_is(holder_id))
                .values(
                    status=target(expected, CaseEvent.REASSIGN),
                    volunteer_id=new.id,
                    claimed_at=now,
                    # The new holder gets the full idle time from now.
                    holder_active_at=now,
                )
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:
                await session.rollback()
                raise DeskError(409, CHANGED)
            audit(session, by, "reassign", case_id, subject=new.display_name)
            conversation = await cases.conversation_of(session, case)
            notice = None
            if conversation is not None:
                transition(conversation, ConversationEvent.VOLUNTEER_CHANGED)
                said = texts.VOLUNTEER_JOINED if current == CaseStatus.OPEN else None
                notice = Message(
                    conversation_id=conversation.id,
                    role="bot",
                    text=(said or texts.VOLUNTEER_TAKES_OVER).format(name=new.display_name),
                    delayed=True,
                )
                session.add(notice)
            await session.commit()
        self.notifier.console("queue", case_id)
        if conversation is not None and notice is not None:
            await self.gateway.deliver(conversation, [notice])
        return new

    async def release_if_gone(self, volunteer: Volunteer, by: Volunteer) -> int:
        """After a change to an account: if it may no longer hold cases (turned off,
        archived, now a campaign account), its cases go back to the queue at once."""
        if can_hold(volunteer):
            return 0
        return await self.release_held_by(volunteer, by)

    async def release_held_by(self, volunteer: Volunteer, by: Volunteer) -> int:
        """Every case the account holds back to the queue; how many went."""
        async with self.sessions() as session:
            held = list(
                (
                    await session.execute(
                        select(Case.id).where(
                            Case.status == CaseStatus.CLAIMED, Case.volunteer_id == volunteer.id
                        )
                    )
                ).scalars()
            )
        released = 0
        for case_id in held:
            released += await self.release(case_id, "release_deactivated", by, volunteer.id)
        return released

    async def sweep_idle(self, now: datetime | None = None) -> int:
        """One pass: held cases idle for CLAIM_IDLE_MINUTES back to the queue (audited
        as the holder's auto_release, with the idle minutes), and those of accounts
        turned off elsewhere (the command line, archiving); how many went."""
        now = now or utcnow()
        minutes = self.gateway.settings.claim_idle_minutes
        cutoff = now - timedelta(minutes=minutes)
        activity = func.coalesce(Case.holder_active_at, Case.claimed_at)
        async with self.sessions() as session:
            off = (
                await session.execute(
                    select(Case.id, Case.volunteer_id)
                    .join(Volunteer, Volunteer.id == Case.volunteer_id)
                    .where(
                        Case.status == CaseStatus.CLAIMED,
                        Volunteer.active.is_(False) | Volunteer.archived_at.is_not(None),
                    )
                )
            ).all()
            idle = []
            if minutes > 0:
                idle = (
                    await session.execute(
                        select(Case.id, Case.volunteer_id, activity).where(
                            Case.status == CaseStatus.CLAIMED, activity < cutoff
                        )
                    )
                ).all()
        released = 0
        for case_id, holder_id in off:
            released += await self.release(case_id, "release_deactivated", None, holder_id)
        for case_id, holder_id, since in idle:
            detail = str(_minutes(since, now))
            released += await self.release(case_id, "auto_release", None, holder_id, cutoff, detail)
        return released

    async def idle_loop(self) -> None:
        while True:
            try:
                async with self.gateway.jobs.exclusive("idle-claims") as mine:  # one worker
                    if mine:
                        await self.sweep_idle()
            except Exception:  # keep the job alive whatever one pass meets
                logger.exception("idle-claim pass failed")
            await asyncio.sleep(self.gateway.settings.claim_sweep_seconds)


@dataclass(frozen=True)
class Proposal:
    """What a coordinator is about to do, for the confirmation page."""

    case: Case
    holder: Volunteer | None
    new: Volunteer | None


async def proposal(
    session: AsyncSession, case_id: int, holder_id: int | None, to_id: int | None = None
) -> Proposal:
    """The case as the coordinator saw it (held by holder_id) and the new holder."""
    case = await session.get(Case, case_id)
    if case is None:
        raise DeskError(404, "Deze zaak bestaat niet.")
    if case.status == CaseStatus.CLOSED or case.volunteer_id != holder_id:
        raise DeskError(409, CHANGED)
    holder = await session.get(Volunteer, holder_id) if holder_id is not None else None
    new = await session.get(Volunteer, to_id) if to_id is not None else None
    if to_id is not None and (new is None or not can_hold(new)):
        raise DeskError(400, "Kies een vrijwilliger die actief is.")
    return Proposal(case, holder, new)
