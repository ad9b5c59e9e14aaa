"""Counts under 5 are never shown: suppression in the tables, and in the charts (which
also escape their text)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.campaigns import charts, tables
from bot.campaigns.figures import FigureRow

WEEK47 = datetime(2026, 11, 18, 10, 0, tzinfo=timezone.utc)  # a Wednesday in 2026-W47
WEEK48 = WEEK47 + timedelta(weeks=1)


def test_suppress() -> None:
    assert [tables.suppress(n) for n in range(7)] == [0, "< 5", "< 5", "< 5", "< 5", 5, 6]
    with pytest.raises(ValueError):
        tables.suppress(-1)


def test_suppressed_order_reveals_nothing() -> None:
    rows = [
        FigureRow("2026-W47", "", "widget", "", "romance_scam", "conversations", 4),
        FigureRow("2026-W47", "", "widget", "", "account_takeover", "conversations", 1),
        FigureRow("2026-W47", "", "widget", "", "webshop_fraud", "conversations", 9),
    ]
    assert tables.scam_type_series(rows) == [
        ("Nepwebshop", 9),
        ("Account overgenomen", "< 5"),
        ("Datingfraude", "< 5"),
    ]


# Charts


def chart_rows(hidden: int) -> list[FigureRow]:
    """One small count and enough larger ones around it that most stay shown (with only
    one other count, that one would be hidden too: see test_figures_differencing_unit)."""

    def row(week: str, channel: str, scam_type: str, count: int) -> FigureRow:
        return FigureRow(week, "ouderen", channel, "ouderen", scam_type, "conversations", count)

    return [
        row("2026-W46", "widget", "phishing_message", 7),
        row("2026-W46", "widget", "romance_scam", 9),
        row("2026-W48", "widget", "webshop_fraud", hidden),
        row("2026-W48", "widget", "romance_scam", 6),
        row("2026-W48", "telegram", "romance_scam", 5),
    ]


@pytest.mark.parametrize("hidden", [1, 3, 4])
def test_charts_hide_suppressed_values(hidden: int) -> None:
    series = tables.campaign_series(chart_rows(hidden))
    # Week 48 (11 or more) is hidden as well: with week 46 and the total shown, it
    # would give away the small count in it.
    assert series == {"ouderen": [("2026-W46", 16), ("2026-W47", 0), ("2026-W48", "< 5")]}
    weekly = charts.weekly_chart("Campagne ouderen", series["ouderen"])
    by_type = charts.scam_type_chart(tables.scam_type_series(chart_rows(hidden)))
    # The SVG is the same whatever the true value under 5 is.
    assert weekly == charts.weekly_chart(
        "Campagne ouderen", tables.campaign_series(chart_rows(2))["ouderen"]
    )
    assert by_type == charts.scam_type_chart(tables.scam_type_series(chart_rows(2)))
    for svg in (weekly, by_type):
        assert svg.startswith("<svg") and svg.endswith("</svg>")
        assert "<title" in svg and "<desc" in svg and 'role="img"' in svg
        assert "&lt; 5" in svg and "minder dan 5" in svg and "-hatch)" in svg
    assert ">16<" in weekly and ">20<" in by_type
    assert "Week 2026-W46: 16. Week 2026-W47: 0. Week 2026-W48: minder dan 5." in weekly
    assert "Nepwebshop: minder dan 5." in by_type


def test_charts_refuse_unsuppressed_counts_and_escape_text() -> None:
    with pytest.raises(ValueError):
        charts.weekly_chart("x", [("2026-W47", 3)])
    svg = charts.scam_type_chart([("<script>", 6)], title="A & B")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "A &amp; B" in svg
    assert "Nog geen gegevens" in charts.weekly_chart("Leeg", [])
