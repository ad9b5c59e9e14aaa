"""The coordinator's audit log: every entry as a Dutch sentence (bot/helpdesk/
audit_texts.py), filtered by who, kind of action, case and date, in pages, and the same
selection as CSV (the export itself is audited)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from bot.api.deps import SessionDep
from bot.console.access import COORDINATOR
from bot.console.auth import Login
from bot.console.pages import page, render
from bot.helpdesk.audit import (
    AuditFilter,
    audit,
    display_names,
    filtered_all,
    filtered_page,
    usernames,
)
from bot.helpdesk.audit_export import to_csv
from bot.helpdesk.audit_texts import KINDS, describe

router = APIRouter(prefix="/console", include_in_schema=False)
CoordinatorLogin = Annotated[Login, Depends(COORDINATOR)]


def _query(request: Request) -> dict[str, str]:
    return {key: value for key, value in request.query_params.items()}


def _page_number(text: str | None) -> int:
    return int(text) if text and text.isdigit() and len(text) < 7 else 1


@router.get("/audit")
async def audit_page(request: Request, login: CoordinatorLogin, db: SessionDep) -> HTMLResponse:
    wanted, errors = AuditFilter.parse(_query(request))
    found = await filtered_page(db, wanted, _page_number(request.query_params.get("pagina")))
    query = wanted.as_query()

    def link(number: int) -> str:
        return "/console/audit?" + urlencode({**query, "pagina": str(number)})

    return render(
        "audit.html",
        **page(
            login,
            rows=[(entry, describe(entry)) for entry in found.entries],
            names=found.names,
            found=found,
            wanted=wanted,
            kinds=KINDS,
            people=await usernames(db),
            errors=errors,
            previous=link(found.page - 1) if found.page > 1 else None,
            next=link(found.page + 1) if found.page < found.pages else None,
            export="/console/audit.csv" + ("?" + urlencode(query) if query else ""),
            filtered=bool(query),
        ),
    )


@router.get("/audit.csv")
async def audit_csv(request: Request, login: CoordinatorLogin, db: SessionDep) -> Response:
    wanted, _errors = AuditFilter.parse(_query(request))
    entries = await filtered_all(db, wanted)
    body = to_csv(entries, await display_names(db, entries))
    described = ", ".join(f"{k}={v}" for k, v in wanted.as_query().items()) or "alles"
    audit(db, login.volunteer, "export_audit", detail=f"{len(entries)} regels ({described})")
    await db.commit()
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="logboek.csv"'},
    )
