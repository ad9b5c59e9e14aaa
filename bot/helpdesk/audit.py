"""The audit log: who did what (with which case, to which account, setting or campaign),
and when; never case content. Also the coordinator's filtered view of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.helpdesk.audit_texts import KINDS, OLD_PREFIXES
from bot.helpdesk.hours import TIMEZONE
from bot.models import AuditEntry, Volunteer, utcnow

# A volunteer who reloads a case page (or comes back to it) within this time has not
# opened it again in any sense the log needs: one 'open' per volunteer, case and hour.
OPEN_AGAIN_AFTER = timedelta(hours=1)
PER_PAGE = 50


def audit(
    session: AsyncSession,
    volunteer: Volunteer,
    action: str,
    case_id: int | None = None,
    *,
    subject: str | None = None,
    detail: str | None = None,
) -> AuditEntry:
    """Add an entry to the session (committed with the change it records). subject names
    what the action was done to (an account, a setting, a campaign), detail the change."""
    entry = AuditEntry(
        volunteer_id=volunteer.id,
        username=volunteer.username,
        case_id=case_id,
        action=action[:40],
        subject=subject[:120] if subject else None,
        detail=detail[:200] if detail else None,
    )
    session.add(entry)
    return entry


async def audit_open(
    session: AsyncSession, volunteer: Volunteer, case_id: int, now: datetime | None = None
) -> bool:
    """Record that the volunteer opened the case, unless they did so within the last
    hour (a reload is not a new look). True when an entry was added."""
    now = now or utcnow()
    recent = await session.scalar(
        select(AuditEntry.id)
        .where(
            AuditEntry.volunteer_id == volunteer.id,
            AuditEntry.case_id == case_id,
            AuditEntry.action == "open",
            AuditEntry.at > now - OPEN_AGAIN_AFTER,
        )
        .limit(1)
    )
    if recent is not None:
        return False
    audit(session, volunteer, "open", case_id).at = now
    return True


def account_name(volunteer: Volunteer) -> str:
    """How the log names an account: 'Anna (anna)'."""
    return f"{volunteer.display_name} ({volunteer.username})"


async def recent_entries(session: AsyncSession, limit: int = 500) -> list[AuditEntry]:
    """The newest entries first."""
    rows = await session.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
    return list(rows.scalars())


# --- the coordinator's view: filters and pages ------------------------------------------
class FilterError(ValueError):
    """A filter value that cannot be read (Dutch message)."""


@dataclass(frozen=True)
class AuditFilter:
    who: str = ""
    kind: str = ""
    case_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def parse(cls, query: dict[str, str]) -> tuple[AuditFilter, list[str]]:
        """The filter from the page's query string, and Dutch errors for what it left out."""
        errors: list[str] = []
        kind = query.get("soort", "").strip()
        if kind and kind not in KINDS:
            errors.append("Die soort handeling ken ik niet.")
            kind = ""
        case_text = query.get("zaak", "").strip().lstrip("#")
        case_id = None
        if case_text:
            if case_text.isdigit() and len(case_text) < 10:
                case_id = int(case_text)
            else:
                errors.append("Vul bij zaak een zaaknummer in, bijvoorbeeld 141.")
        dates: list[date | None] = []
        for field in ("van", "tot"):
            text = query.get(field, "").strip()
            try:
                dates.append(date.fromisoformat(text) if text else None)
            except ValueError:
                errors.append("Die datum kan ik niet lezen. Kies een datum in de kalender.")
                dates.append(None)
        who = query.get("wie", "").strip()[:64]
        return cls(who, kind, case_id, dates[0], dates[1]), errors

    def as_query(self) -> dict[str, str]:
        """The same filter as query parameters (for the next page and the export)."""
        values = {
            "wie": self.who,
            "soort": self.kind,
            "zaak": str(self.case_id) if self.case_id else "",
            "van": self.date_from.isoformat() if self.date_from else "",
            "tot": self.date_to.isoformat() if self.date_to else "",
        }
        return {key: value for key, value in values.items() if value}

    def apply(self, query: Select) -> Select:  # type: ignore[type-arg]
        if self.who:
            query = query.where(func.lower(AuditEntry.username) == self.who.lower())
        if self.kind:
            # Old entries carry the object in the action ('deactivate:vol3').
            old = [p for p, key in OLD_PREFIXES.items() if key == self.kind]
            query = query.where(
                or_(
                    AuditEntry.action == self.kind,
                    *(AuditEntry.action.startswith(f"{p}:", autoescape=True) for p in old),
                )
            )
        if self.case_id is not None:
            query = query.where(AuditEntry.case_id == self.case_id)
        if self.date_from is not None:
            query = query.where(AuditEntry.at >= _local_midnight(self.date_from))
        if self.date_to is not None:
            query = query.where(AuditEntry.at < _local_midnight(self.date_to + timedelta(days=1)))
        return query


def _local_midnight(day: date) -> datetime:
    """The start of a day as the coordinator means it (Dutch time)."""
    return datetime.combine(day, time(0), tzinfo=TIMEZONE)


@dataclass
class AuditPage:
    entries: list[AuditEntry]
    names: dict[int, str]  # volunteer id -> display name, for the 'Wie' column
    total: int
    page: int
    pages: int


async def filtered_page(session: AsyncSession, wanted: AuditFilter, page: int = 1) -> AuditPage:
    total = await session.scalar(wanted.apply(select(func.count(AuditEntry.id)))) or 0
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(page, 1), pages)
    rows = await session.execute(
        wanted.apply(select(AuditEntry))
        .order_by(AuditEntry.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    entries = list(rows.scalars())
    return AuditPage(entries, await display_names(session, entries), total, page, pages)


async def filtered_all(
    session: AsyncSession, wanted: AuditFilter, limit: int = 50_000
) -> list[AuditEntry]:
    rows = await session.execute(
        wanted.apply(select(AuditEntry)).order_by(AuditEntry.id.desc()).limit(limit)
    )
    return list(rows.scalars())


async def display_names(session: AsyncSession, entries: list[AuditEntry]) -> dict[int, str]:
    ids = {e.volunteer_id for e in entries if e.volunteer_id is not None}
    if not ids:
        return {}
    rows = await session.execute(
        select(Volunteer.id, Volunteer.display_name).where(Volunteer.id.in_(ids))
    )
    return dict(rows.all())  # type: ignore[arg-type]


async def usernames(session: AsyncSession) -> list[str]:
    """Everyone who appears in the log, for the 'wie' filter."""
    rows = await session.execute(select(AuditEntry.username).distinct())
    return sorted(set(rows.scalars()), key=str.lower)
