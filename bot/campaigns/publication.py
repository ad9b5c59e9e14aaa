"""Everything the figures pages and the CSV export publish, as sums of the fine counts,
and which of those sums to hide (bot.campaigns.disclosure decides).

A figures login sees all of it: the CSV (one line per fine count), the dashboard tables and
charts, and the same tables filtered to each campaign (?campagne=). A reader can combine
them all, so they are protected together: one `Disclosure` for all rows, and every table,
chart and CSV line takes its cells from it. The same sum always shows the same way,
wherever it appears.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.campaigns.disclosure import hidden_items
from bot.campaigns.figures import FigureKey, FigureRow
from bot.campaigns.labels import (
    DRAFT_METRICS,
    METRICS,
    OUTCOME_PREFIX,
    SUPPRESSED,
    scam_type_label,
)

Cell = int | str
Keys = frozenset[FigureKey]


@dataclass(frozen=True)
class Grouping:
    """How one table (or chart) adds up the fine counts: which metrics it shows and the
    row each count lands in. A cell is (row, metric)."""

    keeps: Callable[[str], bool]
    row: Callable[[FigureRow], Hashable]


def _table_metric(metric: str) -> bool:
    return metric in METRICS


WEEK_CAMPAIGN = Grouping(_table_metric, lambda r: (r.week, r.campaign, r.target_group))
SCAM_TYPE = Grouping(_table_metric, lambda r: r.scam_type)
CHANNEL_GROUP = Grouping(_table_metric, lambda r: (r.channel, r.target_group))
OUTCOMES = Grouping(lambda metric: metric.startswith(OUTCOME_PREFIX), lambda r: ())
REPORT_DRAFTS = Grouping(
    lambda metric: metric in DRAFT_METRICS, lambda r: (r.week, scam_type_label(r.scam_type))
)
# The charts: conversations per campaign and week, and per scam type (SCAM_TYPE's column).
CHART_METRIC = "conversations"
CAMPAIGN_WEEKS = Grouping(lambda metric: metric == CHART_METRIC, lambda r: (r.campaign, r.week))
# One CSV line: the fine count itself.
CSV_LINE = Grouping(lambda metric: True, lambda r: tuple(r[:6]))

PAGE_GROUPINGS = (
    WEEK_CAMPAIGN,
    SCAM_TYPE,
    CHANNEL_GROUP,
    OUTCOMES,
    REPORT_DRAFTS,
    CAMPAIGN_WEEKS,
    CSV_LINE,
)


def key_of(row: FigureRow) -> FigureKey:
    return FigureKey(*row[:6])


def cells(
    rows: Iterable[FigureRow], grouping: Grouping
) -> dict[Hashable, dict[str, list[FigureRow]]]:
    """row -> metric -> the fine counts in that cell."""
    grouped: dict[Hashable, dict[str, list[FigureRow]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if grouping.keeps(row.metric):
            grouped[grouping.row(row)][row.metric].append(row)
    return grouped


def _views(rows: list[FigureRow]) -> list[list[FigureRow]]:
    """All rows, and the rows of each campaign that can be filtered on."""
    campaigns = sorted({row.campaign for row in rows if row.campaign})
    return [rows] + [[row for row in rows if row.campaign == code] for code in campaigns]


@dataclass(frozen=True)
class Disclosure:
    """What each published sum shows: its count, or '< 5' when hidden (a small count, or
    a larger one hidden so that a small one cannot be worked out)."""

    shown: dict[Keys, Cell]

    def cell(self, rows: Iterable[FigureRow]) -> Cell:
        parts = list(rows)
        keys = frozenset(key_of(row) for row in parts)
        if not keys:
            return 0
        if keys not in self.shown:
            # A sum that was not protected together with the rest: never show it.
            raise ValueError("this sum is not part of the published figures")
        return self.shown[keys]

    @property
    def hidden_count(self) -> int:
        return sum(1 for cell in self.shown.values() if cell == SUPPRESSED)


def disclose(rows: Iterable[FigureRow]) -> Disclosure:
    """The Disclosure of every table, chart and CSV line made from these rows (all rows
    of the figures, not a campaign's share: the filtered views are included)."""
    merged: dict[FigureKey, int] = defaultdict(int)
    for row in rows:
        if row.count < 0:
            raise ValueError("a count cannot be negative")
        merged[key_of(row)] += row.count
    return _disclose(tuple(FigureRow(*key, count) for key, count in sorted(merged.items())))


@lru_cache(maxsize=8)
def _disclose(rows: tuple[FigureRow, ...]) -> Disclosure:
    # The same rows (a page and its CSV, a reload) are worked out once.
    index = {key_of(row): position for position, row in enumerate(rows)}
    counts = [row.count for row in rows]
    sums: dict[frozenset[int], Keys] = {}
    for view in _views(list(rows)):
        for grouping in PAGE_GROUPINGS:
            for by_metric in cells(view, grouping).values():
                for parts in by_metric.values():
                    keys = frozenset(key_of(row) for row in parts)
                    sums.setdefault(frozenset(index[key] for key in keys), keys)
    order = list(sums)
    hidden = hidden_items(counts, order)
    return Disclosure(
        {
            sums[cells_of]: SUPPRESSED if position in hidden else sum(counts[i] for i in cells_of)
            for position, cells_of in enumerate(order)
        }
    )
