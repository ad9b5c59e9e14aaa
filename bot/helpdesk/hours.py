"""Opening hours of the volunteer helpdesk: 'ma-vr 09:00-17:00; za 10:00-13:00'.

Days are Dutch abbreviations (ma di wo do vr za zo); a day may have one period.
Times are local time in Europe/Amsterdam.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Europe/Amsterdam")
DAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
DAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_PART = re.compile(
    r"^(?P<first>ma|di|wo|do|vr|za|zo)(?:\s*-\s*(?P<last>ma|di|wo|do|vr|za|zo))?\s+"
    r"(?P<start>\d{1,2}[:.]\d{2})\s*-\s*(?P<end>\d{1,2}[:.]\d{2})$"
)


class HoursError(ValueError):
    """Opening hours that cannot be read; the message is Dutch (shown to the coordinator)."""


def _time(text: str) -> time:
    hours, minutes = (int(x) for x in re.split(r"[:.]", text))
    if hours == 24 and minutes == 0:
        return time(23, 59, 59)
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        raise HoursError(f"'{text}' is geen tijd. Schrijf bijvoorbeeld 09:00.")
    return time(hours, minutes)


@dataclass(frozen=True)
class OpeningHours:
    # One (start, end) per weekday (Monday = 0), or None when closed.
    periods: tuple[tuple[time, time] | None, ...]

    @classmethod
    def parse(cls, text: str) -> OpeningHours:
        periods: list[tuple[time, time] | None] = [None] * 7
        parts = [p.strip().lower() for p in text.split(";") if p.strip()]
        for part in parts:
            match = _PART.match(part)
            if not match:
                raise HoursError(
                    f"'{part}' kan ik niet lezen. "
                    "Schrijf bijvoorbeeld: ma-vr 09:00-17:00; za 10:00-13:00"
                )
            first = DAYS.index(match["first"])
            last = DAYS.index(match["last"] or match["first"])
            if last < first:
                raise HoursError(f"'{part}': de eerste dag moet voor de laatste dag komen.")
            start, end = _time(match["start"]), _time(match["end"])
            if end <= start:
                raise HoursError(f"'{part}': het eindtijdstip moet na het begintijdstip komen.")
            for day in range(first, last + 1):
                periods[day] = (start, end)
        return cls(tuple(periods))

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(TIMEZONE)
        period = self.periods[local.weekday()]
        return period is not None and period[0] <= local.time() < period[1]

    def as_text(self) -> str:
        """The configuration form: 'ma-vr 09:00-17:00; za 10:00-13:00'."""
        return "; ".join(
            f"{DAYS[a]}{'-' + DAYS[b] if b != a else ''} {_hhmm(p[0])}-{_hhmm(p[1])}"
            for a, b, p in self._runs()
        )

    def describe(self) -> str:
        """For residents: 'maandag tot en met vrijdag van 9.00 tot 17.00 uur'."""
        runs = self._runs()
        if not runs:
            return "op dit moment op geen enkele vaste tijd"
        phrases = []
        for a, b, p in runs:
            days = DAY_NAMES[a] if a == b else f"{DAY_NAMES[a]} tot en met {DAY_NAMES[b]}"
            phrases.append(f"{days} van {_dutch(p[0])} tot {_dutch(p[1])} uur")
        return phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " en " + phrases[-1]

    def _runs(self) -> list[tuple[int, int, tuple[time, time]]]:
        runs: list[tuple[int, int, tuple[time, time]]] = []
        for day, period in enumerate(self.periods):
            if period is None:
                continue
            if runs and runs[-1][1] == day - 1 and runs[-1][2] == period:
                runs[-1] = (runs[-1][0], day, period)
            else:
                runs.append((day, day, period))
        return runs


def _hhmm(moment: time) -> str:
    return "24:00" if moment == time(23, 59, 59) else moment.strftime("%H:%M")


def _dutch(moment: time) -> str:
    return "24.00" if moment == time(23, 59, 59) else f"{moment.hour}.{moment.minute:02d}"
