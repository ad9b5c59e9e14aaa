"""The queue and the closed list as a volunteer searches them: filters from the query
string (bad values ignored, with a Dutch note), a search over the case number and the
masked preview, the order in which help is given, and pages.

Order: the cases I hold first (their own table), then the open ones: a life in danger,
then urgent ones newest first (the newest may still be stopped), then the rest oldest
first (the longest waiting gets help first).

The search runs over the text as the list shows it, masked: a search for the digits of
an IBAN or a phone number finds nothing the list would not show."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation.states import CaseStatus, MessageStatus
from bot.helpdesk import labels
from bot.helpdesk.hours import TIMEZONE
from bot.helpdesk.reads import unread_counts
from bot.models import Case, Message, Volunteer, utcnow
from common.masking import mask

PAGE_SIZE = 25
MAX_QUERY_CHARS = 100
URGENCIES = {"crisis": "Levensgevaar", "urgent": "Dringend", "normal": "Gewoon"}
QUEUE_STATUSES = {CaseStatus.OPEN.value: "Wacht", CaseStatus.CLAIMED.value: "Bij jou"}
UNKNOWN_TYPE = "unknown"
_CASE_NUMBER = re.compile(r"^\s*(?:zaak\s*)?#?\s*(\d{1,9})\s*$", re.I)
_FIELD_NAMES = {
    "status": "status",
    "urgency": "urgentie",
    "scam_type": "soort",
    "channel": "kanaal",
    "campaign": "campagne",
    "from": "datum vanaf",
    "to": "datum tot en met",
    "page": "pagina",
}


@dataclass
class Filters:
    """What the volunteer asked for; `notes` says (in Dutch) which values were ignored.
    A note never repeats the value itself: text from a link is never shown as a notice."""

    status: str = ""
    urgency: str = ""
    scam_type: str = ""
    channel: str = ""
    campaign: str = ""
    date_from: date | None = None
    date_to: date | None = None
    query: str = ""
    page: int = 1
    notes: list[str] = field(default_factory=list)

    def active(self) -> dict[str, str]:
        """The filters in use, as query parameters (for the paging links)."""
        values = {
            "status": self.status,
            "urgency": self.urgency,
            "scam_type": self.scam_type,
            "channel": self.channel,
            "campaign": self.campaign,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "q": self.query,
        }
        return {key: value for key, value in values.items() if value}

    def url(self, path: str, page: int) -> str:
        params = self.active()
        if page > 1:
            params["page"] = str(page)
        return f"{path}?{urlencode(params)}" if params else path

    def ignored(self, name: str) -> None:
        self.notes.append(
            f"Het filter '{_FIELD_NAMES[name]}' had een waarde die niet bestaat. "
            "Het is niet gebruikt."
        )


def _date(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_filters(
    params: Mapping[str, str], campaigns: Sequence[str], statuses: Mapping[str, str]
) -> Filters:
    """Filters from the query string; unknown values are dropped with a note."""
    found = Filters()

    def choice(name: str, allowed: object) -> str:
        value = (params.get(name) or "").strip()
        if value and value not in allowed:  # type: ignore[operator]
            found.ignored(name)
            return ""
        return value

    found.status = choice("status", statuses)
    found.urgency = choice("urgency", URGENCIES)
    found.scam_type = choice("scam_type", {*labels.SCAM_TYPES, UNKNOWN_TYPE})
    found.channel = choice("channel", labels.CHANNELS)
    found.campaign = choice("campaign", set(campaigns))
    for name in ("from", "to"):
        text = (params.get(name) or "").strip()
        value = _date(text) if text else None
        if text and value is None:
            found.ignored(name)
        setattr(found, "date_from" if name == "from" else "date_to", value)
    if found.date_from and found.date_to and found.date_from > found.date_to:
        found.notes.append("De datum 'vanaf' ligt na de datum 'tot en met'. Ze zijn omgedraaid.")
        found.date_from, found.date_to = found.date_to, found.date_from
    found.query = (params.get("q") or "").replace("\x00", "").strip()[:MAX_QUERY_CHARS]
    page = (params.get("page") or "").strip()
    if page:
        if page.isdigit() and int(page) >= 1:
            found.page = int(page)
        else:
            found.ignored("page")
    return found


def _local_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=TIMEZONE)


def _where(filters: Filters) -> list[Any]:
    """The filters that SQL can do (all but the search)."""
    where: list[Any] = []
    if filters.urgency == "crisis":
        where.append(Case.crisis.is_(True))
    elif filters.urgency == "urgent":
        where.append(Case.urgent.is_(True))
    elif filters.urgency == "normal":
        where.append(Case.urgent.is_(False))
    if filters.scam_type == UNKNOWN_TYPE:
        where.append(Case.scam_type.is_(None) | Case.scam_type.not_in(list(labels.SCAM_TYPES)))
    elif filters.scam_type:
        where.append(Case.scam_type == filters.scam_type)
    if filters.channel:
        where.append(Case.channel == filters.channel)
    if filters.campaign:
        where.append(Case.campaign == filters.campaign)
    if filters.date_from:
        where.append(Case.created_at >= _local_start(filters.date_from))
    if filters.date_to:
        where.append(Case.created_at < _local_start(filters.date_to + timedelta(days=1)))
    return where


@dataclass(frozen=True)
class Row:
    case: Case
    preview: str  # masked
    waiting: int  # minutes since the case opened
    unread: int = 0


@dataclass
class Page:
    rows: list[Row]
    total: int
    page: int
    pages: int

    @property
    def first(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.page * PAGE_SIZE, self.total)


def _bounded(total: int, filters: Filters) -> int:
    """The page to show: the one asked for, or the last one when it does not exist."""
    pages = max(1, -(-total // PAGE_SIZE))
    if filters.page > pages:
        filters.notes.append(f"Die pagina bestaat niet. Je ziet pagina {pages}.")
        filters.page = pages
    return pages


async def previews(session: AsyncSession, found: Sequence[Case]) -> dict[int, str]:
    """Per case, masked: the latest message the resident sent for it, else (with consent)
    the assistant's summary; nothing once the content is erased."""
    readable = [c for c in found if c.content_erased_at is None]
    latest: dict[int, int] = {}
    if readable:
        rows = await session.execute(
            select(Case.id, func.max(Message.id))
            .join(Message, Message.conversation_id == Case.conversation_id)
            .where(
                Case.id.in_([c.id for c in readable]),
                Message.status == MessageStatus.TO_CASE,
                Message.id > Case.opened_after_message_id,
            )
            .group_by(Case.id)
        )
        latest = {int(case_id): int(message_id) for case_id, message_id in rows.all()}
    texts: dict[int, str] = {}
    if latest:
        rows = await session.execute(
            select(Message.id, Message.text).where(Message.id.in_(list(latest.values())))
        )
        texts = dict(rows.all())  # type: ignore[arg-type]
    return {
        case.id: mask(texts.get(latest.get(case.id, -1)) or (case.summary if case.consent else ""))
        for case in readable
    }


def matches(case: Case, preview: str, query: str) -> bool:
    """The case number ('141', 'zaak 141', '#141') or a piece of the masked preview."""
    if not query:
        return True
    number = _CASE_NUMBER.match(query)
    if number and int(number.group(1)) == case.id:
        return True
    return query.casefold() in preview.casefold()


def help_order(case: Case) -> tuple[Any, ...]:
    """A life in danger first, then urgent newest first, then the rest oldest first."""
    stamp = case.created_at.timestamp()
    return (not case.crisis, not case.urgent, -stamp if case.urgent else stamp, case.id)


def _closed_order(case: Case) -> tuple[Any, ...]:
    """Newest closed first."""
    return (-(case.closed_at or case.created_at).timestamp(), -case.id)


async def _select(
    session: AsyncSession, where: list[Any], filters: Filters, order: Any, size: int | None
) -> Page:
    """The cases matching `where` and the search, in `order`; one page of them (size
    None: all). Only a search masks every preview; else only the page's."""
    found = sorted((await session.execute(select(Case).where(*where))).scalars(), key=order)
    masked: dict[int, str] = {}
    if filters.query:
        masked = await previews(session, found)
        found = [c for c in found if matches(c, masked.get(c.id, ""), filters.query)]
    pages, page = 1, 1
    if size is not None:
        pages, page = _bounded(len(found), filters), filters.page
        shown = found[(page - 1) * size : page * size]
    else:
        shown = found
    if not filters.query:
        masked = await previews(session, shown)
    now = utcnow()
    rows = [
        Row(c, masked.get(c.id, ""), int((now - c.created_at).total_seconds() // 60)) for c in shown
    ]
    return Page(rows, len(found), page, pages)


async def campaign_codes(session: AsyncSession, where: Any) -> list[str]:
    rows = await session.execute(
        select(Case.campaign).where(where, Case.campaign.is_not(None)).distinct()
    )
    return sorted(str(code) for code in rows.scalars())


@dataclass
class Queue:
    mine: list[Row]
    open: Page


async def queue(session: AsyncSession, volunteer: Volunteer, filters: Filters) -> Queue:
    """The cases this volunteer holds (all), and a page of the open ones; both filtered."""
    where = _where(filters)
    mine: list[Row] = []
    if filters.status != CaseStatus.OPEN:
        held = [Case.status == CaseStatus.CLAIMED, Case.volunteer_id == volunteer.id, *where]
        mine = (await _select(session, held, filters, help_order, None)).rows
    waiting = Page([], 0, 1, 1)
    if filters.status != CaseStatus.CLAIMED:
        waiting_where = [Case.status == CaseStatus.OPEN, *where]
        waiting = await _select(session, waiting_where, filters, help_order, PAGE_SIZE)
    return Queue(mine, waiting)


def closed_visible_to(volunteer: Volunteer) -> Any:
    """Coordinators see every closed case; a volunteer the ones they held."""
    closed = Case.status == CaseStatus.CLOSED
    if volunteer.role == "coordinator":
        return closed
    return closed & (Case.volunteer_id == volunteer.id)


async def closed(session: AsyncSession, volunteer: Volunteer, filters: Filters) -> Page:
    """Closed cases, newest closed first, filtered and paged."""
    where = [closed_visible_to(volunteer), *_where(filters)]
    return await _select(session, where, filters, _closed_order, PAGE_SIZE)


def queue_scope(volunteer: Volunteer) -> Any:
    """The cases the queue shows (for the campaign filter's choices)."""
    return (Case.status == CaseStatus.OPEN) | (
        (Case.status == CaseStatus.CLAIMED) & (Case.volunteer_id == volunteer.id)
    )


async def with_unread(session: AsyncSession, volunteer: Volunteer, rows: list[Row]) -> list[Row]:
    """The rows with their unread resident messages for this volunteer."""
    counts = await unread_counts(session, volunteer.id, [r.case.id for r in rows])
    return [replace(r, unread=counts.get(r.case.id, 0)) for r in rows]


async def holder_names(session: AsyncSession, rows: list[Row]) -> dict[int, str]:
    """Display names of the volunteers who held these cases."""
    ids = {r.case.volunteer_id for r in rows if r.case.volunteer_id is not None}
    if not ids:
        return {}
    found = await session.execute(
        select(Volunteer.id, Volunteer.display_name).where(Volunteer.id.in_(ids))
    )
    return dict(found.all())  # type: ignore[arg-type]
