"""How long residents wait: the first volunteer reply and the close of a case, per ISO week.

Computed from the cases table directly, never folded: a case outlives its conversation
(retention empties it and sets conversation_id to NULL) but keeps created_at,
first_reply_at and closed_at, so live and folded cases count alike and WeeklyFigure holds
no durations.

- First reply: first_reply_at minus created_at, for cases a volunteer answered.
- Time to close: closed_at minus created_at, for cases a volunteer closed with an outcome
  (advised, police, ...); cases the resident withdrew or the retention job expired are
  not a volunteer's work and would stretch the figure.
- Week: the ISO week (Dutch time) the case was opened, the same week its hand-off counts.
- Campaign: as counted in the figures (a known code, 'onbekend', '' for none).

Privacy: the threshold of bot.campaigns.tables holds for durations too. A week (or the
total) with fewer measured cases than THRESHOLD shows 'te weinig zaken' and no duration;
the 90th percentile is shown from 10 cases on, so it is never simply the slowest case.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import load_only

from bot.campaigns.figures import target_groups
from bot.campaigns.labels import TOO_FEW_CASES
from bot.campaigns.links import campaign_label
from bot.campaigns.tables import THRESHOLD, Table, suppress
from bot.campaigns.weeks import iso_week
from bot.conversation.states import CaseStatus
from bot.helpdesk.labels import OUTCOMES
from bot.models import Case, as_utc

# From this many measured cases on, the 90th percentile is shown as well.
PERCENTILE_FROM = 10
FIRST_REPLY = "Eerste antwoord van een vrijwilliger"
CLOSED = "Afgesloten door een vrijwilliger"


class CaseTimes(NamedTuple):
    """One case's true durations in minutes (None: not answered / not closed by a
    volunteer). Not for display: show them only through `durations_table`/`summary`."""

    week: str
    campaign: str
    first_reply: float | None
    to_close: float | None


def _minutes(start: datetime, end: datetime | None) -> float | None:
    if end is None:
        return None
    return max((as_utc(end) - as_utc(start)).total_seconds() / 60, 0.0)


def case_times(case: Case, known_codes: Collection[str]) -> CaseTimes:
    closed_by_volunteer = case.status == CaseStatus.CLOSED and case.outcome in OUTCOMES
    return CaseTimes(
        iso_week(case.created_at),
        campaign_label(case.campaign, known_codes),
        _minutes(case.created_at, case.first_reply_at),
        _minutes(case.created_at, case.closed_at) if closed_by_volunteer else None,
    )


async def all_case_times(
    session: AsyncSession,
    *,
    first_week: str | None = None,
    last_week: str | None = None,
    campaigns: Collection[str] | None = None,
) -> list[CaseTimes]:
    """Every case (also those whose conversation is gone), with the same filters as
    bot.campaigns.figures.weekly_counts."""
    known = await target_groups(session)
    fields = (Case.campaign, Case.status, Case.outcome, Case.created_at)
    fields += (Case.first_reply_at, Case.closed_at)
    result = await session.execute(select(Case).options(load_only(*fields)))
    times = [case_times(case, known) for case in result.scalars()]
    return sorted(
        (
            t
            for t in times
            if (first_week is None or t.week >= first_week)
            and (last_week is None or t.week <= last_week)
            and (campaigns is None or t.campaign in campaigns)
        ),
        key=lambda t: t.week,
    )


def duration_words(minutes: float) -> str:
    """Plain Dutch: '12 minuten', '1 uur en 25 minuten', '5 uur', '3 dagen'."""
    rounded = round(minutes)
    if rounded < 1:
        return "minder dan 1 minuut"
    if rounded < 60:
        return "1 minuut" if rounded == 1 else f"{rounded} minuten"
    hours, rest = divmod(rounded, 60)
    if hours < 10:
        return f"{hours} uur" + (
            f" en {rest} {'minuut' if rest == 1 else 'minuten'}" if rest else ""
        )
    if rounded < 48 * 60:
        return f"{round(minutes / 60)} uur"
    days = round(minutes / (24 * 60))
    return f"{days} dagen"


def spread_words(values: Sequence[float]) -> str:
    """'mediaan 12 minuten, 9 van de 10 binnen 40 minuten (23 zaken)'; 'te weinig zaken'
    under the threshold; 'nog geen' when there are none."""
    if not values:
        return "nog geen"
    if len(values) < THRESHOLD:
        return TOO_FEW_CASES
    words = f"mediaan {duration_words(statistics.median(values))}"
    if len(values) >= PERCENTILE_FROM:
        p90 = statistics.quantiles(values, n=10, method="inclusive")[-1]
        words += f", 9 van de 10 binnen {duration_words(p90)}"
    return f"{words} ({len(values)} zaken)"


@dataclass(frozen=True)
class Measured:
    cases: int
    first_reply: list[float]
    to_close: list[float]


def _measure(times: Iterable[CaseTimes]) -> Measured:
    items = list(times)
    return Measured(
        len(items),
        [t.first_reply for t in items if t.first_reply is not None],
        [t.to_close for t in items if t.to_close is not None],
    )


def summary(times: Iterable[CaseTimes]) -> list[str]:
    """Two sentences over all weeks: 'Eerste antwoord van een vrijwilliger: mediaan 12
    minuten (23 zaken).'"""
    measured = _measure(times)
    return [
        f"{FIRST_REPLY}: {spread_words(measured.first_reply)}.",
        f"{CLOSED}: {spread_words(measured.to_close)}.",
    ]


def durations_table(times: Iterable[CaseTimes]) -> Table:
    """Per week the case opened: new cases (suppressed), first reply and time to close."""
    by_week: dict[str, list[CaseTimes]] = defaultdict(list)
    for item in times:
        by_week[item.week].append(item)
    rows = []
    for week, items in sorted(by_week.items()):
        measured = _measure(items)
        rows.append(
            (
                week,
                suppress(measured.cases),
                spread_words(measured.first_reply),
                spread_words(measured.to_close),
            )
        )
    return Table(
        caption="Hoe snel een vrijwilliger helpt, per week waarin de zaak begon",
        headers=("Week", "Nieuwe zaken", FIRST_REPLY, CLOSED),
        rows=tuple(rows),
        first_count_column=1,
    )
