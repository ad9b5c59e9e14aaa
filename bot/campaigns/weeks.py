"""ISO weeks in Dutch local time: the finest time the figures keep."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.helpdesk.hours import TIMEZONE
from bot.models import as_utc


def iso_week(moment: datetime) -> str:
    """'2026-W47' for a moment; a naive datetime (SQLite) is taken as UTC."""
    year, week, _ = as_utc(moment).astimezone(TIMEZONE).isocalendar()
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
