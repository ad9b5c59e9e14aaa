"""Helpdesk settings the coordinator changes in the console, with defaults from the
environment: opening hours, the retention period and whether volunteers log in with a
second step (two-factor; on unless the coordinator switches it off)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.helpdesk.hours import OpeningHours
from bot.models import HelpdeskSetting
from bot.settings import Settings

OPENING_HOURS = "opening_hours"
RETENTION_DAYS = "retention_days"
VOLUNTEER_TWO_FACTOR = "volunteer_two_factor"
MIN_RETENTION_DAYS = 1
MAX_RETENTION_DAYS = 365


class HelpdeskConfig:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def _get(self, session: AsyncSession, key: str) -> str | None:
        row = await session.get(HelpdeskSetting, key)
        return row.value if row is not None else None

    async def _set(self, session: AsyncSession, key: str, value: str) -> None:
        row = await session.get(HelpdeskSetting, key)
        if row is None:
            session.add(HelpdeskSetting(key=key, value=value))
        else:
            row.value = value

    async def opening_hours(self, session: AsyncSession) -> OpeningHours:
        stored = await self._get(session, OPENING_HOURS)
        return OpeningHours.parse(stored or self.settings.helpdesk_hours)

    async def set_opening_hours(self, session: AsyncSession, text: str) -> OpeningHours:
        hours = OpeningHours.parse(text)  # raises HoursError with a Dutch message
        await self._set(session, OPENING_HOURS, hours.as_text())
        return hours

    async def retention_days(self, session: AsyncSession) -> int:
        stored = await self._get(session, RETENTION_DAYS)
        return int(stored) if stored else self.settings.retention_days

    async def set_retention_days(self, session: AsyncSession, days: int) -> None:
        if not MIN_RETENTION_DAYS <= days <= MAX_RETENTION_DAYS:
            raise ValueError(
                f"Kies een bewaartermijn van {MIN_RETENTION_DAYS} tot {MAX_RETENTION_DAYS} dagen."
            )
        await self._set(session, RETENTION_DAYS, str(days))

    async def volunteer_two_factor(self, session: AsyncSession) -> bool:
        """Volunteers need the second step too (coordinators and campaign accounts always)."""
        return await self._get(session, VOLUNTEER_TWO_FACTOR) != "off"

    async def set_volunteer_two_factor(self, session: AsyncSession, on: bool) -> None:
        await self._set(session, VOLUNTEER_TWO_FACTOR, "on" if on else "off")
