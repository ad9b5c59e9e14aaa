"""`make bench`: the waves (bot/waves/, issue 15). Prints

- clustering: pairwise precision and recall of the waves found in the team-written stream
  (bot/tests/wave_stream.py), 'main' wording (the thresholds were chosen on it) and the
  independently written 'holdout' wording, three seeds each; automatic, and once more as
  a volunteer would settle the messages sent for review;
- matching: p50 and p95 milliseconds to match one new message (fingerprint, band lookup,
  the candidates' signatures and the indicator lookup) against STORED fingerprints, on
  SQLite and PostgreSQL;
- storage: bytes per stored message (the wave tables and their indexes) with every message
  storing its bands (the worst case), and through record() on the stream (where
  near-copies store none).

Targets: precision and recall at least 0.9, matching p95 at most 20 ms.

    .venv-bot/bin/python tools/wave_bench.py [--stored 100000] [--queries 300] [--no-postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg
from sqlalchemy import insert, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.db import make_engine, make_sessions, migrate  # noqa: E402
from bot.tests.wave_stream import stream  # noqa: E402
from bot.waves.fingerprint import fingerprint  # noqa: E402
from bot.waves.models import Sighting, SightingBand, SightingIndicator, Wave  # noqa: E402
from bot.waves.record import BUCKET_CAP, indicator_waves, nearest_waves  # noqa: E402
from common.indicators import describe  # noqa: E402
from tools.wave_metrics import feed, scores  # noqa: E402

ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
TABLES = ("waves", "wave_sightings", "wave_bands", "wave_indicators")
START = datetime(2026, 11, 1, tzinfo=timezone.utc)
BATCH = 5000


async def clustering() -> None:
    print("Clustering (team-written stream; thresholds chosen on 'main')")
    print(
        f"  {'wording':8} {'seed':>4} {'reports':>7} {'precision':>9} {'recall':>6}"
        f" {'review':>6} {'after review P / R':>20}"
    )
    for variant in ("main", "holdout"):
        for seed in (0, 1, 2):
            with tempfile.TemporaryDirectory() as folder:
                placed = await feed(f"sqlite:///{folder}/waves.db", stream(seed, variant))
            auto, settled = scores(placed), scores(placed, after_review=True)
            print(
                f"  {variant:8} {seed:>4} {auto.reports:>7} {auto.precision:>9.3f}"
                f" {auto.recall:>6.3f} {auto.review_share:>6.1%}"
                f" {settled.precision:>11.3f} / {settled.recall:.3f}"
            )


def corpus(count: int) -> list[tuple[str, str]]:
    """`count` reported messages: the stream's campaigns under many seeds, each text with
    a random word swapped so that no two are the same; (wave label, text)."""
    rng = random.Random(15)
    texts: list[tuple[str, str]] = []
    seed = 100
    while len(texts) < count:
        for report in stream(seed, "main" if seed % 2 else "holdout"):
            words = report.text.split()
            words[rng.randrange(len(words))] = uuid.uuid4().hex[:6]
            texts.append((f"{seed}:{report.wave or uuid.uuid4().hex}", " ".join(words)))
        seed += 1
    return texts[:count]


async def load(database_url: str, count: int) -> None:
    """`count` sightings with their bands (every one stored, bucket cap kept),
    indicators and one wave per campaign and seed, written in batches."""
    migrate(database_url)
    engine = make_engine(database_url)
    started = time.perf_counter()
    waves: dict[str, int] = {}
    buckets: Counter[int] = Counter()
    try:
        async with engine.begin() as connection:
            rows = corpus(count)
            for label in dict.fromkeys(label for label, _ in rows):
                waves[label] = len(waves) + 1
            await connection.execute(
                insert(Wave),
                [
                    {"id": i, "first_seen": START, "last_seen": START, "created_at": START}
                    for i in waves.values()
                ],
            )
            for first in range(0, len(rows), BATCH):
                sightings, bands, indicators = [], [], []
                for number, (label, message) in enumerate(rows[first : first + BATCH], first + 1):
                    print_ = fingerprint(message)
                    at = START + timedelta(seconds=number)
                    sightings.append(
                        {
                            "id": number,
                            "wave_id": waves[label],
                            "resident_key": f"r{number}",
                            "repeat": False,
                            "review": False,
                            "joined_by": "fingerprint",
                            "words": print_.words,
                            "channel": "widget",
                            "text": message,
                            "signature": print_.to_bytes(),
                            "seen_at": at,
                        }
                    )
                    for key in set(print_.bands):
                        if buckets[key] < BUCKET_CAP:
                            buckets[key] += 1
                            bands.append({"key": key, "sighting_id": number})
                    for found in describe(message).indicators:
                        indicators.append(
                            {
                                "sighting_id": number,
                                "wave_id": waves[label],
                                "kind": found.kind,
                                "value": found.value,
                                "lookalike": found.lookalike,
                            }
                        )
                await connection.execute(insert(Sighting), sightings)
                await connection.execute(insert(SightingBand), bands)
                if indicators:
                    await connection.execute(insert(SightingIndicator), indicators)
            if database_url.startswith("postgresql"):
                await connection.execute(text("ANALYZE"))
    finally:
        await engine.dispose()
    print(f"  loaded {count} fingerprints in {time.perf_counter() - started:.0f} s")


async def matching(database_url: str, queries: int) -> list[float]:
    engine = make_engine(database_url)
    sessions = make_sessions(engine)
    probes = [r.text for r in stream(seed=7, variant="holdout")][:queries]
    timings = []
    try:
        async with sessions() as session:
            for warm in probes[:20]:  # caches and the connection, as in a running gateway
                await nearest_waves(session, fingerprint(warm))
            for message in probes:
                started = time.perf_counter()
                print_ = fingerprint(message)
                await nearest_waves(session, print_)
                await indicator_waves(session, describe(message))
                timings.append((time.perf_counter() - started) * 1000)
    finally:
        await engine.dispose()
    return timings


def size_sqlite(path: Path) -> int:
    return path.stat().st_size + sum(
        extra.stat().st_size for extra in path.parent.glob(path.name + "-*")
    )


def size_postgres(url: str) -> int:
    with psycopg.connect(url) as connection:
        return sum(
            connection.execute("SELECT pg_total_relation_size(%s)", (table,)).fetchone()[0]
            for table in TABLES
        )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def bench_database(kind: str, stored: int, queries: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        if kind == "sqlite":
            path = Path(folder) / "waves.db"
            url = f"sqlite:///{path}"
        else:
            name = f"scamhelp_wave_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{name}"')
            url = f"{ADMIN_URL.rsplit('/', 1)[0]}/{name}"
        try:
            print(f"Matching on {kind}, {stored} stored fingerprints")
            await load(url, stored)
            timings = await matching(url, queries)
            print(
                f"  one message: p50 {statistics.median(timings):.1f} ms,"
                f" p95 {percentile(timings, 0.95):.1f} ms, max {max(timings):.1f} ms"
                f" ({len(timings)} messages; target p95 <= 20 ms)"
            )
            size = size_sqlite(path) if kind == "sqlite" else size_postgres(url)
            print(f"  storage, every message with its bands: {size / stored:.0f} bytes per message")
        finally:
            if kind != "sqlite":
                with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
                    connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def stream_storage() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "waves.db"
        url = f"sqlite:///{path}"
        migrate(url)
        empty = size_sqlite(path)
        reports = stream(0, "main")
        await feed(url, reports)
        per = (size_sqlite(path) - empty) / len(reports)
        print(f"Storage through record() on the stream (SQLite): {per:.0f} bytes per message")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stored", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    await clustering()
    await stream_storage()
    await bench_database("sqlite", args.stored, args.queries)
    if not args.no_postgres:
        await bench_database("postgresql", args.stored, args.queries)


if __name__ == "__main__":
    asyncio.run(main())
