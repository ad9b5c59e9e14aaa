"""The volunteers' console: log-in, the queue, a case (claim, reply, hand back, close),
live updates and the audit log. Case work itself sits behind `Desk`
(bot/helpdesk/desk.py); every route declares its roles (bot/console/access.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from bot.api.deps import CannedDep, DeskDep, GatewayDep, SessionDep
from bot.console import auth
from bot.console.access import ANY_ROLE, CASEWORK, COORDINATOR, CSRF_FIELD
from bot.console.auth import Login
from bot.console.flash import back_with, take
from bot.console.pages import back_to, page, render
from bot.conversation.states import CaseStatus
from bot.events import event_stream
from bot.helpdesk import labels, queue
from bot.helpdesk.audit import recent_entries
from bot.helpdesk.desk import Desk, DeskError, waiting_minutes
from bot.helpdesk.notify import CONSOLE_TOPIC
from bot.helpdesk.presence import mark_present

router = APIRouter(prefix="/console", include_in_schema=False)
CaseworkLogin = Annotated[Login, Depends(CASEWORK)]
CoordinatorLogin = Annotated[Login, Depends(COORDINATOR)]
AnyLogin = Annotated[Login, Depends(ANY_ROLE)]
EXPIRED = "Deze pagina is verlopen. Probeer het opnieuw."


# --- log-in ---------------------------------------------------------------------------
def _login_page(
    request: Request, gateway: GatewayDep, error: str | None = None, status: int = 200
) -> HTMLResponse:
    token = auth.new_login_csrf()
    response = render("login.html", status, csrf=token, error=error)
    response.set_cookie(
        auth.LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=auth.cookie_secure(gateway.settings, request),
        path=auth.COOKIE_PATH,
    )
    return response


@router.get("/login")
async def login_form(request: Request, gateway: GatewayDep) -> HTMLResponse:
    return _login_page(request, gateway)


@router.post("/login")
async def login(request: Request, gateway: GatewayDep, db: SessionDep) -> Response:
    form = await request.form()
    expected = request.cookies.get(auth.LOGIN_CSRF_COOKIE, "")
    if not expected or not auth.csrf_matches(expected, str(form.get(CSRF_FIELD) or "")):
        return _login_page(request, gateway, EXPIRED, 400)
    settings = gateway.settings
    try:
        volunteer = await auth.authenticate(
            db, settings, str(form.get("username") or ""), str(form.get("password") or "")
        )
    except auth.AuthError as refused:
        return _login_page(request, gateway, refused.message, refused.status)
    cookie, _row = await auth.start_session(
        db, settings, volunteer, request.cookies.get(auth.SESSION_COOKIE)
    )
    response = back_to("/console/figures" if volunteer.role == "campaign" else "/console")
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
    return response


@router.post("/logout")
async def logout(login: AnyLogin, db: SessionDep) -> Response:
    await auth.end_session(db, login)
    response = back_to("/console/login")
    response.delete_cookie(auth.SESSION_COOKIE, path=auth.COOKIE_PATH)
    return response


# --- the queue and the closed cases (bot/helpdesk/queue.py) ----------------------------
async def _queue_context(request: Request, db: SessionDep, login: Login) -> dict[str, Any]:
    volunteer = login.volunteer
    campaigns = await queue.campaign_codes(db, queue.queue_scope(volunteer))
    filters = queue.parse_filters(request.query_params, campaigns, queue.QUEUE_STATUSES)
    found = await queue.queue(db, volunteer, filters)
    return {
        "mine": await queue.with_unread(db, volunteer, found.mine),
        "found": found.open,
        "rows": await queue.with_unread(db, volunteer, found.open.rows),
        **_filter_context(filters, campaigns, "/console", queue.QUEUE_STATUSES),
    }


def _filter_context(
    filters: queue.Filters, campaigns: list[str], path: str, statuses: dict[str, str]
) -> dict[str, Any]:
    return {
        "filters": filters,
        "path": path,
        "campaigns": campaigns,
        "statuses": statuses,
        "urgencies": queue.URGENCIES,
        "scam_types": labels.SCAM_TYPES,
        "unknown_type": queue.UNKNOWN_TYPE,
        "channels": labels.CHANNELS,
    }


@router.get("")
async def queue_page(request: Request, login: CaseworkLogin, db: SessionDep) -> HTMLResponse:
    error, _notice = await take(db, login)
    context = await _queue_context(request, db, login)
    return render("queue.html", **page(login, error=error, **context))


@router.get("/queue")
async def queue_fragment(request: Request, login: CaseworkLogin, db: SessionDep) -> HTMLResponse:
    """The live refresh of the queue page, with the page's own filters and page."""
    context = await _queue_context(request, db, login)
    return render("queue_table.html", **page(login, **context))


@router.get("/closed")
async def closed_page(request: Request, login: CaseworkLogin, db: SessionDep) -> HTMLResponse:
    """Closed cases: a coordinator's all of them, a volunteer's the ones they held."""
    volunteer = login.volunteer
    campaigns = await queue.campaign_codes(db, queue.closed_visible_to(volunteer))
    filters = queue.parse_filters(request.query_params, campaigns, {})
    found = await queue.closed(db, volunteer, filters)
    context = _filter_context(filters, campaigns, "/console/closed", {})
    names = await queue.holder_names(db, found.rows)
    return render("closed.html", **page(login, found=found, names=names, **context))


@router.get("/events")
async def console_events(request: Request, login: CaseworkLogin, gateway: GatewayDep) -> Response:
    """Queue and case changes for open consoles (server-sent events); keeps presence."""
    volunteer_id = login.volunteer.id

    async def still_present() -> bool:
        async with gateway.sessions() as db:
            return await mark_present(db, volunteer_id)

    return event_stream(request, gateway.hub, CONSOLE_TOPIC, "retry: 3000\n\n", still_present)


# --- a case -----------------------------------------------------------------------------
async def _case_context(
    db: SessionDep, desk: Desk, canned: CannedDep, login: Login, case_id: int
) -> dict[str, Any]:
    case, messages, conversation = await desk.open_case(login.volunteer, case_id)
    replies: list[Any] = []
    if case.status == CaseStatus.CLAIMED and case.volunteer_id == login.volunteer.id:
        replies = await canned.for_case(case.scam_type)
    return {
        "case": case,
        "messages": messages,
        "conversation": conversation,
        "waiting": waiting_minutes(case),
        "mine": case.volunteer_id == login.volunteer.id,
        "canned": replies,
        "outcomes": labels.OUTCOMES,
        "error": (await take(db, login))[0],
    }


@router.get("/cases/{case_id}")
async def case_page(
    case_id: int, login: CaseworkLogin, desk: DeskDep, canned: CannedDep, db: SessionDep
) -> HTMLResponse:
    context = await _case_context(db, desk, canned, login, case_id)
    return render("case.html", **page(login, **context))


@router.get("/cases/{case_id}/messages")
async def case_messages_fragment(case_id: int, login: CaseworkLogin, desk: DeskDep) -> HTMLResponse:
    """The live refresh of an open case page: only its messages, not audited again."""
    _case, messages, conversation = await desk.open_case(login.volunteer, case_id, record=False)
    return render("case_messages.html", messages=messages, conversation=conversation)


async def _refused_here(db: SessionDep, login: Login, case_id: int, refused: DeskError) -> Response:
    if refused.status == 404:
        raise refused
    if refused.status == 403:  # someone else holds it now: back to the queue, told why
        return await back_with(db, login, "/console", refused.message)
    return await back_with(db, login, f"/console/cases/{case_id}", refused.message)


@router.post("/cases/{case_id}/claim")
async def claim(case_id: int, login: CaseworkLogin, desk: DeskDep, db: SessionDep) -> Response:
    try:
        await desk.claim(login.volunteer, case_id)
    except DeskError as refused:
        if refused.status == 409:
            # Someone else has it: back to the queue (the case page is theirs now).
            return await back_with(db, login, "/console", refused.message)
        return await _refused_here(db, login, case_id, refused)
    return back_to(f"/console/cases/{case_id}")


@router.post("/cases/{case_id}/reply")
async def reply(
    request: Request, case_id: int, login: CaseworkLogin, desk: DeskDep, db: SessionDep
) -> Response:
    form = await request.form()
    text = str(form.get("text") or "")
    if not text.strip() and form.get("canned"):
        text = str(form.get("canned"))
    try:
        await desk.reply(login.volunteer, case_id, text)
    except DeskError as refused:
        return await _refused_here(db, login, case_id, refused)
    return back_to(f"/console/cases/{case_id}")


async def _finish(
    request: Request, desk: Desk, db: SessionDep, case_id: int, login: Login, hand_back: bool
) -> Response:
    form = await request.form()
    try:
        await desk.finish(login.volunteer, case_id, str(form.get("outcome") or ""), hand_back)
    except DeskError as refused:
        return await _refused_here(db, login, case_id, refused)
    return back_to("/console")


@router.post("/cases/{case_id}/hand-back")
async def hand_back(
    request: Request, case_id: int, login: CaseworkLogin, desk: DeskDep, db: SessionDep
) -> Response:
    return await _finish(request, desk, db, case_id, login, hand_back=True)


@router.post("/cases/{case_id}/close")
async def close(
    request: Request, case_id: int, login: CaseworkLogin, desk: DeskDep, db: SessionDep
) -> Response:
    return await _finish(request, desk, db, case_id, login, hand_back=False)


@router.get("/audit")
async def audit_page(login: CoordinatorLogin, db: SessionDep) -> HTMLResponse:
    return render("audit.html", **page(login, entries=await recent_entries(db)))
