"""The waves' clustering, measured: a stream of reported messages (bot/tests/wave_stream.py,
team-written) goes through bot/waves/record.py on a fresh database, one conversation per
resident, at the stream's own times, the scam text apart from the resident's words as
the action server sends it; the waves found are compared with the stream's labels.

Pairwise precision and recall over the reports: two reports are 'together' when they are
in one wave. A pair of a wave's reports that ended up apart is a miss; a pair together that
belongs apart (two campaigns, or a one-off with anything) is a false match. Reports that
joined for review are counted apart ('automatic'), and once more as a volunteer would
settle them (kept when the label agrees, split off when not: 'after review')."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from itertools import combinations

from sqlalchemy import select

from bot.db import make_engine, make_sessions, migrate
from bot.models import Conversation
from bot.tests.wave_stream import Report, stream
from bot.waves.models import Sighting
from bot.waves.record import record

START = datetime(2026, 11, 1, 8, 0, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Placed:
    report: Report
    wave_id: int  # the wave it is in at the end of the stream
    how: str
    others: int


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    reports: int
    waves_found: int
    review_share: float


async def feed(database_url: str, reports: list[Report]) -> list[Placed]:
    migrate(database_url)
    engine = make_engine(database_url)
    sessions = make_sessions(engine)
    conversations: dict[str, str] = {}
    placed = []
    try:
        for report in reports:
            at = START + timedelta(minutes=report.minute)
            async with sessions() as session:
                cid = conversations.get(report.resident)
                if cid is None:
                    key = hashlib.sha256(report.resident.encode()).hexdigest()
                    conversation = Conversation(channel="widget", resident_key=key, created_at=at)
                    session.add(conversation)
                    await session.flush()
                    cid = conversations[report.resident] = conversation.id
                conversation = await session.get(Conversation, cid)
                assert conversation is not None
                text, said = reported_parts(report)
                joined = await record(session, conversation, text, said, now=at)
                await session.commit()
            placed.append(Placed(report, joined.sighting_id, joined.how, joined.others))
        # Where each report is at the end: waves merged later took their reports along.
        async with sessions() as session:
            rows = await session.execute(select(Sighting.id, Sighting.wave_id))
            final = dict(rows.tuples().all())
    finally:
        await engine.dispose()
    return [replace(p, wave_id=final[p.wave_id]) for p in placed]


def reported_parts(report: Report) -> tuple[str, str]:
    """What the action server sends as the scam text and the resident's words beside it
    (actions/advice.py: reported_parts): the resident's words, where the stream put them
    around the message, are taken out (the stream joins a part before and after with ' … ')."""
    text = report.text
    for part in report.own_words.split(" … "):
        if part.strip() and part.strip() in text:
            text = text.replace(part.strip(), " ", 1)
    return text.strip(), report.own_words


def scores(placed: list[Placed], after_review: bool = False) -> Scores:
    """Pairwise precision and recall of the waves found against the labels."""
    clusters: list[int] = []
    by_wave: dict[int, str | None] = {}
    for number, item in enumerate(placed):
        if item.how == "review" and not after_review:
            clusters.append(-1 - number)  # not together with anything yet
        elif item.how == "review":
            # The volunteer keeps it when it is the same campaign as the wave's first report.
            same = by_wave.get(item.wave_id) == item.report.wave and item.report.wave is not None
            clusters.append(item.wave_id if same else -1 - number)
        else:
            clusters.append(item.wave_id)
            by_wave.setdefault(item.wave_id, item.report.wave)
    true_pairs = found_pairs = both = 0
    for (i, a), (j, b) in combinations(enumerate(placed), 2):
        truly = a.report.wave is not None and a.report.wave == b.report.wave
        found = clusters[i] == clusters[j]
        true_pairs += truly
        found_pairs += found
        both += truly and found
    reviews = sum(item.how == "review" for item in placed)
    return Scores(
        precision=both / found_pairs if found_pairs else 1.0,
        recall=both / true_pairs if true_pairs else 1.0,
        reports=len(placed),
        waves_found=len({c for c in clusters}),
        review_share=reviews / len(placed) if placed else 0.0,
    )


def sixth_resident_counts(placed: list[Placed]) -> Counter[str]:
    """How often a report was told a count (a sanity figure for the bench)."""
    return Counter("told" if p.others + 1 >= 3 and p.how != "review" else "silent" for p in placed)


def stream_reports(seed: int, variant: str) -> list[Report]:
    return stream(seed=seed, variant=variant)
