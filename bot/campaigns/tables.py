"""What leaves the database: the threshold of 5, dashboard tables, the CSV export and the
series the charts draw. Every count takes its cell from one `Disclosure`
(bot.campaigns.publication): under 5 hidden, and larger ones hidden too where a small one
could otherwise be worked out from the rest (secondary suppression). Pass the Disclosure
of all rows when showing a campaign's share (`disclose(all_rows)`); without one, the rows
given are protected on their own.

Only week-level time, no ids and no free text: campaigns appear with the name and
municipality their team gave them and their code ('Laat je niet interneppen, Utrecht
(flyer-utr)'; 'Geen campagne' / 'Onbekende campagne'), archived ones too; everything else
as a fixed Dutch label. Names come from the campaigns table (`figures.campaign_names`),
never from what a resident typed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from bot.campaigns.disclosure import THRESHOLD
from bot.campaigns.figures import FigureRow
from bot.campaigns.labels import (
    DRAFT_METRICS,
    METRICS,
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
from bot.campaigns.publication import (
    CAMPAIGN_WEEKS,
    CHANNEL_GROUP,
    CHART_METRIC,
    OUTCOMES,
    REPORT_DRAFTS,
    SCAM_TYPE,
    WEEK_CAMPAIGN,
    Disclosure,
    Grouping,
    cells,
    disclose,
)
from bot.campaigns.weeks import week_range

__all__ = ["THRESHOLD", "Cell", "Table", "suppress"]

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


def suppress(count: int) -> Cell:
    """The threshold: 1 to 4 become '< 5' so no resident can be singled out; 0 stays 0."""
    if count < 0:
        raise ValueError("a count cannot be negative")
    return SUPPRESSED if 0 < count < THRESHOLD else count


def is_suppressed(cell: Cell) -> bool:
    return cell == SUPPRESSED


@dataclass(frozen=True)
class Table:
    """A dashboard table with Dutch headers; counts already suppressed."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    # Columns from this index on hold counts (right-aligned).
    first_count_column: int


def _shown(
    rows: Iterable[FigureRow], grouping: Grouping, disclosure: Disclosure | None
) -> tuple[list[FigureRow], Disclosure, dict]:  # type: ignore[type-arg]
    """The rows, their Disclosure and their cells per row and metric."""
    rows = list(rows)
    return rows, disclosure or disclose(rows), cells(rows, grouping)


def _cell(grouped: dict, row: Hashable, metric: str, disclosure: Disclosure) -> Cell:  # type: ignore[type-arg]
    return disclosure.cell(grouped.get(row, {}).get(metric, ()))


def _order(cell: Cell) -> int:
    """Sort key that does not reveal the order of hidden counts."""
    return cell if isinstance(cell, int) else 0


def week_campaign_table(
    rows: Iterable[FigureRow],
    names: CampaignNames | None = None,
    disclosure: Disclosure | None = None,
) -> Table:
    """Counts per week and campaign (all channels and scam types together)."""
    rows, disclosure, grouped = _shown(rows, WEEK_CAMPAIGN, disclosure)
    body = tuple(
        (
            week,
            counted_campaign_label(campaign, names),
            target_group_label(group),
            *(_cell(grouped, (week, campaign, group), m, disclosure) for m in TABLE_METRICS),
        )
        for week, campaign, group in sorted({WEEK_CAMPAIGN.row(row) for row in rows})  # type: ignore[misc]
    )
    return Table(
        caption="Per week en per campagne",
        headers=("Week", "Campagne", "Doelgroep", *(METRICS[m] for m in TABLE_METRICS)),
        rows=body,
        first_count_column=3,
    )


def scam_type_table(rows: Iterable[FigureRow], disclosure: Disclosure | None = None) -> Table:
    """Counts per scam type, the most frequent first (hidden ones in alphabetical order)."""
    rows, disclosure, grouped = _shown(rows, SCAM_TYPE, disclosure)
    shown = {
        scam_type: tuple(_cell(grouped, scam_type, m, disclosure) for m in TABLE_METRICS)
        for scam_type in {SCAM_TYPE.row(row) for row in rows}
    }
    conversations = TABLE_METRICS.index(CHART_METRIC)
    ordered = sorted(
        shown.items(),
        key=lambda item: (-_order(item[1][conversations]), scam_type_label(str(item[0]))),
    )
    return Table(
        caption="Per soort oplichting",
        headers=("Soort oplichting", *(METRICS[m] for m in TABLE_METRICS)),
        rows=tuple((scam_type_label(str(scam_type)), *cells) for scam_type, cells in ordered),
        first_count_column=1,
    )


def channel_group_table(rows: Iterable[FigureRow], disclosure: Disclosure | None = None) -> Table:
    """Counts per channel and target group (all weeks and campaigns together)."""
    rows, disclosure, grouped = _shown(rows, CHANNEL_GROUP, disclosure)
    body = tuple(
        (
            channel_label(channel),
            target_group_label(group),
            *(_cell(grouped, (channel, group), m, disclosure) for m in TABLE_METRICS),
        )
        for channel, group in sorted({CHANNEL_GROUP.row(row) for row in rows})  # type: ignore[misc]
    )
    return Table(
        caption="Per kanaal en doelgroep",
        headers=("Kanaal", "Doelgroep", *(METRICS[m] for m in TABLE_METRICS)),
        rows=body,
        first_count_column=2,
    )


def outcome_table(rows: Iterable[FigureRow], disclosure: Disclosure | None = None) -> Table:
    """How the cases the volunteers handled were closed."""
    rows, disclosure, grouped = _shown(rows, OUTCOMES, disclosure)
    shown = [(metric, disclosure.cell(parts)) for metric, parts in grouped.get((), {}).items()]
    ordered = sorted(shown, key=lambda item: (-_order(item[1]), metric_label(item[0])))
    return Table(
        caption="Hoe gesprekken met een vrijwilliger zijn afgesloten",
        headers=("Uitkomst", "Aantal"),
        rows=tuple((metric_label(metric), cell) for metric, cell in ordered),
        first_count_column=1,
    )


def without_drafts(rows: Iterable[FigureRow]) -> list[FigureRow]:
    """The rows the general tables count: report drafts have a table of their own (a
    week with only a draft in it would otherwise show as a row of zeros)."""
    return [row for row in rows if row.metric not in DRAFT_METRICS]


def report_draft_table(rows: Iterable[FigureRow], disclosure: Disclosure | None = None) -> Table:
    """Report drafts started and finished, per week and scam type (nothing finer)."""
    rows, disclosure, grouped = _shown(rows, REPORT_DRAFTS, disclosure)
    body = tuple(
        (week, label, *(_cell(grouped, (week, label), m, disclosure) for m in DRAFT_METRICS))
        for week, label in sorted(grouped)  # type: ignore[misc]
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


def to_csv(
    rows: Iterable[FigureRow],
    names: CampaignNames | None = None,
    disclosure: Disclosure | None = None,
) -> str:
    """The export: one line per count, Dutch header and labels, counts hidden as on the
    page. The campaign's name, municipality and code have their own columns (to filter
    on)."""
    rows = list(rows)
    disclosure = disclosure or disclose(rows)
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
                disclosure.cell([row]),
            )
        )
    return buffer.getvalue()


def campaign_series(
    rows: Iterable[FigureRow],
    weeks: Sequence[str] | None = None,
    names: CampaignNames | None = None,
    disclosure: Disclosure | None = None,
) -> dict[str, list[tuple[str, Cell]]]:
    """Per campaign label, (week, shown count of conversations) for every week in `weeks`
    (default: from the first to the last week in the rows), 0 for weeks without any."""
    rows, disclosure, grouped = _shown(rows, CAMPAIGN_WEEKS, disclosure)
    all_weeks = {row.week for row in rows}
    if weeks is None:
        weeks = week_range(min(all_weeks), max(all_weeks)) if all_weeks else []
    campaigns = sorted({campaign for campaign, _week in grouped})  # type: ignore[misc]
    return {
        counted_campaign_label(campaign, names): [
            (week, _cell(grouped, (campaign, week), CHART_METRIC, disclosure)) for week in weeks
        ]
        for campaign in campaigns
    }


def scam_type_series(
    rows: Iterable[FigureRow], disclosure: Disclosure | None = None
) -> list[tuple[str, Cell]]:
    """(scam type label, shown count of conversations), the most frequent first: the
    conversations column of the scam type table, the same cells."""
    rows, disclosure, grouped = _shown(rows, SCAM_TYPE, disclosure)
    shown = [
        (str(scam_type), disclosure.cell(by_metric[CHART_METRIC]))
        for scam_type, by_metric in grouped.items()
        if CHART_METRIC in by_metric
    ]
    ordered = sorted(shown, key=lambda item: (-_order(item[1]), scam_type_label(item[0])))
    return [(scam_type_label(scam_type), cell) for scam_type, cell in ordered]
