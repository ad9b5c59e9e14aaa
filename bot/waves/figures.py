"""The waves in the anonymous figures: impersonated organisations per week, and the
waves new this week. Distinct residents, not messages; every count passes through the
figures' threshold of 5 (bot/campaigns/tables.py), and a new wave is listed only once 5
or more residents reported it, so no small wave shows that it exists."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.campaigns.labels import scam_type_label
from bot.campaigns.tables import THRESHOLD, Table, suppress
from bot.campaigns.weeks import iso_week
from bot.models import utcnow
from bot.waves.models import Sighting, Wave, counted_resident

NO_ORGANISATION = "Geen organisatie genoemd"


async def _counted(session: AsyncSession, campaigns: list[str] | None):  # type: ignore[no-untyped-def]
    query = select(
        Sighting.wave_id,
        Sighting.seen_at,
        Sighting.organisation,
        Sighting.scam_type,
        Sighting.resident_key,
        Sighting.repeat,
        Sighting.id,
    ).where(~Sighting.review)
    if campaigns is not None:
        query = query.where(Sighting.campaign.in_(campaigns))
    return (await session.execute(query)).all()


async def organisation_week_table(
    session: AsyncSession, campaigns: list[str] | None = None
) -> Table:
    residents: dict[tuple[str, str], set[str]] = defaultdict(set)
    for _wave, at, organisation, _type, key, repeat, sighting_id in await _counted(
        session, campaigns
    ):
        who = counted_resident(key, repeat, sighting_id)
        if who:
            residents[(iso_week(at), organisation or NO_ORGANISATION)].add(who)
    rows = sorted(residents.items(), key=lambda item: (item[0][0], item[0][1]), reverse=True)
    return Table(
        caption="Nagemaakte organisaties per week (bewoners die een nep-bericht meldden)",
        headers=("Week", "Doet zich voor als", "Bewoners"),
        rows=tuple((week, org, suppress(len(who))) for (week, org), who in rows),
        first_count_column=2,
    )


async def new_this_week_table(
    session: AsyncSession, campaigns: list[str] | None = None, now: datetime | None = None
) -> Table:
    """Waves first seen this ISO week with at least THRESHOLD residents."""
    week = iso_week(now or utcnow())
    first_seen = dict(
        (
            await session.execute(
                select(Wave.id, Wave.first_seen).where(Wave.merged_into_id.is_(None))
            )
        )
        .tuples()
        .all()
    )
    residents: dict[int, set[str]] = defaultdict(set)
    about: dict[int, tuple[str, str]] = {}
    for wave_id, _at, organisation, scam_type, key, repeat, sighting_id in await _counted(
        session, campaigns
    ):
        if wave_id not in first_seen or iso_week(first_seen[wave_id]) != week:
            continue
        who = counted_resident(key, repeat, sighting_id)
        if who:
            residents[wave_id].add(who)
        about.setdefault(wave_id, (organisation or NO_ORGANISATION, scam_type or ""))
    listed = sorted(
        (
            (about[w][0], scam_type_label(about[w][1]), len(who))
            for w, who in residents.items()
            if len(who) >= THRESHOLD
        ),
        key=lambda row: (-row[2], row[0]),
    )
    return Table(
        caption=f"Nieuw deze week ({week}): golven die 5 of meer bewoners meldden",
        headers=("Doet zich voor als", "Soort oplichting", "Bewoners"),
        rows=tuple((org, label, suppress(count)) for org, label, count in listed),
        first_count_column=2,
    )
