"""What the console shows of the waves: the list (the rising ones first), one wave's
timeline, indicators, example and messages awaiting review, and the counts by
organisation and scam type that campaign teams see. SQL only; the routes render."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.helpdesk.hours import TIMEZONE
from bot.models import utcnow
from bot.waves.models import Sighting, SightingIndicator, Wave, counted_resident

# A wave shows in the list once this many residents reported it, or a message awaits review.
LIST_MIN_RESIDENTS = 2
LIST_LIMIT = 200


@dataclass(frozen=True)
class WaveRow:
    wave: Wave
    residents_7: int
    residents_30: int
    # Residents in the 7 days before the last 7: 'rising' compares the two.
    residents_before: int
    reports: int
    pending: int

    @property
    def rise(self) -> int:
        return self.residents_7 - self.residents_before


@dataclass(frozen=True)
class IndicatorRow:
    kind: str
    value: str
    lookalike: str | None
    reports: int
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True)
class SightingRow:
    id: int
    seen_at: datetime
    joined_by: str
    similarity: float | None
    review: bool
    text: str | None
    channel: str


@dataclass
class WaveDetail:
    row: WaveRow
    timeline: list[tuple[date, int]] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    example: str | None = None
    sightings: list[SightingRow] = field(default_factory=list)


def _residents(since: datetime, until: datetime | None = None):  # type: ignore[no-untyped-def]
    """Distinct residents among a wave's counted reports in a period: distinct keys, plus
    reports whose conversation is gone (each once, unless a repeat)."""
    inside = and_(~Sighting.review, Sighting.seen_at >= since)
    if until is not None:
        inside = and_(inside, Sighting.seen_at < until)
    known = func.count(func.distinct(case((inside, Sighting.resident_key))))
    gone = func.sum(
        case((and_(inside, Sighting.resident_key.is_(None), ~Sighting.repeat), 1), else_=0)
    )
    return known + func.coalesce(gone, 0)


async def wave_rows(
    session: AsyncSession,
    now: datetime | None = None,
    days: int = 7,
    wave_id: int | None = None,
) -> list[WaveRow]:
    """Waves with a report in the last `days` days, rising first, then the busiest."""
    now = now or utcnow()
    week, month = now - timedelta(days=7), now - timedelta(days=30)
    counted = select(
        Sighting.wave_id,
        _residents(week).label("r7"),
        _residents(month).label("r30"),
        _residents(now - timedelta(days=14), week).label("before"),
        func.count().label("reports"),
        func.sum(case((Sighting.review, 1), else_=0)).label("pending"),
    )
    if wave_id is None:  # the list counts the last 30 days only: no need to read further
        counted = counted.where(Sighting.seen_at >= month)
    else:
        counted = counted.where(Sighting.wave_id == wave_id)
    query = counted.group_by(Sighting.wave_id).subquery()
    select_waves = select(Wave, query).outerjoin(query, query.c.wave_id == Wave.id)
    if wave_id is not None:
        select_waves = select_waves.where(Wave.id == wave_id)
    else:
        select_waves = select_waves.where(
            Wave.merged_into_id.is_(None), Wave.last_seen >= now - timedelta(days=days)
        )
    rows = []
    for found in await session.execute(select_waves):
        wave = found[0]
        row = WaveRow(
            wave,
            int(found.r7 or 0),
            int(found.r30 or 0),
            int(found.before or 0),
            int(found.reports or 0),
            int(found.pending or 0),
        )
        if wave_id is not None or row.residents_30 >= LIST_MIN_RESIDENTS or row.pending:
            rows.append(row)
    rows.sort(key=lambda r: (-r.rise, -r.residents_7, -r.residents_30, -r.wave.id))
    return rows[:LIST_LIMIT]


async def wave_detail(
    session: AsyncSession, wave_id: int, now: datetime | None = None
) -> WaveDetail | None:
    now = now or utcnow()
    rows = await wave_rows(session, now, wave_id=wave_id)
    if not rows:
        return None
    detail = WaveDetail(rows[0])
    sightings = (
        await session.execute(
            select(Sighting).where(Sighting.wave_id == wave_id).order_by(Sighting.seen_at.desc())
        )
    ).scalars()
    per_day: Counter[date] = Counter()
    for sighting in sightings:
        per_day[sighting.seen_at.astimezone(TIMEZONE).date()] += 1
        detail.sightings.append(
            SightingRow(
                sighting.id,
                sighting.seen_at,
                sighting.joined_by,
                sighting.similarity,
                sighting.review,
                sighting.text,
                sighting.channel,
            )
        )
    detail.timeline = sorted(per_day.items())
    detail.indicators = await wave_indicators(session, wave_id)
    detail.example = example(detail.row.wave, detail.sightings)
    return detail


def example(wave: Wave, sightings: list[SightingRow]) -> str | None:
    """The kept example of a confirmed wave, else the latest counted message still there."""
    if wave.kept_example:
        return wave.kept_example
    return next((s.text for s in sightings if s.text and not s.review), None)


async def wave_indicators(session: AsyncSession, wave_id: int) -> list[IndicatorRow]:
    rows = await session.execute(
        select(
            SightingIndicator.kind,
            SightingIndicator.value,
            func.max(SightingIndicator.lookalike),
            func.count(),
            func.min(Sighting.seen_at),
            func.max(Sighting.seen_at),
        )
        .join(Sighting, Sighting.id == SightingIndicator.sighting_id)
        .where(SightingIndicator.wave_id == wave_id)
        .group_by(SightingIndicator.kind, SightingIndicator.value)
        .order_by(func.count().desc(), SightingIndicator.value)
    )
    return [IndicatorRow(*row) for row in rows]


async def merge_choices(session: AsyncSession, wave_id: int, now: datetime | None = None):  # type: ignore[no-untyped-def]
    """Other waves of the last 30 days to merge this one into, the busiest first."""
    return [r for r in await wave_rows(session, now, days=30) if r.wave.id != wave_id][:50]


async def organisation_counts(
    session: AsyncSession, now: datetime | None = None, days: int = 30
) -> dict[tuple[str, str], int]:
    """Distinct residents per (organisation, scam type) in the last `days` days, over
    counted reports; the caller suppresses counts under 5."""
    now = now or utcnow()
    rows = await session.execute(
        select(
            Sighting.organisation,
            Sighting.scam_type,
            Sighting.resident_key,
            Sighting.repeat,
            Sighting.id,
        ).where(~Sighting.review, Sighting.seen_at >= now - timedelta(days=days))
    )
    residents: dict[tuple[str, str], set[str]] = defaultdict(set)
    for organisation, scam_type, key, repeat, sighting_id in rows:
        who = counted_resident(key, repeat, sighting_id)
        if who:
            residents[(organisation or "", scam_type or "")].add(who)
    return {group: len(who) for group, who in residents.items()}
