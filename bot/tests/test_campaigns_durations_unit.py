"""First-reply time and time to close per ISO week: medians in plain Dutch, the threshold
of 5 for durations too, cases whose conversation is gone still count."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.campaigns import durations
from bot.campaigns.durations import CaseTimes, duration_words, spread_words
from bot.campaigns.figures import fold_conversation
from bot.models import Case, Conversation
from bot.tests.test_campaigns_unit import (
    add_campaign,
    sessions,  # noqa: F401  (fixture)
)

# Sunday 2026-11-22 22:30 UTC is 23:30 in Amsterdam (W47); an hour later it is Monday (W48).
SUNDAY_LATE = datetime(2026, 11, 22, 22, 30, tzinfo=timezone.utc)
MONDAY_EARLY = SUNDAY_LATE + timedelta(hours=1, minutes=5)


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (0.2, "minder dan 1 minuut"),
        (1, "1 minuut"),
        (12.4, "12 minuten"),
        (60, "1 uur"),
        (85, "1 uur en 25 minuten"),
        (61, "1 uur en 1 minuut"),
        (13 * 60 + 20, "13 uur"),
        (3 * 24 * 60, "3 dagen"),
    ],
)
def test_duration_words(minutes: float, words: str) -> None:
    assert duration_words(minutes) == words


def test_spread_words_and_the_threshold() -> None:
    assert spread_words([]) == "nog geen"
    assert spread_words([1, 2, 3, 4]) == "te weinig zaken"
    assert spread_words([10, 12, 14, 30, 200]) == "mediaan 14 minuten (5 zaken)"
    # From 10 cases on, also the 90th percentile (never simply the slowest case).
    ten = [float(m) for m in (5, 6, 7, 8, 9, 10, 11, 12, 40, 600)]
    words = spread_words(ten)
    assert words.startswith("mediaan 10 minuten, 9 van de 10 binnen ")
    assert "10 uur" not in words and words.endswith("(10 zaken)")


def times(week: str, first: list[float | None], close: list[float | None]) -> list[CaseTimes]:
    return [CaseTimes(week, "", f, c) for f, c in zip(first, close, strict=True)]


def test_the_table_hides_weeks_with_too_few_cases() -> None:
    rows = times("2026-W47", [12, 12, 10, 14, 30, None], [60, 120, 90, 90, None, None])
    rows += times("2026-W48", [5, 6, None], [None, None, None])
    table = durations.durations_table(rows)
    assert table.headers == (
        "Week",
        "Nieuwe zaken",
        "Eerste antwoord van een vrijwilliger",
        "Afgesloten door een vrijwilliger",
    )
    assert table.rows == (
        ("2026-W47", 6, "mediaan 12 minuten (5 zaken)", "te weinig zaken"),
        ("2026-W48", "< 5", "te weinig zaken", "nog geen"),
    )
    assert durations.summary(rows) == [
        "Eerste antwoord van een vrijwilliger: mediaan 12 minuten (7 zaken).",
        "Afgesloten door een vrijwilliger: te weinig zaken.",
    ]


async def add_case(
    session: AsyncSession,
    opened: datetime,
    *,
    reply_after: int | None = None,
    close_after: int | None = None,
    outcome: str = "advised",
    campaign: str | None = None,
    conversation_id: str | None = None,
) -> None:
    session.add(
        Case(
            conversation_id=conversation_id,
            channel="widget",
            campaign=campaign,
            created_at=opened,
            first_reply_at=opened + timedelta(minutes=reply_after) if reply_after else None,
            closed_at=opened + timedelta(minutes=close_after) if close_after else None,
            status="closed" if close_after else "claimed",
            outcome=outcome if close_after else None,
        )
    )


async def test_weeks_follow_the_opening_across_the_iso_boundary(
    sessions: async_sessionmaker[AsyncSession],  # noqa: F811
) -> None:
    async with sessions() as session:
        await add_campaign(session, "bieb", "ouderen")
        for minutes in (10, 11, 12, 13, 14):
            # Opened late on Sunday, answered after midnight: still the Sunday's week.
            await add_case(
                session, SUNDAY_LATE, reply_after=minutes + 60, close_after=180, campaign="bieb"
            )
        for minutes in (20, 22, 24, 26, 28, 30):
            await add_case(session, MONDAY_EARLY, reply_after=minutes)
        # Not a volunteer's close: left out of the time to close.
        await add_case(session, MONDAY_EARLY, close_after=30 * 24 * 60, outcome="expired")
        await session.commit()
    async with sessions() as session:
        everything = await durations.all_case_times(session)
        only_bieb = await durations.all_case_times(session, campaigns=["bieb"])
        w48 = await durations.all_case_times(session, first_week="2026-W48")
    table = durations.durations_table(everything)
    assert table.rows == (
        ("2026-W47", 5, "mediaan 1 uur en 12 minuten (5 zaken)", "mediaan 3 uur (5 zaken)"),
        ("2026-W48", 7, "mediaan 25 minuten (6 zaken)", "nog geen"),
    )
    assert {t.week for t in only_bieb} == {"2026-W47"} and len(only_bieb) == 5
    assert {t.week for t in w48} == {"2026-W48"}


async def test_cases_without_their_conversation_still_count(
    sessions: async_sessionmaker[AsyncSession],  # noqa: F811
) -> None:
    async with sessions() as session:
        conversation = Conversation(channel="widget", resident_key="k", created_at=SUNDAY_LATE)
        session.add(conversation)
        await session.flush()
        for minutes in (3, 4, 5, 6, 7):
            await add_case(
                session, SUNDAY_LATE, reply_after=minutes, conversation_id=conversation.id
            )
        await session.commit()
    async with sessions() as session:
        before = durations.durations_table(await durations.all_case_times(session))
        conversation = (await session.execute(select(Conversation))).scalar_one()
        await fold_conversation(session, conversation)
        await session.delete(conversation)
        await session.commit()
    async with sessions() as session:
        cases = (await session.execute(select(Case))).scalars().all()
        assert all(case.conversation_id is None for case in cases)
        after = durations.durations_table(await durations.all_case_times(session))
    assert after == before
    assert after.rows == (("2026-W47", 5, "mediaan 5 minuten (5 zaken)", "nog geen"),)
