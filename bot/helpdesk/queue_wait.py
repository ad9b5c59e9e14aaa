"""Where a waiting resident stands, and what they are told about it.

One computation for every message a resident reads about the queue (the one at the
hand-off and the later 'nog wachten' ones): the open cases before THIS case in the
order the volunteers see them (bot/helpdesk/desk.py: a life in danger first, then
urgent, then oldest first). The resident's own case and cases that came later (and
are not more urgent) never count. A wait in minutes is given only to the first in
line: next to a long queue, a median wait would be a promise the queue breaks.
"""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.conversation.states import CaseStatus
from bot.models import Case


async def cases_ahead(session: AsyncSession, case: Case) -> int:
    """Open cases a volunteer would take before this one."""
    await session.flush()  # the case has its id and created_at
    crisis, urgent = bool(case.crisis), bool(case.urgent)
    same_rank_older = and_(
        Case.crisis.is_(crisis),
        Case.urgent.is_(urgent),
        or_(
            Case.created_at < case.created_at,
            and_(Case.created_at == case.created_at, Case.id < case.id),
        ),
    )
    before = [same_rank_older]
    if not crisis:
        before.append(Case.crisis.is_(True))
        if not urgent:
            before.append(and_(Case.crisis.is_(False), Case.urgent.is_(True)))
    elif not urgent:
        before.append(and_(Case.crisis.is_(True), Case.urgent.is_(True)))
    query = select(func.count(Case.id)).where(
        Case.status == CaseStatus.OPEN, Case.id != case.id, or_(*before)
    )
    return int((await session.execute(query)).scalar_one())


def place_sentence(ahead: int, later: bool = False) -> str:
    """'Jij bent de volgende.' / 'Er zijn nog 3 mensen voor je.' (later: the queue may
    have changed since the first message, and says why)."""
    if ahead <= 0:
        return texts.QUEUE_NOW_FIRST if later else texts.QUEUE_FIRST
    if ahead == 1:
        return texts.QUEUE_NOW_ONE_AHEAD if later else texts.QUEUE_ONE_AHEAD
    return (texts.QUEUE_NOW_AHEAD if later else texts.QUEUE_AHEAD).format(ahead=ahead)


def reply_here(channel: str) -> str:
    return texts.REPLY_HERE.get(channel, texts.REPLY_HERE["telegram"])


def waiting_text(
    ahead: int, online: bool, minutes: int, hours: str, channel: str = "widget"
) -> str:
    """What the resident is told when the case opens: honest about who is there, where
    they stand, how long (only when first) and where the answer comes."""
    if not online:
        return " ".join(
            (texts.VOLUNTEER_OFFLINE.format(hours=hours), reply_here(channel), texts.HELPLINE_NOW)
        )
    wait = texts.WAIT_FIRST.format(minutes=minutes) if ahead <= 0 else texts.WAIT_QUEUE
    return " ".join((texts.VOLUNTEER_ONLINE, place_sentence(ahead), wait, reply_here(channel)))


def still_waiting_text(ahead: int) -> str:
    """The once-per-case notice when the resident writes while waiting."""
    return f"{texts.STILL_WAITING} {place_sentence(ahead, later=True)}"
