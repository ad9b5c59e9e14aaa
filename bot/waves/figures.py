"""The waves in the anonymous figures: impersonated organisations per week, and the
waves new this week. Distinct residents, not messages; every count passes through the
figures' threshold of 5 (bot/campaigns/tables.py), and a new wave is listed only once 5
or more residents reported it, so no small wave shows that it exists.

The organisations table is shown for all campaigns and filtered to each one, so a reader
could subtract one campaign's count from the total: its cells are protected like the
other figures (bot/campaigns/disclosure.py), counting a week and organisation's residents
as the sum of those of each campaign (a resident who came through two campaigns in one
week is the rare exception; then the total is a little lower than the sum)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.campaigns.disclosure import hidden_items
from bot.campaigns.labels import SUPPRESSED, scam_type_label
from bot.campaigns.tables import THRESHOLD, Cell, Table, suppress
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
        Sighting.campaign,
    ).where(~Sighting.review)
    if campaigns is not None:
        query = query.where(Sighting.campaign.in_(campaigns))
    return (await session.execute(query)).all()


async def organisation_week_table(
    session: AsyncSession, campaigns: list[str] | None = None
) -> Table:
    # Worked out on all sightings (the filtered view is a part a reader can compare).
    residents: dict[tuple[str, str, str | None], set[str]] = defaultdict(set)
    for _wave, at, organisation, _type, key, repeat, sighting_id, campaign in await _counted(
        session, None
    ):
        who = counted_resident(key, repeat, sighting_id)
        if who:
            residents[(iso_week(at), organisation or NO_ORGANISATION, campaign)].add(who)
    parts = sorted(residents, key=lambda part: (part[0], part[1], part[2] or ""))
    totals: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, (week, organisation, _campaign) in enumerate(parts):
        totals[(week, organisation)].append(index)
    sums = [frozenset({index}) for index in range(len(parts))]
    sums += [frozenset(members) for members in totals.values() if len(members) > 1]
    hidden = {sums[i] for i in hidden_items([len(residents[p]) for p in parts], sums)}

    def shown(members: list[int]) -> Cell:
        if frozenset(members) in hidden:
            return SUPPRESSED
        count = len(set().union(*(residents[parts[i]] for i in members)))
        return suppress(count)

    if campaigns is None:
        cells = {place: shown(members) for place, members in totals.items()}
    else:
        cells = {
            (week, organisation): shown([index])
            for index, (week, organisation, campaign) in enumerate(parts)
            if campaign in campaigns
        }
    rows = sorted(cells.items(), key=lambda item: item[0], reverse=True)
    return Table(
        caption="Nagemaakte organisaties per week (bewoners die een nep-bericht meldden)",
        headers=("Week", "Doet zich voor als", "Bewoners"),
        rows=tuple((week, org, cell) for (week, org), cell in rows),
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
    for wave_id, _at, organisation, scam_type, key, repeat, sighting_id, _c in await _counted(
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
