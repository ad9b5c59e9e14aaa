"""The report draft on a case page: who may read it, and the holder's corrections.

Reading follows the case page's rule for messages (bot/helpdesk/cases.py: case_messages):
with the resident's consent the volunteer reads the whole conversation, so the draft as
well; without it only what came after the hand-off, so a draft only if it was started
after the case opened. Once the case content is erased (retention) it is not shown.

Correcting or adding facts is for the volunteer who holds the case (as writing to the
resident is), audited in Dutch with the labels of the facts that changed, never their
values. Sending the draft goes through the desk's normal reply (bot/helpdesk/desk.py)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.helpdesk.audit import audit
from bot.helpdesk.casework import CaseworkError, holds
from bot.models import Case, Volunteer, as_utc, utcnow
from bot.reports import store
from bot.reports.models import ReportDraftRow
from common.report_draft import FIELDS, LABELS, lines

# The form's fields: the new answer, and the answer the page showed (only what the
# volunteer changed is written, so a fact the assistant added meanwhile stays).
FACT_FIELD = "fact:"
SHOWN_FIELD = "shown:"
MAX_FACT_CHARS = store.MAX_FACT_CHARS
NOT_YOURS = "Alleen wie de zaak heeft, past het concept aan of stuurt het."
NO_DRAFT = "Er is geen concept voor een aangifte dat je mag lezen."


def readable(case: Case, row: ReportDraftRow) -> bool:
    if case.content_erased_at is not None:
        return False
    return bool(case.consent) or as_utc(row.started_at) > as_utc(case.created_at)


async def visible_draft(session: AsyncSession, case: Case) -> ReportDraftRow | None:
    """The case's conversation's draft, if this case may show it."""
    if case.conversation_id is None:
        return None
    row = await store.latest(session, case.conversation_id)
    return row if row is not None and readable(case, row) else None


def may_edit(volunteer: Volunteer, case: Case) -> bool:
    return holds(volunteer, case)


def _plain(value: str) -> str:
    # A browser sends a text box's line ends as CRLF, a hidden field's as they were.
    return value.replace("\x00", "").replace("\r\n", "\n").strip()


def changes_from(form: Mapping[str, object]) -> dict[str, str]:
    """Fact name -> new answer, for the facts whose answer differs from the one shown."""
    changes: dict[str, str] = {}
    for name, _label in FIELDS:
        new = form.get(FACT_FIELD + name)
        if not isinstance(new, str):
            continue
        shown = form.get(SHOWN_FIELD + name)
        new = _plain(new)
        if new != (_plain(shown) if isinstance(shown, str) else ""):
            changes[name] = new
    return changes


async def correct(
    session: AsyncSession, volunteer: Volunteer, case: Case, changes: Mapping[str, str]
) -> list[str]:
    """Write the holder's corrections; the names of the facts that changed."""
    if not may_edit(volunteer, case):
        raise CaseworkError(403, NOT_YOURS)
    row = await visible_draft(session, case)
    if row is None:
        raise CaseworkError(404, NO_DRAFT)
    if any(len(value) > MAX_FACT_CHARS for value in changes.values()):
        raise CaseworkError(400, f"Een antwoord is te lang (hooguit {MAX_FACT_CHARS} tekens).")
    changed = await store.change_facts(session, row, changes)
    if changed:
        # Which facts, by their label: never the answers (IBANs, amounts, names).
        detail = ", ".join(LABELS[name] for name in changed)
        audit(session, volunteer, "report_draft_edit", case.id, detail=detail)
        case.holder_active_at = utcnow()
    await session.commit()
    return changed


async def page_context(
    session: AsyncSession, volunteer: Volunteer, case: Case, conversation_kept: bool
) -> dict[str, Any]:
    """What the case page and its live fragment show of the draft, and the form."""
    row = await visible_draft(session, case)
    return {
        "report_draft": row,
        "report_lines": lines(row.draft()) if row is not None else [],
        "report_facts": dict(row.facts or {}) if row is not None else {},
        "report_fields": FIELDS,
        "report_max": MAX_FACT_CHARS,
        "may_edit_report": row is not None and conversation_kept and may_edit(volunteer, case),
        # 'Stuur concept naar bewoner' twice (a double click) is one message.
        "report_client_key": secrets.token_urlsafe(18),
    }
