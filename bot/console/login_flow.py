"""The end of each log-in step: on to the second step (a pending cookie, no session),
or into the console (a new session, its cookie, the pending cookie gone)."""

from __future__ import annotations

from fastapi import Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console import auth, pending
from bot.console.pages import back_to
from bot.models import Volunteer
from bot.settings import Settings

CODE_PAGE = "/console/login/code"
SETUP_PAGE = "/console/login/setup"


def landing(volunteer: Volunteer, back: str | None) -> str:
    return back or ("/console/figures" if volunteer.role == "campaign" else "/console")


def page_of(stage: pending.Stage) -> str:
    return SETUP_PAGE if stage == "setup" else CODE_PAGE


def to_second_step(
    settings: Settings, request: Request, volunteer: Volunteer, back: str | None
) -> Response:
    """After the right password: to the code (or the set-up) page, with only the
    pending cookie."""
    state = pending.start(volunteer, back)
    response = back_to(page_of(state.stage))
    pending.set_cookie(response, settings, request, state)
    response.delete_cookie(auth.LOGIN_CSRF_COOKIE, path=auth.COOKIE_PATH)
    return response


async def open_session(
    db: AsyncSession,
    settings: Settings,
    request: Request,
    volunteer: Volunteer,
    back: str | None,
    notice: str | None = None,
) -> Response:
    """Logged in: a new session (the browser's old one ends), to the page it came for,
    with `notice` shown there once."""
    cookie, row = await auth.start_session(
        db, settings, volunteer, request.cookies.get(auth.SESSION_COOKIE)
    )
    if notice:
        row.flash_notice = notice
        await db.commit()
    response = back_to(landing(volunteer, back))
    response.set_cookie(
        auth.SESSION_COOKIE,
        cookie,
        max_age=int(settings.session_hours * 3600),
        httponly=True,
        samesite="strict",
        secure=auth.cookie_secure(settings, request),
        path=auth.COOKIE_PATH,
    )
    response.delete_cookie(auth.LOGIN_CSRF_COOKIE, path=auth.COOKIE_PATH)
    pending.clear_cookie(response)
    return response
