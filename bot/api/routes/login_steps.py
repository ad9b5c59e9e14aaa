"""The second step of the console log-in (bot/console/two_factor.py): the code page,
the set-up page with its QR code, and the start after the recovery codes were shown.

These routes are open to the half-logged-in browser only: they read the pending cookie
(bot/console/pending.py), never a session, and there is no session until they are done.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bot.api.deps import GatewayDep, SessionDep
from bot.api.routes.console import _login_page
from bot.console import auth, login_flow, pending, two_factor
from bot.console.access import CSRF_FIELD
from bot.console.pages import back_to, render
from bot.models import Volunteer, utcnow

router = APIRouter(prefix="/console/login", include_in_schema=False)
START_AGAIN = "Log opnieuw in. Het inloggen duurde te lang, of je wachtwoord is veranderd."
START = "/console/login/start"
EXPIRED = "Deze pagina is verlopen. Probeer het opnieuw."


def _again(
    request: Request, gateway: GatewayDep, message: str = START_AGAIN, status: int = 401
) -> HTMLResponse:
    """Back to the password, the pending state gone."""
    response = _login_page(request, gateway, message, status)
    pending.clear_cookie(response)
    return response


def _stage_of(state: pending.Pending, volunteer: Volunteer) -> pending.Stage:
    if state.stage == "ready":
        return "ready"
    return "code" if volunteer.totp_secret else "setup"


def _moved(
    request: Request, gateway: GatewayDep, state: pending.Pending, stage: pending.Stage
) -> Response:
    """The account changed meanwhile (set up in another window, or reset): the page
    for the stage it is in now. After the set-up only the start is left (the codes
    are not shown again)."""
    if stage == "ready":
        return render("recovery_codes.html", codes=None, csrf=state.csrf, action=START)
    response = back_to(login_flow.page_of(stage))
    pending.set_cookie(response, gateway.settings, request, state.at(stage, secret=None))
    return response


def _csrf_ok(state: pending.Pending, form_value: object) -> bool:
    return auth.csrf_matches(state.csrf, form_value if isinstance(form_value, str) else None)


# --- the code -----------------------------------------------------------------------------
def _code_page(state: pending.Pending, error: str | None = None, status: int = 200) -> Response:
    return render("login_code.html", status, csrf=state.csrf, error=error)


@router.get("/code")
async def code_form(request: Request, gateway: GatewayDep, db: SessionDep) -> Response:
    found = await pending.load(db, gateway.settings, request)
    if found is None:
        return _again(request, gateway)
    state, volunteer = found
    if (stage := _stage_of(state, volunteer)) != "code":
        return _moved(request, gateway, state, stage)
    return _code_page(state)


@router.post("/code")
async def code(request: Request, gateway: GatewayDep, db: SessionDep) -> Response:
    form = await request.form()
    found = await pending.load(db, gateway.settings, request)
    if found is None:
        return _again(request, gateway)
    state, volunteer = found
    if not _csrf_ok(state, form.get(CSRF_FIELD)):
        return _code_page(state, EXPIRED, 400)
    if (stage := _stage_of(state, volunteer)) != "code":
        return _moved(request, gateway, state, stage)
    typed = str(form.get("code") or "")[:64]
    try:
        passed = await two_factor.second_step(db, gateway.settings, volunteer.id, typed, utcnow())
    except auth.AuthError as refused:
        if refused.status == 429:
            return _again(request, gateway, refused.message, 429)
        return _code_page(state, refused.message, refused.status)
    # passed.notice: how many recovery codes are left, shown on the next page.
    return await login_flow.open_session(
        db, gateway.settings, request, volunteer, state.back, passed.notice
    )


# --- setting it up ------------------------------------------------------------------------
def _setup_page(
    state: pending.Pending,
    volunteer: Volunteer,
    secret: str,
    error: str | None = None,
    status: int = 200,
) -> Response:
    uri = two_factor.setup_uri(secret, volunteer.username)
    return render(
        "login_setup.html",
        status,
        csrf=state.csrf,
        qr=two_factor.qr_code(uri),
        secret=two_factor.grouped(secret),
        issuer=two_factor.ISSUER,
        username=volunteer.username,
        error=error,
    )


@router.get("/setup")
async def setup_form(request: Request, gateway: GatewayDep, db: SessionDep) -> Response:
    settings = gateway.settings
    found = await pending.load(db, settings, request)
    if found is None:
        return _again(request, gateway)
    state, volunteer = found
    if (stage := _stage_of(state, volunteer)) != "setup":
        return _moved(request, gateway, state, stage)
    secret = two_factor.open_secret(settings, state.secret)
    if secret is not None:  # a reload shows the same code the app may have scanned
        return _setup_page(state, volunteer, secret)
    # A new secret for this browser only, kept sealed in its own pending cookie.
    secret = two_factor.new_secret()
    state = state.at("setup", secret=two_factor.seal_secret(settings, secret))
    response = _setup_page(state, volunteer, secret)
    pending.set_cookie(response, settings, request, state)
    return response


@router.post("/setup")
async def setup(request: Request, gateway: GatewayDep, db: SessionDep) -> Response:
    settings = gateway.settings
    form = await request.form()
    found = await pending.load(db, settings, request)
    if found is None:
        return _again(request, gateway)
    state, volunteer = found
    if (stage := _stage_of(state, volunteer)) != "setup":
        return _moved(request, gateway, state, stage)
    secret = two_factor.open_secret(settings, state.secret)
    if secret is None:
        return back_to(login_flow.SETUP_PAGE)
    if not _csrf_ok(state, form.get(CSRF_FIELD)):
        return _setup_page(state, volunteer, secret, EXPIRED, 400)
    typed = str(form.get("code") or "")[:64]
    try:
        codes, token = await two_factor.confirm_setup(
            db, settings, volunteer.id, secret, typed, utcnow()
        )
    except auth.AuthError as refused:
        if refused.status == 429 or refused.message == two_factor.ALREADY_SET_UP:
            return _again(request, gateway, refused.message, refused.status)
        return _setup_page(state, volunteer, secret, refused.message, refused.status)
    state = state.at("ready", secret=None, ready=token)
    response = render("recovery_codes.html", codes=codes, csrf=state.csrf, action=START)
    pending.set_cookie(response, settings, request, state)
    return response


@router.post("/start")
async def start(request: Request, gateway: GatewayDep, db: SessionDep) -> Response:
    """After the recovery codes: the session starts, once per set-up."""
    form = await request.form()
    found = await pending.load(db, gateway.settings, request)
    if found is None:
        return _again(request, gateway)
    state, volunteer = found
    if not _csrf_ok(state, form.get(CSRF_FIELD)) or state.stage != "ready" or not state.ready:
        return _again(request, gateway, EXPIRED, 400)
    if not await two_factor.take_ready(db, volunteer.id, state.ready):
        return _again(request, gateway)
    return await login_flow.open_session(db, gateway.settings, request, volunteer, state.back)
