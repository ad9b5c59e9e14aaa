"""The volunteers' console: log-in, the queue, a case (claim, reply, hand back, close),
live updates and the audit log. Case work itself sits behind `Desk`
(bot/helpdesk/desk.py); every route declares its roles (bot/console/access.py)."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from bot.api.deps import CannedDep, DeskDep, GatewayDep, SessionDep
from bot.console import auth, login_flow, two_factor
from bot.console.access import ANY_ROLE, CASEWORK, COORDINATOR, CSRF_FIELD
from bot.console.auth import Login
from bot.console.flash import back_with, take
from bot.console.pages import back_to, page, render
from bot.console.returns import safe_return
from bot.console.session_use import still_open
from bot.events import event_stream
from bot.helpdesk import casework, labels, library, queue
from bot.helpdesk.desk import Desk, DeskError, waiting_minutes
from bot.helpdesk.notify import CONSOLE_TOPIC
from bot.helpdesk.presence import mark_present
from bot.models import utcnow
from bot.reports import casework as report_casework

router = APIRouter(prefix="/console", include_in_schema=False)
CaseworkLogin = Annotated[Login, Depends(CASEWORK)]
CoordinatorLogin = Annotated[Login, Depends(COORDINATOR)]
AnyLogin = Annotated[Login, Depends(ANY_ROLE)]
EXPIRED = "Deze pagina is verlopen. Probeer het opnieuw."


# --- log-in ---------------------------------------------------------------------------
def _login_page(
    request: Request,
    gateway: GatewayDep,
    error: str | None = None,
    status: int = 200,
    back: str | None = None,
) -> HTMLResponse:
    token = auth.new_login_csrf()
    response = render("login.html", status, csrf=token, error=error, terug=back)
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
    # Where to go after logging in (a session that ended on a case page): local only.
    return _login_page(request, gateway, back=safe_return(request.query_params.get("terug")))


@router.post("/login")
async def login(request: Request, gateway: GatewayDep, db: SessionDep) -> Response:
    form = await request.form()
    back = safe_return(str(form.get("terug") or ""))
    expected = request.cookies.get(auth.LOGIN_CSRF_COOKIE, "")
    if not expected or not auth.csrf_matches(expected, str(form.get(CSRF_FIELD) or "")):
        return _login_page(request, gateway, EXPIRED, 400, back)
    settings = gateway.settings
    second_step = two_factor.Requirement(db, gateway.config)
    try:
        volunteer = await auth.authenticate(
            db,
            settings,
            str(form.get("username") or ""),
            str(form.get("password") or ""),
            gateway.unknown_names,
            second_step,
        )
    except auth.AuthError as refused:
        return _login_page(request, gateway, refused.message, refused.status, back)
    if second_step.answer:  # no session yet: only the code page (bot/console/pending.py)
        await db.commit()
        return login_flow.to_second_step(settings, request, volunteer, back)
    return await login_flow.open_session(db, settings, request, volunteer, back)


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
    error, notice = await take(db, login)
    context = await _queue_context(request, db, login)
    return render("queue.html", **page(login, error=error, notice=notice, **context))


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
    volunteer_id, token_hash = login.volunteer.id, login.session.token_hash

    async def still_present() -> bool:
        async with gateway.sessions() as db:
            # A session ended elsewhere (or idle) ends its stream too.
            if not await still_open(db, gateway.settings, token_hash, utcnow()):
                return False
            return await mark_present(db, volunteer_id)

    return event_stream(request, gateway.hub, CONSOLE_TOPIC, "retry: 3000\n\n", still_present)


# --- a case -----------------------------------------------------------------------------
async def _case_context(
    db: SessionDep, desk: Desk, canned: CannedDep, login: Login, case_id: int
) -> dict[str, Any]:
    case, messages, conversation = await desk.open_case(login.volunteer, case_id)
    me = login.volunteer
    advice: list[Any] = []
    team: list[Any] = []
    draft = None
    if casework.holds(me, case):
        advice = await canned.for_case(case.scam_type)
        team = await library.for_case(db, case.scam_type)
        draft = await casework.draft_of(db, me, case.id)
    context = {
        "case": case,
        "messages": messages,
        "conversation": conversation,
        "waiting": waiting_minutes(case),
        "mine": case.volunteer_id == me.id,
        "may_change": casework.may_change(me, case),
        "canned": advice,
        "team_canned": team,
        "draft": draft,
        "client_key": secrets.token_urlsafe(18),
        "notes": await casework.notes(db, case.id),
        "campaign": await casework.campaign_of(db, case),
        # Who holds it, named for a coordinator reading someone else's case.
        "holder": await casework.holder_of(db, case),
        "scam_types": labels.SCAM_TYPES,
        "outcomes": labels.OUTCOMES,
        **await report_casework.page_context(db, me, case, conversation is not None),
    }
    context["error"], context["notice"] = await take(db, login)
    # Opened: everything on the page counts as read (unread markers, title counter).
    await casework.seen(db, me, await desk.case(db, me, case_id))
    return context


@router.get("/cases/{case_id}")
async def case_page(
    case_id: int, login: CaseworkLogin, desk: DeskDep, canned: CannedDep, db: SessionDep
) -> HTMLResponse:
    context = await _case_context(db, desk, canned, login, case_id)
    return render("case.html", **page(login, **context))


@router.get("/cases/{case_id}/messages")
async def case_messages_fragment(
    request: Request, case_id: int, login: CaseworkLogin, desk: DeskDep, db: SessionDep
) -> HTMLResponse:
    """The live refresh of an open case page: only its messages, not audited again.
    ?gelezen=1 (the page is in view) marks them read."""
    case, messages, conversation = await desk.open_case(login.volunteer, case_id, record=False)
    if request.query_params.get("gelezen") == "1":
        await casework.seen(db, login.volunteer, await desk.case(db, login.volunteer, case_id))
    return render("case_messages.html", messages=messages, conversation=conversation, case=case)


def wants_json(request: Request) -> bool:
    """console.js asks for JSON; a plain form (no JavaScript) gets a redirect."""
    return "application/json" in request.headers.get("accept", "")


async def _refused_here(
    db: SessionDep, login: Login, case_id: int, refused: DeskError, request: Request | None = None
) -> Response:
    if request is not None and wants_json(request):
        return JSONResponse({"error": refused.message}, status_code=refused.status)
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


def reply_text(typed: str, canned: str) -> str:
    """Without JavaScript a chosen canned reply comes as its own field: used alone when
    nothing was typed, else put after the typed text (never dropped, never replacing)."""
    if not canned.strip():
        return typed
    if not typed.strip():
        return canned
    return typed.rstrip() + "\n\n" + canned.strip()


@router.post("/cases/{case_id}/reply")
async def reply(
    request: Request, case_id: int, login: CaseworkLogin, desk: DeskDep, db: SessionDep
) -> Response:
    form = await request.form()
    text = reply_text(str(form.get("text") or ""), str(form.get("canned") or ""))
    try:
        message = await desk.reply(
            login.volunteer, case_id, text, str(form.get("client_key") or "") or None
        )
    except DeskError as refused:
        return await _refused_here(db, login, case_id, refused, request)
    if wants_json(request):
        return JSONResponse({"message_id": message.id, "client_key": secrets.token_urlsafe(18)})
    return back_to(f"/console/cases/{case_id}#antwoorden")


FINISH_QUESTIONS = {
    True: "Zaak teruggeven aan de assistent?",
    False: "Zaak afsluiten?",
}


async def _finish(
    request: Request, desk: Desk, db: SessionDep, case_id: int, login: Login, hand_back: bool
) -> Response:
    form = await request.form()
    outcome = str(form.get("outcome") or "")
    if form.get("bevestigd") != "ja":
        # A confirm step on its own page: closing cannot be undone, and works without JS.
        try:
            case = await desk.case(db, login.volunteer, case_id)
            if outcome not in labels.OUTCOMES:
                raise DeskError(400, "Kies een uitkomst voor deze zaak.")
        except DeskError as refused:
            return await _refused_here(db, login, case_id, refused)
        return render(
            "case_confirm.html",
            **page(
                login,
                case=case,
                hand_back=hand_back,
                question=FINISH_QUESTIONS[hand_back],
                outcome=outcome,
            ),
        )
    try:
        await desk.finish(login.volunteer, case_id, outcome, hand_back)
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
