"""A reader who tries to work out hidden figures, written apart from the production check
(bot/campaigns/disclosure.py) on purpose: it starts from what is shown only, the CSV
lines and the tables and charts as printed, and from how the tables are documented to add
up the CSV. Every CSV line is an unknown; a shown number fixes a sum, a hidden one
('< 5') says the sum is at least 1 (zeros are shown), and no count is negative. Each
hidden number's smallest and largest value under those facts is found with a linear
program (dense matrices here, so no code is shared with the sparse production one).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

HIDDEN = "< 5"
METRIC_COLUMNS = {
    "Begonnen": "Aangifte voorbereid: begonnen",
    "Af": "Aangifte voorbereid: af",
    "Aantal": None,  # the outcome table: the metric is in its first column
}


@dataclass(frozen=True)
class Line:
    week: str
    campaign: str  # as the week table names it: 'Naam, Gemeente (code)'
    code: str
    channel: str
    group: str
    scam_type: str
    metric: str
    shown: str


def campaign_label(name: str, municipality: str, code: str) -> str:
    if not code:
        return name
    return f"{name}, {municipality} ({code})" if municipality else f"{name} ({code})"


def read_csv(text: str) -> list[Line]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][-1] == "Aantal"
    return [
        Line(week, campaign_label(name, place, code), code, channel, group, scam, metric, shown)
        for week, name, place, code, channel, group, scam, metric, shown in rows[1:]
    ]


# How each table's row labels pick CSV lines, by the table's caption.
ROW_KEYS: dict[str, Callable[[Line], tuple[str, ...]]] = {
    "Per week en per campagne": lambda line: (line.week, line.campaign, line.group),
    "Per soort oplichting": lambda line: (line.scam_type,),
    "Per kanaal en doelgroep": lambda line: (line.channel, line.group),
    "Hoe gesprekken met een vrijwilliger zijn afgesloten": lambda line: (line.metric,),
    "Aangifte voorbereiden: per week en soort oplichting": lambda line: (
        line.week,
        line.scam_type,
    ),
}


# Where each table's counts start (the columns before are its row labels).
FIRST_COUNT = {
    "Per week en per campagne": 3,
    "Per soort oplichting": 1,
    "Per kanaal en doelgroep": 2,
    "Hoe gesprekken met een vrijwilliger zijn afgesloten": 1,
    "Aangifte voorbereiden: per week en soort oplichting": 2,
}


@dataclass
class Reader:
    """Everything a reader has seen, as sums over the CSV lines."""

    lines: list[Line]
    # (which lines, what was shown)
    sums: list[tuple[frozenset[int], str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for index, line in enumerate(self.lines):
            self.sums.append((frozenset({index}), line.shown))

    def add(self, lines: frozenset[int], shown: str) -> None:
        if not lines:
            assert shown == "0", f"a sum of no lines shows {shown!r}"
            return
        self.sums.append((lines, shown))

    def add_table(
        self,
        caption: str,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        first_count: int,
        part: Callable[[Line], bool] = lambda line: True,
    ) -> None:
        """A printed table; `part` picks the lines it covers (a campaign's page)."""
        row_key = ROW_KEYS[caption]
        for row in rows:
            labels = tuple(row[:first_count])
            for header, shown in zip(headers[first_count:], row[first_count:], strict=True):
                metric = METRIC_COLUMNS.get(header, header)
                picked = frozenset(
                    i
                    for i, line in enumerate(self.lines)
                    if part(line)
                    and (metric is None or line.metric == metric)
                    and row_key(line) == labels
                )
                self.add(picked, shown)

    def add_series(
        self,
        campaign: str,
        points: Sequence[tuple[str, str]],
        part: Callable[[Line], bool] = lambda line: True,
    ) -> None:
        """A chart of conversations per week for one campaign."""
        for week, shown in points:
            picked = frozenset(
                i
                for i, line in enumerate(self.lines)
                if part(line)
                and line.campaign == campaign
                and line.week == week
                and line.metric == "Gesprekken"
            )
            self.add(picked, shown)

    def pinned(self) -> list[tuple[frozenset[int], str, float]]:
        """The hidden sums a reader can work out exactly, with the value found."""
        width = len(self.lines)
        equal_rows, equal_values, floor_rows = [], [], []
        for lines, shown in self.sums:
            vector = np.zeros(width)
            vector[list(lines)] = 1.0
            if shown == HIDDEN:
                floor_rows.append(vector)
            else:
                equal_rows.append(vector)
                equal_values.append(float(shown))
        problem = {
            "A_eq": np.array(equal_rows) if equal_rows else None,
            "b_eq": np.array(equal_values) if equal_rows else None,
            "A_ub": -np.array(floor_rows) if floor_rows else None,
            "b_ub": -np.ones(len(floor_rows)) if floor_rows else None,
            "bounds": [(0, None)] * width,
        }
        found = []
        for lines, shown in self.sums:
            if shown != HIDDEN:
                continue
            target = np.zeros(width)
            target[list(lines)] = 1.0
            low = linprog(target, **problem)
            assert low.status == 0, f"what is shown does not add up: {low.message}"
            high = linprog(-target, **problem)
            if high.status == 3:  # no largest value
                continue
            assert high.status == 0, high.message
            if -high.fun - low.fun < 1 - 1e-6:
                found.append((lines, shown, low.fun))
        return found
