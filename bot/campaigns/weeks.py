"""ISO weeks in Dutch local time: the finest time the figures keep."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Europe/Amsterdam")


def iso_week(moment: datetime) -> str:
    """'2026-W47' for a moment; a naive datetime (SQLite) is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    year, week, _ = moment.astimezone(TIMEZONE).isocalendar()
    return f"{year}-W{week:02d}"


def week_start(week: str) -> date:
    """The Monday of an ISO week such as '2026-W47'."""
    year, number = week.split("-W")
    return date.fromisocalendar(int(year), int(number), 1)


def week_range(first: str, last: str) -> list[str]:
    """Every ISO week from first to last, both included (empty when last < first)."""
    weeks = []
    day, end = week_start(first), week_start(last)
    while day <= end:
        year, number, _ = day.isocalendar()
        weeks.append(f"{year}-W{number:02d}")
        day += timedelta(weeks=1)
    return weeks
