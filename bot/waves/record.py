"""A reported scam message joins a wave: the nearest earlier message by fingerprint, or a
wave it shares an indicator with, or a new wave of its own.

Two thresholds, after Meedan Check: at HIGH_SIMILARITY or more a message joins the wave
of its nearest neighbour at once; between LOW_SIMILARITY and HIGH it joins for review (a
volunteer confirms or splits it, and it is not counted until then). A shared indicator (a
link domain, a short link, a phone number, an IBAN) joins at once. A text under
MIN_FINGERPRINT_WORDS words joins only through a shared indicator: short texts look alike
whatever they are. A message that ties waves together (near-duplicates of two, or an
indicator of another) merges them: a campaign seen first under two wordings or two links
grows back into one wave.

The thresholds (Jaccard similarity of 5-character shingles, estimated by MinHash) were
chosen on the team-written stream of bot/tests/wave_stream.py, 'main' wording, and checked
on its independently written 'holdout' wording: the most similar pair of different
campaigns there scored 0.26 (main) and 0.21 (holdout), so 0.25 to 0.4 goes to a volunteer
and nothing below 0.4 joins by itself. tools/wave_bench.py prints the figures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Conversation, utcnow
from bot.waves.casework import merge_waves
from bot.waves.fingerprint import Fingerprint, fingerprint, from_bytes, similarity
from bot.waves.models import Sighting, SightingBand, SightingIndicator, Wave
from common.indicators import Described, describe
from common.masking import mask

HIGH_SIMILARITY = 0.4
LOW_SIMILARITY = 0.25
# A copy this close to a stored message adds no bands of its own.
DUPLICATE_SIMILARITY = 0.9
MIN_FINGERPRINT_WORDS = 8
# A message that ties several waves together merges them (single linkage).
AUTO_MERGE = True
CANDIDATES = 20
# A band key shared by this many messages takes no more: they are alike in those rows
# already, and a lookup reads at most BANDS x BUCKET_CAP band rows however big a wave grows.
BUCKET_CAP = 40
RECENT_DAYS = 7
MAX_TEXT_CHARS = 2000

# 'Beste mevrouw Jansen,' or 'Hoi Anna,': the first line may name the resident, and so
# may a greeting that opens the text ('Beste mevrouw Jansen, uw pakket ...').
_GREETING_LINE = re.compile(r"^\s*([^\n.!?]{1,40})[,:]\s*(\n|$)")
_GREETING_OPENER = re.compile(
    r"^\s*((?:beste|geachte|hoi|hallo|hey|dag|lieve|goedemorgen|goedemiddag|goedenavond)"
    r"\b[^,:\n.!?]{0,40})[,:]\s*",
    re.I,
)
GREETING_MARK = "[aanhef]"


@dataclass(frozen=True)
class Joined:
    """Where a message went, and what the resident may be told about it."""

    wave_id: int
    sighting_id: int
    how: str  # first | fingerprint | indicator | review
    # Distinct other residents who reported the wave in the last RECENT_DAYS days.
    others: int
    confirmed: bool
    warning: str | None

    @property
    def counted(self) -> bool:
        return self.how != "review"


@dataclass(frozen=True)
class Nearest:
    wave_id: int
    similarity: float


async def record(
    session: AsyncSession,
    conversation: Conversation,
    text: str,
    own_words: str = "",
    scam_type: str | None = None,
    now: datetime | None = None,
) -> Joined:
    """Store the message as a sighting in its wave (flushed, not committed)."""
    now = now or utcnow()
    text = text[:MAX_TEXT_CHARS]
    print_ = fingerprint(text)
    described = describe(text, own_words)
    near = await nearest_waves(session, print_)
    nearest = near[0] if near else None
    linked = await indicator_waves(session, described)
    long_enough = print_.words >= MIN_FINGERPRINT_WORDS
    # Waves this message ties together: near-duplicates above the high threshold and
    # waves with one of its indicators. One wave, the oldest, takes them all (a wave that
    # split early, or one campaign seen under two links, grows back together).
    strong = [n.wave_id for n in near if long_enough and n.similarity >= HIGH_SIMILARITY]
    tied = sorted(set(strong) | set(linked))
    wave: Wave | None = None
    how = "first"
    if tied:
        wave = await session.get(Wave, tied[0])
        how = "fingerprint" if strong else "indicator"
        if AUTO_MERGE:
            for other_id in tied[1:]:
                other = await session.get(Wave, other_id)
                if other is not None and other.merged_into_id is None and wave is not None:
                    await merge_waves(session, other, wave)
    elif long_enough and nearest and nearest.similarity >= LOW_SIMILARITY:
        wave, how = await session.get(Wave, nearest.wave_id), "review"
    if wave is None:
        wave, how = Wave(first_seen=now, last_seen=now, created_at=now), "first"
        session.add(wave)
        await session.flush()
    key = conversation.resident_key
    repeat = how != "first" and await _reported_before(session, wave.id, key)
    closeness = nearest.similarity if nearest else None
    sighting = Sighting(
        wave_id=wave.id,
        conversation_id=conversation.id,
        resident_key=key,
        key_version=conversation.key_version,
        repeat=repeat,
        review=how == "review",
        joined_by=how,
        similarity=closeness if how in ("fingerprint", "review") else None,
        words=print_.words,
        scam_type=scam_type,
        organisation=described.organisation,
        campaign=conversation.campaign,
        channel=conversation.channel,
        text=example_text(text),
        seen_at=now,
    )
    stores_bands = closeness is None or closeness < DUPLICATE_SIMILARITY
    if stores_bands:
        sighting.signature = print_.to_bytes()
    session.add(sighting)
    await session.flush()
    if stores_bands:
        session.add_all(
            SightingBand(key=k, sighting_id=sighting.id)
            for k in await open_buckets(session, set(print_.bands))
        )
    session.add_all(
        SightingIndicator(
            sighting_id=sighting.id,
            wave_id=wave.id,
            kind=i.kind,
            value=i.value[:255],
            lookalike=i.lookalike,
        )
        for i in described.indicators
    )
    wave.last_seen = max(wave.last_seen, now)
    wave.scam_type = wave.scam_type or scam_type
    wave.organisation = wave.organisation or described.organisation
    await session.flush()
    others = await other_residents(session, wave.id, key, now) if how != "review" else 0
    return Joined(wave.id, sighting.id, how, others, wave.confirmed_at is not None, wave.warning)


def example_text(text: str) -> str:
    """The message as an example: numbers, IBANs and e-mail addresses masked, and a short
    greeting line (which may hold the resident's name) replaced."""
    greeting = _GREETING_LINE.match(text) or _GREETING_OPENER.match(text)
    if greeting and len(greeting.group(1).split()) <= 4:
        text = GREETING_MARK + "\n" + text[greeting.end() :]
    return mask(text.strip())


async def nearest_waves(session: AsyncSession, print_: Fingerprint) -> list[Nearest]:
    """Per wave, its most similar stored message that shares a band with this one; the
    most similar first."""
    shared = func.count().label("shared")
    candidates = (
        select(SightingBand.sighting_id, shared)
        .where(SightingBand.key.in_(set(print_.bands)))
        .group_by(SightingBand.sighting_id)
        .order_by(shared.desc())
        .limit(CANDIDATES)
        .subquery()
    )
    rows = await session.execute(
        select(Sighting.wave_id, Sighting.signature).join(
            candidates, candidates.c.sighting_id == Sighting.id
        )
    )
    best: dict[int, float] = {}
    for wave_id, stored in rows:
        if stored is None:
            continue
        score = similarity(print_.signature, from_bytes(stored))
        best[wave_id] = max(score, best.get(wave_id, 0.0))
    return sorted((Nearest(w, s) for w, s in best.items()), key=lambda n: -n.similarity)


async def indicator_waves(session: AsyncSession, described: Described) -> list[int]:
    """The waves that share an indicator with the message."""
    if not described.indicators:
        return []
    match = or_(
        *(
            and_(SightingIndicator.kind == i.kind, SightingIndicator.value == i.value)
            for i in described.indicators
        )
    )
    rows = await session.execute(
        select(SightingIndicator.wave_id).where(match).distinct().limit(CANDIDATES)
    )
    return list(rows.scalars())


async def open_buckets(session: AsyncSession, keys: set[int]) -> list[int]:
    """The band keys that still take a message (fewer than BUCKET_CAP have it)."""
    full = await session.execute(
        select(SightingBand.key)
        .where(SightingBand.key.in_(keys))
        .group_by(SightingBand.key)
        .having(func.count() >= BUCKET_CAP)
    )
    return sorted(keys - set(full.scalars()))


async def _reported_before(session: AsyncSession, wave_id: int, key: str) -> bool:
    found = await session.execute(
        select(Sighting.id)
        .where(Sighting.wave_id == wave_id, Sighting.resident_key == key)
        .limit(1)
    )
    return found.first() is not None


async def other_residents(
    session: AsyncSession, wave_id: int, key: str | None, now: datetime
) -> int:
    """Distinct residents other than `key` whose counted reports of the wave came in the
    last RECENT_DAYS days. A report whose conversation is gone counts once (unless it was
    a repeat)."""
    since = now - timedelta(days=RECENT_DAYS)
    counted = and_(Sighting.wave_id == wave_id, ~Sighting.review, Sighting.seen_at >= since)
    known = await session.scalar(
        select(func.count(func.distinct(Sighting.resident_key))).where(
            counted, Sighting.resident_key.is_not(None), Sighting.resident_key != (key or "")
        )
    )
    gone = await session.scalar(
        select(func.count()).where(counted, Sighting.resident_key.is_(None), ~Sighting.repeat)
    )
    return int(known or 0) + int(gone or 0)
