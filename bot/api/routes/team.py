"""The coordinator's team page: volunteers, roles, passwords, opening hours and the
retention period. The work and its SQL sit behind `Team` (bot/helpdesk/team.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.api.deps import SessionDep, TeamDep
from bot.console.access import COORDINATOR
from bot.console.auth import Login
from bot.console.flash import back_with, take
from bot.console.pages import page, render
from bot.helpdesk import labels
from bot.helpdesk.team import TeamError

router = APIRouter(prefix="/console/team", include_in_schema=False)
CoordinatorLogin = Annotated[Login, Depends(COORDINATOR)]


async def to_team(
    db: SessionDep, login: Login, error: str | None = None, notice: str | None = None
) -> RedirectResponse:
    return await back_with(db, login, "/console/team", error, notice)


@router.get("")
async def team_page(
    request: Request, login: CoordinatorLogin, team: TeamDep, db: SessionDep
) -> HTMLResponse:
    error, notice = await take(db, login)
    overview = await team.overview(db)
    hours = await team.config.opening_hours(db)
    return render(
        "team.html",
        **page(
            login,
            volunteers=overview.volunteers,
            held=overview.held,
            closed_week=overview.closed_week,
            open_cases=overview.open_cases,
            claimed_cases=overview.claimed_cases,
            urgent_open=overview.urgent_open,
            online=overview.online,
            hours=hours.as_text(),
            hours_text=hours.describe(),
            retention=await team.config.retention_days(db),
            roles=labels.ROLES,
            error=error,
            notice=notice,
        ),
    )


@router.post("/volunteers")
async def add_volunteer(
    request: Request, login: CoordinatorLogin, team: TeamDep, db: SessionDep
) -> Response:
    form = await request.form()
    username = str(form.get("username") or "")
    try:
        await team.add(
            db,
            login.volunteer,
            username=username,
            display_name=str(form.get("display_name") or ""),
            role=str(form.get("role") or "volunteer"),
            password=str(form.get("password") or ""),
        )
    except TeamError as refused:
        return await to_team(db, login, error=refused.message)
    return await to_team(db, login, notice=f"{username.strip()} is toegevoegd.")


@router.post("/volunteers/{volunteer_id}")
async def change_volunteer(
    request: Request, volunteer_id: int, login: CoordinatorLogin, team: TeamDep, db: SessionDep
) -> Response:
    form = await request.form()
    try:
        await team.change(
            db,
            login.volunteer,
            volunteer_id,
            action=str(form.get("action") or ""),
            role=str(form.get("role") or ""),
            password=str(form.get("password") or ""),
        )
    except TeamError as refused:
        return await to_team(db, login, error=refused.message)
    return await to_team(db, login, notice="Opgeslagen.")


@router.post("/settings")
async def change_settings(
    request: Request, login: CoordinatorLogin, team: TeamDep, db: SessionDep
) -> Response:
    form = await request.form()
    try:
        await team.change_settings(
            db, login.volunteer, str(form.get("hours") or ""), str(form.get("retention") or "")
        )
    except TeamError as refused:
        return await to_team(db, login, error=refused.message)
    return await to_team(db, login, notice="Instellingen opgeslagen.")
