"""What volunteers and coordinators do with waves, each in the audit log: confirm a wave
as fraud, merge two waves, split a message off into a wave of its own, confirm that a
message awaiting review belongs, and (coordinators) write the public warning residents
see when they paste a matching message."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.helpdesk.audit import audit
from bot.models import Volunteer, utcnow
from bot.waves.models import Sighting, SightingIndicator, Wave

WARNING_MIN_CHARS = 10
WARNING_MAX_CHARS = 300


@dataclass(frozen=True)
class WaveRefused(Exception):
    """A Dutch message for the volunteer."""

    message: str


def wave_name(wave_id: int) -> str:
    return f"golf {wave_id}"


async def _wave(session: AsyncSession, wave_id: int) -> Wave:
    wave = await session.get(Wave, wave_id)
    if wave is None or wave.merged_into_id is not None:
        raise WaveRefused("Deze golf bestaat niet (meer). Misschien is hij samengevoegd.")
    return wave


async def _sighting(session: AsyncSession, wave_id: int, sighting_id: int) -> Sighting:
    sighting = await session.get(Sighting, sighting_id)
    if sighting is None or sighting.wave_id != wave_id:
        raise WaveRefused("Deze melding hoort niet (meer) bij deze golf.")
    return sighting


async def confirm(session: AsyncSession, volunteer: Volunteer, wave_id: int) -> None:
    wave = await _wave(session, wave_id)
    if wave.confirmed_at is not None:
        raise WaveRefused("Deze golf is al bevestigd als oplichting.")
    wave.confirmed_at, wave.confirmed_by = utcnow(), volunteer.username
    # A masked example that outlives the conversations (not the resident's erasure).
    latest = (
        await session.execute(
            select(Sighting.id, Sighting.text)
            .where(Sighting.wave_id == wave_id, Sighting.text.is_not(None), ~Sighting.review)
            .order_by(Sighting.seen_at.desc())
            .limit(1)
        )
    ).first()
    if latest is not None:
        wave.kept_example_sighting_id, wave.kept_example = latest[0], latest[1]
    audit(session, volunteer, "wave_confirm", subject=wave_name(wave_id))


async def merge(session: AsyncSession, volunteer: Volunteer, wave_id: int, into_id: int) -> int:
    if wave_id == into_id:
        raise WaveRefused("Kies een andere golf om mee samen te voegen.")
    await merge_waves(session, await _wave(session, wave_id), await _wave(session, into_id))
    audit(
        session,
        volunteer,
        "wave_merge",
        subject=wave_name(wave_id),
        detail=f"in {wave_name(into_id)}",
    )
    return into_id


async def merge_waves(session: AsyncSession, wave: Wave, into: Wave) -> None:
    """Every message of `wave` moves to `into`, which keeps the earliest and latest dates
    and a confirmation or warning either had; `wave` stays as a pointer to `into`."""
    await _move(session, select(Sighting.id).where(Sighting.wave_id == wave.id), into.id)
    into.first_seen = min(into.first_seen, wave.first_seen)
    into.last_seen = max(into.last_seen, wave.last_seen)
    into.organisation = into.organisation or wave.organisation
    into.scam_type = into.scam_type or wave.scam_type
    if into.confirmed_at is None and wave.confirmed_at is not None:
        into.confirmed_at, into.confirmed_by = wave.confirmed_at, wave.confirmed_by
        into.kept_example = into.kept_example or wave.kept_example
        into.kept_example_sighting_id = into.kept_example_sighting_id or (
            wave.kept_example_sighting_id
        )
    if not into.warning and wave.warning:
        into.warning, into.warning_by, into.warning_at = (
            wave.warning,
            wave.warning_by,
            wave.warning_at,
        )
    wave.merged_into_id = into.id
    await session.flush()
    await recount_repeats(session, into.id)


async def split(session: AsyncSession, volunteer: Volunteer, wave_id: int, sighting_id: int) -> int:
    """The message goes to a new wave of its own; the new wave's id."""
    await _wave(session, wave_id)
    sighting = await _sighting(session, wave_id, sighting_id)
    new = Wave(
        first_seen=sighting.seen_at,
        last_seen=sighting.seen_at,
        scam_type=sighting.scam_type,
        organisation=sighting.organisation,
    )
    session.add(new)
    await session.flush()
    await _move(session, select(Sighting.id).where(Sighting.id == sighting_id), new.id)
    sighting.review, sighting.repeat, sighting.joined_by = False, False, "volunteer"
    await session.flush()
    await recount_repeats(session, wave_id)
    audit(
        session,
        volunteer,
        "wave_split",
        subject=wave_name(wave_id),
        detail=f"melding {sighting_id} → {wave_name(new.id)}",
    )
    return new.id


async def keep(session: AsyncSession, volunteer: Volunteer, wave_id: int, sighting_id: int) -> None:
    """A message awaiting review belongs to the wave: it counts from now on."""
    await _wave(session, wave_id)
    sighting = await _sighting(session, wave_id, sighting_id)
    if not sighting.review:
        raise WaveRefused("Deze melding hoort al bij de golf.")
    sighting.review, sighting.joined_by = False, "volunteer"
    await session.flush()
    await recount_repeats(session, wave_id)
    audit(
        session, volunteer, "wave_keep", subject=wave_name(wave_id), detail=f"melding {sighting_id}"
    )


async def set_warning(
    session: AsyncSession, coordinator: Volunteer, wave_id: int, text: str
) -> None:
    """The public warning (empty: taken away). Shown to residents as written, as text."""
    wave = await _wave(session, wave_id)
    text = " ".join(text.split())
    if text and not WARNING_MIN_CHARS <= len(text) <= WARNING_MAX_CHARS:
        raise WaveRefused(
            f"Schrijf een waarschuwing van {WARNING_MIN_CHARS} tot {WARNING_MAX_CHARS} tekens."
        )
    if text and ("http" in text.lower() or "www." in text.lower()):
        raise WaveRefused("Zet geen link in de waarschuwing. Bewoners klikken daar niet op.")
    wave.warning = text or None
    wave.warning_by, wave.warning_at = coordinator.username, utcnow()
    audit(
        session,
        coordinator,
        "wave_warning",
        subject=wave_name(wave_id),
        detail="geplaatst" if text else "weggehaald",
    )


async def _move(session: AsyncSession, sightings, wave_id: int) -> None:  # type: ignore[no-untyped-def]
    ids = list((await session.execute(sightings)).scalars())
    if not ids:
        return
    await session.execute(update(Sighting).where(Sighting.id.in_(ids)).values(wave_id=wave_id))
    await session.execute(
        update(SightingIndicator)
        .where(SightingIndicator.sighting_id.in_(ids))
        .values(wave_id=wave_id)
    )


async def recount_repeats(session: AsyncSession, wave_id: int) -> None:
    """A resident's first counted report in the wave counts; later ones are repeats."""
    rows = await session.execute(
        select(Sighting)
        .where(Sighting.wave_id == wave_id, Sighting.resident_key.is_not(None))
        .order_by(Sighting.seen_at, Sighting.id)
    )
    seen: set[str] = set()
    for sighting in rows.scalars():
        key = sighting.resident_key or ""
        sighting.repeat = key in seen
        if not sighting.review:
            seen.add(key)
