"""Clustering of the team-written stream (bot/tests/wave_stream.py: 365 reports, 12 waves
and one-offs) through bot/waves/record.py, on SQLite and PostgreSQL: the waves found agree
with the labels (pairwise precision and recall; tools/wave_bench.py prints the figures for
more seeds and the holdout wording), and a one-off never joins a campaign's wave
automatically."""

from __future__ import annotations

from collections import Counter

from bot.tests.wave_stream import stream
from tools.wave_metrics import feed, scores

# The targets. Measured on seed 0: precision 1.000, recall 0.944 (team-written
# data: tools/wave_bench.py prints more seeds and the holdout wording). Most missed pairs
# hold a text under 8 words without a link, number or IBAN, which by design joins no wave.
MIN_PRECISION = 0.9
MIN_RECALL = 0.9


async def test_the_stream_clusters_into_its_waves(database_url: str) -> None:
    placed = await feed(database_url, stream(seed=0, variant="main"))
    found = scores(placed)
    print(f"precision {found.precision:.3f} recall {found.recall:.3f}")
    assert found.precision >= MIN_PRECISION and found.recall >= MIN_RECALL
    # Every campaign's biggest wave holds most of its reports.
    for label in {p.report.wave for p in placed} - {None}:
        waves = Counter(p.wave_id for p in placed if p.report.wave == label)
        assert waves.most_common(1)[0][1] >= 0.7 * sum(waves.values()), label
    # One-offs: never counted in a campaign's wave.
    campaign_waves = {p.wave_id for p in placed if p.report.wave and p.how != "review"}
    strays = [p for p in placed if p.report.wave is None and p.how != "review"]
    assert not [p for p in strays if p.wave_id in campaign_waves and p.how != "first"]
