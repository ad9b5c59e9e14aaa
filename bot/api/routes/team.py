"""The coordinator's team page: volunteers (add, rename, role, password, switch off,
archive), opening hours and the retention period. The work and its SQL sit behind
`Team` (bot/helpdesk/team.py). Switching off and archiving need a ticked 'Ja, ...' box:
the browser asks for it without JavaScript, and the server refuses a form without it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.api.deps import SessionDep, SettingsDep, TeamDep
from bot.console.access import COORDINATOR
from bot.console.auth import Login
from bot.console.flash import back_with, take
from bot.console.pages import page, render
from bot.console.sessions_list import active_sessions
from bot.helpdesk import labels
from bot.helpdesk.team import ACTIONS, TeamError
from bot.models import utcnow

router = APIRouter(prefix="/console/team", include_in_schema=False)
CoordinatorLogin = Annotated[Login, Depends(COORDINATOR)]
CONFIRM_FIELD = "bevestig"
CONFIRM_VALUE = "ja"


async def to_team(
    db: SessionDep, login: Login, error: str | None = None, notice: str | None = None
) -> RedirectResponse:
    return await back_with(db, login, "/console/team", error, notice)


@router.get("")
async def team_page(
    request: Request, login: CoordinatorLogin, team: TeamDep, db: SessionDep
) -> HTMLResponse:
    error, notice = await take(db, login)
    show_archived = request.query_params.get("archief") == "1"
    overview = await team.overview(db, show_archived=show_archived)
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
            archived=overview.archived,
            show_archived=show_archived,
            hours=hours.as_text(),
            hours_text=hours.describe(),
            retention=await team.config.retention_days(db),
            volunteer_two_factor=await team.config.volunteer_two_factor(db),
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


@router.get("/volunteers/{volunteer_id}")
async def volunteer_page(
    volunteer_id: int,
    login: CoordinatorLogin,
    team: TeamDep,
    db: SessionDep,
    settings: SettingsDep,
) -> Response:
    try:
        volunteer = await team.member(db, volunteer_id)
    except TeamError as refused:
        return render("refused.html", 404, **page(login, message=refused.message))
    error, notice = await take(db, login)
    return render(
        "team_member.html",
        **page(
            login,
            person=volunteer,
            held=await team.held_by(db, volunteer.id),
            sessions=await active_sessions(db, settings, volunteer.id, utcnow()),
            idle_minutes=round(settings.session_idle_minutes),
            roles=labels.ROLES,
            confirm_field=CONFIRM_FIELD,
            confirm_value=CONFIRM_VALUE,
            error=error,
            notice=notice,
        ),
    )


@router.post("/volunteers/{volunteer_id}")
async def change_volunteer(
    request: Request, volunteer_id: int, login: CoordinatorLogin, team: TeamDep, db: SessionDep
) -> Response:
    form = await request.form()
    action = str(form.get("action") or "")
    here = f"/console/team/volunteers/{volunteer_id}"
    if action not in ACTIONS:
        return await back_with(db, login, here, "Onbekende wijziging.")
    try:
        notice = await team.change(
            db,
            login.volunteer,
            volunteer_id,
            action=action,
            role=str(form.get("role") or ""),
            password=str(form.get("password") or ""),
            display_name=str(form.get("display_name") or ""),
            confirmed=form.get(CONFIRM_FIELD) == CONFIRM_VALUE,
        )
    except TeamError as refused:
        return await back_with(db, login, here, refused.message)
    if volunteer_id == login.volunteer.id and action in ("role", "deactivate", "archive"):
        # No longer a coordinator (or logged out): the team pages are not theirs now.
        return await back_with(db, login, "/console/account", notice=notice)
    return await back_with(db, login, here, notice=notice)


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
