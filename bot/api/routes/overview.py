"""The coordinator's team view of the cases: every open and held case, who holds it,
for how long and since when without activity; give a case to someone else or put it
back in the queue (after a confirmation page). The work sits in bot/helpdesk/holding.py."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from bot import texts
from bot.api.deps import HoldingDep, SessionDep, SettingsDep
from bot.console.access import COORDINATOR
from bot.console.auth import Login
from bot.console.flash import back_with, take
from bot.console.pages import page, render
from bot.helpdesk import holding
from bot.helpdesk.desk import DeskError
from bot.models import utcnow

router = APIRouter(prefix="/console/overview", include_in_schema=False)
CoordinatorLogin = Annotated[Login, Depends(COORDINATOR)]
OVERVIEW = "/console/overview"


def _id(value: Any) -> int | None:
    """A form's id field: None when empty; DeskError when it is not a number."""
    text = str(value or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise DeskError(400, "Dit formulier klopt niet. Laad het overzicht opnieuw.")
    return int(text)


@router.get("")
async def overview_page(
    login: CoordinatorLogin, db: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    error, notice = await take(db, login)
    now = utcnow()
    online_since = now.timestamp() - settings.presence_seconds
    rows = await holding.open_and_held(db, now)
    return render(
        "overview.html",
        **page(
            login,
            rows=rows,
            people=await holding.assignable(db),
            online={
                r.holder.id
                for r in rows
                if r.holder
                and r.holder.last_seen_at
                and r.holder.last_seen_at.timestamp() >= online_since
            },
            idle_limit=settings.claim_idle_minutes,
            error=error,
            notice=notice,
        ),
    )


async def _confirm_or_do(
    request: Request, login: Login, db: SessionDep, holder: HoldingDep, case_id: int, kind: str
) -> Response:
    form = await request.form()
    try:
        holder_id = _id(form.get("holder"))
        to_id = _id(form.get("volunteer")) if kind == "reassign" else None
        if kind == "reassign" and to_id is None:
            raise DeskError(400, "Kies aan wie je de zaak geeft.")
        if form.get("confirm") != "yes":
            plan = await holding.proposal(db, case_id, holder_id, to_id)
            if kind == "return" and plan.holder is None:
                raise DeskError(409, "Deze zaak staat al in de wachtrij.")
            said = texts.VOLUNTEER_LEFT
            if plan.new is not None:
                template = texts.VOLUNTEER_TAKES_OVER if plan.holder else texts.VOLUNTEER_JOINED
                said = template.format(name=plan.new.display_name)
            return render("overview_confirm.html", **page(login, plan=plan, kind=kind, said=said))
        if to_id is not None:
            new = await holder.reassign(login.volunteer, case_id, to_id, holder_id)
            done = f"Zaak {case_id} is nu bij {new.display_name}."
        else:
            await holder.return_to_queue(login.volunteer, case_id, holder_id)
            done = f"Zaak {case_id} staat weer in de wachtrij."
    except DeskError as refused:
        return await back_with(db, login, OVERVIEW, error=refused.message)
    return await back_with(db, login, OVERVIEW, notice=done)


@router.post("/cases/{case_id}/reassign")
async def reassign(
    request: Request, case_id: int, login: CoordinatorLogin, db: SessionDep, holder: HoldingDep
) -> Response:
    return await _confirm_or_do(request, login, db, holder, case_id, "reassign")


@router.post("/cases/{case_id}/return")
async def return_to_queue(
    request: Request, case_id: int, login: CoordinatorLogin, db: SessionDep, holder: HoldingDep
) -> Response:
    return await _confirm_or_do(request, login, db, holder, case_id, "return")
