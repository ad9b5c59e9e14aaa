"""The volunteer console (Dutch, server-rendered): log-in, queue, cases, coordinator pages.

Everything a resident wrote is rendered as inert text: Jinja2 escapes all HTML and
`defang` breaks every link; list views also mask IBANs, phone numbers and e-mail
addresses. Every route but the log-in declares its roles with `Require`.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import func, select

from bot.console import auth
from bot.console.access import ANY_ROLE, CASEWORK, COORDINATOR, CSRF_FIELD, ConsoleRefusal
from bot.console.auth import Login
from bot.console.defang import defang
from bot.conversations import Gateway
from bot.events import event_stream
from bot.helpdesk import labels
from bot.helpdesk.audit import audit
from bot.helpdesk.canned import CannedReplies
from bot.helpdesk.desk import Desk, DeskError, waiting_minutes
from bot.helpdesk.hours import TIMEZONE, HoursError
from bot.helpdesk.notify import CONSOLE_TOPIC
from bot.models import AuditEntry, Case, Volunteer, utcnow
from common.masking import mask

TEMPLATES = Path(__file__).resolve().parent / "templates"
LOCAL_TIME = "%d-%m-%Y %H:%M"

environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
)
environment.filters["inert"] = defang
environment.filters["masked"] = lambda text: defang(mask(text or ""))
environment.filters["scam"] = labels.scam_label
environment.filters["outcome"] = labels.outcome_label
environment.filters["channel"] = lambda c: labels.CHANNELS.get(c, c)
environment.filters["status"] = lambda s: labels.STATUSES.get(s, s)
environment.filters["role"] = lambda r: labels.ROLES.get(r, r)
environment.filters["damage"] = lambda d: labels.DAMAGE.get(d, d)


def _local(moment: Any) -> str:
    return moment.astimezone(TIMEZONE).strftime(LOCAL_TIME) if moment else ""


environment.filters["local"] = _local


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(environment.get_template(name).render(**context), status_code=status)


def gateway_of(request: Request) -> Gateway:
    return request.app.state.gateway


def desk_of(request: Request) -> Desk:
    return request.app.state.desk


def page(login: Login, **context: Any) -> dict[str, Any]:
    return {"me": login.volunteer, "csrf": login.session.csrf_token, **context}


def back_to(url: str, error: str | None = None, notice: str | None = None) -> RedirectResponse:
    """303 to a console page, with a Dutch error ('fout') or notice ('ok') to show there."""
    if error is not None:
        url += ("&" if "?" in url else "?") + "fout=" + quote(error)
    if notice is not None:
        url += ("&" if "?" in url else "?") + "ok=" + quote(notice)
    return RedirectResponse(url, status_code=303)


def to_team(error: str | None = None, notice: str | None = None) -> RedirectResponse:
    return back_to("/console/team", error, notice)


router = APIRouter(prefix="/console", include_in_schema=False)
CaseworkLogin = Annotated[Login, Depends(CASEWORK)]
CoordinatorLogin = Annotated[Login, Depends(COORDINATOR)]
AnyLogin = Annotated[Login, Depends(ANY_ROLE)]


# --- log-in ---------------------------------------------------------------------------
def _login_page(request: Request, error: str | None = None, status: int = 200) -> HTMLResponse:
    token = auth.new_login_csrf()
    response = render("login.html", status, csrf=token, error=error)
    response.set_cookie(
        auth.LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=auth.cookie_secure(gateway_of(request).settings, request),
        path=auth.COOKIE_PATH,
    )
    return response


@router.get("/login")
async def login_form(request: Request) -> HTMLResponse:
    return _login_page(request)


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    expected = request.cookies.get(auth.LOGIN_CSRF_COOKIE, "")
    if not expected or not auth.csrf_matches(expected, str(form.get(CSRF_FIELD) or "")):
        return _login_page(request, "Deze pagina is verlopen. Probeer het opnieuw.", 400)
    gateway = gateway_of(request)
    settings = gateway.settings
    async with gateway.sessions() as db:
        try:
            volunteer = await auth.authenticate(
                db, settings, str(form.get("username") or ""), str(form.get("password") or "")
            )
        except auth.AuthError as refused:
            return _login_page(request, refused.message, refused.status)
        cookie, _row = await auth.start_session(
            db, settings, volunteer, request.cookies.get(auth.SESSION_COOKIE)
        )
        target = "/console/figures" if volunteer.role == "campaign" else "/console"
    response = back_to(target)
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
async def logout(
    request: Request,
    login: AnyLogin,
) -> Response:
    async with gateway_of(request).sessions() as db:
        await auth.end_session(db, login)
    response = back_to("/console/login")
    response.delete_cookie(auth.SESSION_COOKIE, path=auth.COOKIE_PATH)
    return response


# --- the queue --------------------------------------------------------------------------
async def _queue_context(request: Request, login: Login) -> dict[str, Any]:
    desk = desk_of(request)
    async with gateway_of(request).sessions() as db:
        items = []
        for case in await desk.queue(db, login.volunteer):
            items.append(
                {
                    "case": case,
                    "preview": await desk.preview(db, case),
                    "waiting": waiting_minutes(case),
                }
            )
        held = await desk.held(db, login.volunteer)
    return {"items": items, "held": held}


@router.get("")
async def queue_page(request: Request, login: CaseworkLogin) -> HTMLResponse:
    return render("queue.html", **page(login, **await _queue_context(request, login)))


@router.get("/queue")
async def queue_fragment(request: Request, login: CaseworkLogin) -> HTMLResponse:
    return render("queue_table.html", **page(login, **await _queue_context(request, login)))


@router.get("/events")
async def console_events(request: Request, login: CaseworkLogin) -> Response:
    """Queue and case changes for open consoles (server-sent events); keeps presence."""
    gateway = gateway_of(request)
    volunteer_id = login.volunteer.id

    async def still_present() -> bool:
        async with gateway.sessions() as db:
            volunteer = await db.get(Volunteer, volunteer_id)
            if volunteer is None or not volunteer.active:
                return False
            volunteer.last_seen_at = utcnow()
            await db.commit()
            return True

    return event_stream(request, gateway.hub, CONSOLE_TOPIC, "retry: 3000\n\n", still_present)


# --- a case -----------------------------------------------------------------------------
async def _case_context(request: Request, login: Login, case_id: int) -> dict[str, Any]:
    case, messages, conversation = await desk_of(request).open_case(login.volunteer, case_id)
    canned: list[Any] = []
    if case.status == "claimed" and case.volunteer_id == login.volunteer.id:
        canned = await request.app.state.canned.for_case(case.scam_type)
    return {
        "case": case,
        "messages": messages,
        "conversation": conversation,
        "waiting": waiting_minutes(case),
        "mine": case.volunteer_id == login.volunteer.id,
        "canned": canned,
        "outcomes": labels.OUTCOMES,
        "error": request.query_params.get("fout"),
    }


@router.get("/cases/{case_id}")
async def case_page(request: Request, case_id: int, login: CaseworkLogin) -> HTMLResponse:
    return render("case.html", **page(login, **await _case_context(request, login, case_id)))


@router.get("/cases/{case_id}/messages")
async def case_messages_fragment(
    request: Request, case_id: int, login: CaseworkLogin
) -> HTMLResponse:
    """The live refresh of an open case page: only its messages, not audited again."""
    _case, messages, conversation = await desk_of(request).open_case(
        login.volunteer, case_id, record=False
    )
    return render("case_messages.html", messages=messages, conversation=conversation)


@router.post("/cases/{case_id}/claim")
async def claim(request: Request, case_id: int, login: CaseworkLogin) -> Response:
    try:
        await desk_of(request).claim(login.volunteer, case_id)
    except DeskError as refused:
        if refused.status == 404:
            raise
        return back_to(f"/console/cases/{case_id}", refused.message)
    return back_to(f"/console/cases/{case_id}")


@router.post("/cases/{case_id}/reply")
async def reply(request: Request, case_id: int, login: CaseworkLogin) -> Response:
    form = await request.form()
    text = str(form.get("text") or "")
    if not text.strip() and form.get("canned"):
        text = str(form.get("canned"))
    try:
        await desk_of(request).reply(login.volunteer, case_id, text)
    except DeskError as refused:
        if refused.status == 404:
            raise
        return back_to(f"/console/cases/{case_id}", refused.message)
    return back_to(f"/console/cases/{case_id}")


async def _finish(request: Request, case_id: int, login: Login, hand_back: bool) -> Response:
    form = await request.form()
    try:
        await desk_of(request).finish(
            login.volunteer, case_id, str(form.get("outcome") or ""), hand_back
        )
    except DeskError as refused:
        if refused.status == 404:
            raise
        return back_to(f"/console/cases/{case_id}", refused.message)
    return back_to("/console")


@router.post("/cases/{case_id}/hand-back")
async def hand_back(request: Request, case_id: int, login: CaseworkLogin) -> Response:
    return await _finish(request, case_id, login, hand_back=True)


@router.post("/cases/{case_id}/close")
async def close(request: Request, case_id: int, login: CaseworkLogin) -> Response:
    return await _finish(request, case_id, login, hand_back=False)


# --- coordinator ------------------------------------------------------------------------
async def _team_context(request: Request) -> dict[str, Any]:
    gateway = gateway_of(request)
    async with gateway.sessions() as db:
        volunteers = list(
            (await db.execute(select(Volunteer).order_by(Volunteer.username))).scalars()
        )
        held = dict(
            (
                await db.execute(
                    select(Case.volunteer_id, func.count(Case.id))
                    .where(Case.status == "claimed")
                    .group_by(Case.volunteer_id)
                )
            ).all()
        )
        week_ago = utcnow() - timedelta(days=7)
        closed = dict(
            (
                await db.execute(
                    select(Case.volunteer_id, func.count(Case.id))
                    .where(Case.status == "closed", Case.closed_at >= week_ago)
                    .group_by(Case.volunteer_id)
                )
            ).all()
        )
        counts = dict(
            (await db.execute(select(Case.status, func.count(Case.id)).group_by(Case.status))).all()
        )
        urgent_open = await db.scalar(
            select(func.count(Case.id)).where(Case.status == "open", Case.urgent.is_(True))
        )
        hours = await gateway.config.opening_hours(db)
        retention = await gateway.config.retention_days(db)
    online_since = utcnow().timestamp() - gateway.settings.presence_seconds
    return {
        "volunteers": volunteers,
        "held": held,
        "closed_week": closed,
        "open_cases": counts.get("open", 0),
        "claimed_cases": counts.get("claimed", 0),
        "urgent_open": urgent_open or 0,
        "online": {
            v.id
            for v in volunteers
            if v.last_seen_at and v.last_seen_at.timestamp() >= online_since
        },
        "hours": hours.as_text(),
        "hours_text": hours.describe(),
        "retention": retention,
        "roles": labels.ROLES,
    }


@router.get("/team")
async def team_page(request: Request, login: CoordinatorLogin) -> HTMLResponse:
    context = await _team_context(request)
    return render(
        "team.html",
        **page(
            login,
            **context,
            error=request.query_params.get("fout"),
            notice=request.query_params.get("ok"),
        ),
    )


@router.post("/team/volunteers")
async def add_volunteer(request: Request, login: CoordinatorLogin) -> Response:
    form = await request.form()
    username = str(form.get("username") or "").strip()
    display_name = str(form.get("display_name") or "").strip() or username
    role = str(form.get("role") or "volunteer")
    if not username or len(username) > 64 or role not in auth.ROLES:
        return to_team(error="Vul een gebruikersnaam en een rol in.")
    try:
        password_hash = auth.hash_password(str(form.get("password") or ""))
    except auth.PasswordError as refused:
        return to_team(error=str(refused))
    async with gateway_of(request).sessions() as db:
        exists = await db.scalar(select(Volunteer.id).where(Volunteer.username == username))
        if exists:
            return to_team(error="Deze gebruikersnaam bestaat al.")
        db.add(
            Volunteer(
                username=username,
                display_name=display_name[:80],
                role=role,
                password_hash=password_hash,
            )
        )
        audit(db, login.volunteer, f"add_user:{role}")
        await db.commit()
    return to_team(notice=f"{username} is toegevoegd.")


@router.post("/team/volunteers/{volunteer_id}")
async def change_volunteer(
    request: Request, volunteer_id: int, login: CoordinatorLogin
) -> Response:
    form = await request.form()
    async with gateway_of(request).sessions() as db:
        volunteer = await db.get(Volunteer, volunteer_id)
        if volunteer is None:
            return to_team(error="Deze persoon bestaat niet.")
        action = str(form.get("action") or "")
        if action in ("deactivate", "activate"):
            if volunteer.id == login.volunteer.id:
                return to_team(error="Je kunt jezelf niet uitzetten.")
            volunteer.active = action == "activate"
        elif action == "role" and str(form.get("role")) in auth.ROLES:
            if volunteer.id == login.volunteer.id:
                return to_team(error="Je kunt je eigen rol niet wijzigen.")
            volunteer.role = str(form.get("role"))
        elif action == "password":
            try:
                volunteer.password_hash = auth.hash_password(str(form.get("password") or ""))
            except auth.PasswordError as refused:
                return to_team(error=str(refused))
            volunteer.locked_until = None
            volunteer.failed_logins = 0
        elif action == "unlock":
            volunteer.locked_until = None
            volunteer.failed_logins = 0
        else:
            return to_team(error="Onbekende wijziging.")
        audit(db, login.volunteer, f"{action}:{volunteer.username}")
        await db.commit()
    return to_team(notice="Opgeslagen.")


@router.post("/team/settings")
async def change_settings(request: Request, login: CoordinatorLogin) -> Response:
    form = await request.form()
    gateway = gateway_of(request)
    async with gateway.sessions() as db:
        try:
            await gateway.config.set_opening_hours(db, str(form.get("hours") or ""))
            days = str(form.get("retention") or "")
            if not days.isdigit():
                raise ValueError("Vul de bewaartermijn in als een aantal dagen.")
            await gateway.config.set_retention_days(db, int(days))
        except (HoursError, ValueError) as refused:
            await db.rollback()
            return to_team(error=str(refused))
        audit(db, login.volunteer, "settings")
        await db.commit()
    return to_team(notice="Instellingen opgeslagen.")


@router.get("/audit")
async def audit_page(request: Request, login: CoordinatorLogin) -> HTMLResponse:
    async with gateway_of(request).sessions() as db:
        entries = list(
            (
                await db.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(500))
            ).scalars()
        )
    return render("audit.html", **page(login, entries=entries))


def install(app: Any) -> None:
    """Routes, the refusal handlers and the console's security headers."""
    app.state.desk = None  # set in the lifespan
    app.include_router(router)

    @app.exception_handler(ConsoleRefusal)
    async def refused(request: Request, exc: ConsoleRefusal) -> Response:
        if exc.status == 303:
            return back_to("/console/login")
        return render("refused.html", exc.status, message=exc.message)

    @app.exception_handler(DeskError)
    async def desk_refused(request: Request, exc: DeskError) -> Response:
        return render("refused.html", exc.status, message=exc.message)


def attach(app: Any, gateway: Gateway) -> None:
    app.state.desk = Desk(gateway)
    app.state.canned = CannedReplies(gateway.rasa)
