"""What leaves the database: the threshold of 5, dashboard tables, the CSV export and the
series the charts draw. Every count passes through `suppress` on its way out.

Only week-level time, no ids and no free text: campaigns appear with the name and
municipality their team gave them and their code ('Laat je niet interneppen, Utrecht
(flyer-utr)'; 'Geen campagne' / 'Onbekende campagne'), archived ones too; everything else
as a fixed Dutch label. Names come from the campaigns table (`figures.campaign_names`),
never from what a resident typed.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from bot.campaigns.figures import FigureRow
from bot.campaigns.labels import (
    DRAFT_METRICS,
    METRICS,
    OUTCOME_PREFIX,
    SUPPRESSED,
    UNKNOWN,
    CampaignNames,
    campaign_municipality,
    campaign_name,
    channel_label,
    counted_campaign_label,
    metric_label,
    scam_type_label,
    target_group_label,
)
from bot.campaigns.weeks import week_range

THRESHOLD = 5

Cell = int | str

# The counts of the dashboard tables, in column order.
TABLE_METRICS: tuple[str, ...] = tuple(METRICS)

CSV_HEADER = (
    "Week",
    "Campagne",
    "Gemeente",
    "Campagnecode",
    "Kanaal",
    "Doelgroep",
    "Soort oplichting",
    "Wat is geteld",
    "Aantal",
)
# Dutch spreadsheet programs read ';' as the column separator (',' is the decimal sign).
CSV_DELIMITER = ";"

K = TypeVar("K", bound=Hashable)


def suppress(count: int) -> Cell:
    """The threshold: 1 to 4 become '< 5' so no resident can be singled out; 0 stays 0."""
    if count < 0:
        raise ValueError("a count cannot be negative")
    return SUPPRESSED if 0 < count < THRESHOLD else count


def is_suppressed(cell: Cell) -> bool:
    return cell == SUPPRESSED


def _shown_order(count: int) -> int:
    """Sort key that does not reveal the order of counts under the threshold."""
    return count if count >= THRESHOLD else 0


@dataclass(frozen=True)
class Table:
    """A dashboard table with Dutch headers; counts already suppressed."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    # Columns from this index on hold counts (right-aligned).
    first_count_column: int


def _totals(rows: Iterable[FigureRow], group: Callable[[FigureRow], K]) -> dict[K, Counter[str]]:
    totals: dict[K, Counter[str]] = defaultdict(Counter)
    for row in rows:
        totals[group(row)][row.metric] += row.count
    return totals


def week_campaign_table(rows: Iterable[FigureRow], names: CampaignNames | None = None) -> Table:
    """Counts per week and campaign (all channels and scam types together)."""
    totals = _totals(rows, lambda row: (row.week, row.campaign, row.target_group))
    body = tuple(
        (
            week,
            counted_campaign_label(campaign, names),
            target_group_label(group),
            *(suppress(counts[metric]) for metric in TABLE_METRICS),
        )
        for (week, campaign, group), counts in sorted(totals.items())
    )
    return Table(
        caption="Per week en per campagne",
        headers=("Week", "Campagne", "Doelgroep", *(METRICS[m] for m in TABLE_METRICS)),
        rows=body,
        first_count_column=3,
    )


def scam_type_table(rows: Iterable[FigureRow]) -> Table:
    """Counts per scam type, the most frequent first (under 5 in alphabetical order)."""
    totals = _totals(rows, lambda row: row.scam_type)
    ordered = sorted(
        totals.items(),
        key=lambda item: (-_shown_order(item[1]["conversations"]), scam_type_label(item[0])),
    )
    body = tuple(
        (scam_type_label(scam_type), *(suppress(counts[metric]) for metric in TABLE_METRICS))
        for scam_type, counts in ordered
    )
    return Table(
        caption="Per soort oplichting",
        headers=("Soort oplichting", *(METRICS[m] for m in TABLE_METRICS)),
        rows=body,
        first_count_column=1,
    )


def channel_group_table(rows: Iterable[FigureRow]) -> Table:
    """Counts per channel and target group (all weeks and campaigns together)."""
    totals = _totals(rows, lambda row: (row.channel, row.target_group))
    body = tuple(
        (
            channel_label(channel),
            target_group_label(group),
            *(suppress(counts[metric]) for metric in TABLE_METRICS),
        )
        for (channel, group), counts in sorted(totals.items())
    )
    return Table(
        caption="Per kanaal en doelgroep",
        headers=("Kanaal", "Doelgroep", *(METRICS[m] for m in TABLE_METRICS)),
        rows=body,
        first_count_column=2,
    )


def outcome_table(rows: Iterable[FigureRow]) -> Table:
    """How the cases the volunteers handled were closed."""
    counts: Counter[str] = Counter()
    for row in rows:
        if row.metric.startswith(OUTCOME_PREFIX):
            counts[row.metric] += row.count
    ordered = sorted(
        counts.items(), key=lambda item: (-_shown_order(item[1]), metric_label(item[0]))
    )
    return Table(
        caption="Hoe gesprekken met een vrijwilliger zijn afgesloten",
        headers=("Uitkomst", "Aantal"),
        rows=tuple((metric_label(metric), suppress(count)) for metric, count in ordered),
        first_count_column=1,
    )


def without_drafts(rows: Iterable[FigureRow]) -> list[FigureRow]:
    """The rows the general tables count: report drafts have a table of their own (a
    week with only a draft in it would otherwise show as a row of zeros)."""
    return [row for row in rows if row.metric not in DRAFT_METRICS]


def report_draft_table(rows: Iterable[FigureRow]) -> Table:
    """Report drafts started and finished, per week and scam type (nothing finer)."""
    totals = _totals(
        (row for row in rows if row.metric in DRAFT_METRICS),
        lambda row: (row.week, scam_type_label(row.scam_type)),
    )
    body = tuple(
        (week, label, *(suppress(counts[metric]) for metric in DRAFT_METRICS))
        for (week, label), counts in sorted(totals.items())
    )
    return Table(
        caption="Aangifte voorbereiden: per week en soort oplichting",
        headers=("Week", "Soort oplichting", "Begonnen", "Af"),
        rows=body,
        first_count_column=2,
    )


def _csv_safe(text: str) -> str:
    """Keep spreadsheet programs from reading a cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_csv(rows: Iterable[FigureRow], names: CampaignNames | None = None) -> str:
    """The export: one line per count, Dutch header and labels, counts suppressed. The
    campaign's name, municipality and code have their own columns (to filter on)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow(CSV_HEADER)
    for row in sorted(rows):
        writer.writerow(
            (
                row.week,
                _csv_safe(campaign_name(row.campaign, names)),
                _csv_safe(campaign_municipality(row.campaign, names)),
                _csv_safe(row.campaign if row.campaign != UNKNOWN else ""),
                channel_label(row.channel),
                target_group_label(row.target_group),
                scam_type_label(row.scam_type),
                metric_label(row.metric),
                suppress(row.count),
            )
        )
    return buffer.getvalue()


def campaign_series(
    rows: Iterable[FigureRow],
    metric: str = "conversations",
    weeks: Sequence[str] | None = None,
    names: CampaignNames | None = None,
) -> dict[str, list[tuple[str, Cell]]]:
    """Per campaign label, (week, suppressed count) for every week in `weeks` (default: from
    the first to the last week in the rows), 0 for weeks without any."""
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    all_weeks: set[str] = set()
    for row in rows:
        all_weeks.add(row.week)
        if row.metric == metric:
            totals[row.campaign][row.week] += row.count
    if weeks is None:
        weeks = week_range(min(all_weeks), max(all_weeks)) if all_weeks else []
    return {
        counted_campaign_label(campaign, names): [(week, suppress(counts[week])) for week in weeks]
        for campaign, counts in sorted(totals.items())
    }


def scam_type_series(
    rows: Iterable[FigureRow], metric: str = "conversations"
) -> list[tuple[str, Cell]]:
    """(scam type label, suppressed count), the most frequent first."""
    counts: Counter[str] = Counter()
    for row in rows:
        if row.metric == metric:
            counts[row.scam_type] += row.count
    ordered = sorted(
        counts.items(), key=lambda item: (-_shown_order(item[1]), scam_type_label(item[0]))
    )
    return [(scam_type_label(scam_type), suppress(count)) for scam_type, count in ordered]
