"""'Mijn account': every console user sees their own account and changes their own
password (the current one first, the new one twice). Their other sessions end, the one
they are using stays."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from bot.api.deps import SessionDep, SettingsDep
from bot.console import auth, two_factor
from bot.console.access import ANY_ROLE
from bot.console.auth import Login
from bot.console.flash import back_with, take
from bot.console.pages import page, render
from bot.console.sessions_list import active_sessions
from bot.helpdesk.audit import audit
from bot.helpdesk.team import sessions_ended
from bot.models import utcnow

router = APIRouter(prefix="/console/account", include_in_schema=False)
AnyLogin = Annotated[Login, Depends(ANY_ROLE)]
HERE = "/console/account"


@router.get("")
async def account_page(login: AnyLogin, db: SessionDep, settings: SettingsDep) -> HTMLResponse:
    error, notice = await take(db, login)
    me, here = login.volunteer.id, login.session.token_hash
    return render(
        "account.html",
        **page(
            login,
            min_length=auth.MIN_PASSWORD_LENGTH,
            sessions=await active_sessions(db, settings, me, utcnow(), current=here),
            idle_minutes=round(settings.session_idle_minutes),
            recovery_left=await two_factor.recovery_left(db, login.volunteer.id),
            error=error,
            notice=notice,
        ),
    )


@router.post("/password")
async def change_password(request: Request, login: AnyLogin, db: SessionDep) -> Response:
    form = await request.form()
    try:
        ended = await auth.change_own_password(
            db,
            login,
            str(form.get("current") or ""),
            str(form.get("new") or ""),
            str(form.get("repeat") or ""),
        )
    except auth.PasswordError as refused:
        await db.rollback()
        return await back_with(db, login, HERE, str(refused))
    audit(
        db,
        login.volunteer,
        "change_own_password",
        subject=f"{login.volunteer.display_name} ({login.volunteer.username})",
        detail=f"andere sessies: {sessions_ended(ended)}",
    )
    await db.commit()
    notice = "Je wachtwoord is gewijzigd."
    if ended:
        notice += " Op je andere apparaten ben je nu uitgelogd."
    return await back_with(db, login, HERE, notice=notice)
