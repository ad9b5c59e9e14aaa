"""The indicators of confirmed waves, for the police and the Fraudehelpdesk: what they
are, when first and last seen, how many reports and distinct residents. Nothing about the
residents themselves leaves (bot/waves/export.py writes CSV and STIX 2.1)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.waves.export import SharedIndicator
from bot.waves.models import Sighting, SightingIndicator, Wave, counted_resident


async def confirmed_indicators(session: AsyncSession) -> list[SharedIndicator]:
    rows = await session.execute(
        select(
            SightingIndicator.kind,
            SightingIndicator.value,
            SightingIndicator.wave_id,
            Sighting.id,
            Sighting.seen_at,
            Sighting.resident_key,
            Sighting.repeat,
            Sighting.organisation,
            Sighting.scam_type,
        )
        .join(Sighting, Sighting.id == SightingIndicator.sighting_id)
        .join(Wave, Wave.id == SightingIndicator.wave_id)
        .where(Wave.confirmed_at.is_not(None), Wave.merged_into_id.is_(None), ~Sighting.review)
    )
    seen: dict[tuple[str, str], list[datetime]] = defaultdict(list)
    reports: dict[tuple[str, str], set[int]] = defaultdict(set)
    residents: dict[tuple[str, str], set[str]] = defaultdict(set)
    organisations: dict[tuple[str, str], set[str]] = defaultdict(set)
    scam_types: dict[tuple[str, str], set[str]] = defaultdict(set)
    waves: dict[tuple[str, str], set[int]] = defaultdict(set)
    for kind, value, wave_id, sighting_id, at, key, repeat, organisation, scam_type in rows:
        found = (kind, value)
        seen[found].append(at)
        reports[found].add(sighting_id)
        if who := counted_resident(key, repeat, sighting_id):
            residents[found].add(who)
        if organisation:
            organisations[found].add(organisation)
        if scam_type:
            scam_types[found].add(scam_type)
        waves[found].add(wave_id)
    return [
        SharedIndicator(
            kind=kind,
            value=value,
            first_seen=min(seen[(kind, value)]),
            last_seen=max(seen[(kind, value)]),
            reports=len(reports[(kind, value)]),
            residents=len(residents[(kind, value)]),
            organisations=tuple(sorted(organisations[(kind, value)])),
            scam_types=tuple(sorted(scam_types[(kind, value)])),
            waves=tuple(sorted(waves[(kind, value)])),
        )
        for kind, value in sorted(seen)
    ]
