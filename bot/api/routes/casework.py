"""The console's case extras: unread counts for the title and the badge, the live state of
a case page (claimed by someone else?), drafts, internal notes, corrections of the
assistant's reading, the resident's report draft (read, correct, send), the team's canned
replies and the labelled-examples export.
The rules live in bot/helpdesk/casework.py and library.py; routes only translate."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import FormData

from bot.api.deps import DeskDep, SessionDep
from bot.api.routes.console import wants_json
from bot.console.access import CASEWORK, COORDINATOR
from bot.console.auth import Login
from bot.console.flash import back_with, take
from bot.console.pages import back_to, page, render
from bot.conversation.states import CaseStatus
from bot.helpdesk import casework, examples, library
from bot.helpdesk.audit import audit
from bot.helpdesk.casework import CaseworkError
from bot.helpdesk.desk import DeskError
from bot.helpdesk.labels import SCAM_TYPES
from bot.models import Case
from bot.reports import casework as report_casework
from common.report_draft import render_text

router = APIRouter(prefix="/console", include_in_schema=False)
CaseworkLogin = Annotated[Login, Depends(CASEWORK)]
CoordinatorLogin = Annotated[Login, Depends(COORDINATOR)]


# --- never miss a message -------------------------------------------------------------------
@router.get("/unread")
async def unread(login: CaseworkLogin, db: SessionDep) -> JSONResponse:
    """Unread resident messages in the cases this volunteer holds: counts only, no content."""
    counts = await casework.unread_held(db, login.volunteer)
    return JSONResponse(
        {"total": sum(counts.values()), "cases": {str(k): v for k, v in counts.items()}},
        headers={"Cache-Control": "no-store"},
    )


@router.get("/cases/{case_id}/state")
async def case_state(case_id: int, login: CaseworkLogin, db: SessionDep) -> HTMLResponse:
    """The claim area of an open case page, live: 'Zaak oppakken' only while the case
    waits; once another volunteer has it, a line that says so (and nothing of the case)."""
    case = await db.get(Case, case_id)
    if case is None:
        raise DeskError(404, "Deze zaak bestaat niet.")
    taken = case.status != CaseStatus.OPEN and case.volunteer_id != login.volunteer.id
    return render("case_state.html", **page(login, case=case, taken=taken))


# --- drafts, notes, corrections -------------------------------------------------------------
async def _visible(desk: DeskDep, db: SessionDep, login: Login, case_id: int) -> Case:
    return await desk.case(db, login.volunteer, case_id)


@router.post("/cases/{case_id}/draft")
async def save_draft(
    request: Request, case_id: int, login: CaseworkLogin, desk: DeskDep, db: SessionDep
) -> Response:
    form = await request.form()
    try:
        case = await _visible(desk, db, login, case_id)
        await casework.save_draft(db, login.volunteer, case, str(form.get("text") or ""))
    except (DeskError, CaseworkError) as refused:
        return JSONResponse({"error": refused.message}, status_code=refused.status)
    return JSONResponse({"saved": True})


async def _back(
    request: Request,
    db: SessionDep,
    login: Login,
    where: str,
    error: str | None = None,
) -> Response:
    """JSON for console.js, else back to the case page's section (error shown once)."""
    if wants_json(request):
        return JSONResponse({"error": error} if error else {"ok": True}, 400 if error else 200)
    return await back_with(db, login, where, error)


@router.post("/cases/{case_id}/notes")
async def add_note(
    request: Request, case_id: int, login: CaseworkLogin, desk: DeskDep, db: SessionDep
) -> Response:
    form = await request.form()
    case = await _visible(desk, db, login, case_id)
    where = f"/console/cases/{case_id}#notities"
    try:
        await casework.add_note(db, login.volunteer, case, str(form.get("note") or ""))
    except CaseworkError as refused:
        return await _back(request, db, login, where, refused.message)
    return await _back(request, db, login, where)


@router.post("/cases/{case_id}/correct")
async def correct(
    request: Request, case_id: int, login: CaseworkLogin, desk: DeskDep, db: SessionDep
) -> Response:
    form = await request.form()
    case = await _visible(desk, db, login, case_id)
    try:
        await casework.correct(
            db,
            login.volunteer,
            case,
            str(form.get("scam_type") or ""),
            str(form.get("urgency") or ""),
        )
    except CaseworkError as refused:
        return await _back(request, db, login, f"/console/cases/{case_id}", refused.message)
    return await _back(request, db, login, f"/console/cases/{case_id}")


# --- the resident's report draft (bot/reports/casework.py) --------------------------------------
@router.get("/cases/{case_id}/report-draft")
async def report_draft_fragment(
    case_id: int, login: CaseworkLogin, desk: DeskDep, db: SessionDep
) -> HTMLResponse:
    """The live refresh of the case page's draft (as it grows): label and answer, inert."""
    case = await _visible(desk, db, login, case_id)
    context = await report_casework.page_context(db, login.volunteer, case, True)
    return render("case_report_draft.html", **page(login, **context))


@router.post("/cases/{case_id}/report-draft")
async def report_draft_correct(
    request: Request, case_id: int, login: CaseworkLogin, desk: DeskDep, db: SessionDep
) -> Response:
    form = await request.form()
    case = await _visible(desk, db, login, case_id)
    where = f"/console/cases/{case_id}#concept-aangifte"
    try:
        changes = report_casework.changes_from(form)
        changed = await report_casework.correct(db, login.volunteer, case, changes)
    except CaseworkError as refused:
        return await _back(request, db, login, where, refused.message)
    if changed:
        desk.notifier.console("report_draft", case_id)  # other open pages of the case
    if wants_json(request):
        return JSONResponse({"changed": changed})
    notice = "Het concept is aangepast." if changed else "Er was niets veranderd."
    return await back_with(db, login, where, notice=notice)


@router.post("/cases/{case_id}/report-draft/send")
async def report_draft_send(
    request: Request, case_id: int, login: CaseworkLogin, desk: DeskDep, db: SessionDep
) -> Response:
    """'Stuur concept naar bewoner': the draft's text as a volunteer message, delivered as
    every reply is (the widget shows it with its copy and PDF controls, Telegram sends
    the PDF with it)."""
    form = await request.form()
    case = await _visible(desk, db, login, case_id)
    where = f"/console/cases/{case_id}#concept-aangifte"
    row = await report_casework.visible_draft(db, case)
    if row is None:
        return await _back(request, db, login, where, report_casework.NO_DRAFT)
    if not report_casework.may_edit(login.volunteer, case):
        return await _back(request, db, login, where, report_casework.NOT_YOURS)
    text = render_text(row.draft())
    key = str(form.get("client_key") or "") or None
    try:
        message = await desk.reply(login.volunteer, case_id, text, key, report_draft=True)
    except DeskError as refused:
        return await _back(request, db, login, where, refused.message)
    if wants_json(request):
        return JSONResponse({"message_id": message.id})
    return back_to(f"/console/cases/{case_id}#antwoorden")


# --- the team's canned replies ----------------------------------------------------------------
@router.get("/canned")
async def canned_page(login: CaseworkLogin, db: SessionDep) -> HTMLResponse:
    error, notice = await take(db, login)
    return render(
        "canned.html",
        **page(
            login,
            replies=await library.active(db),
            scam_types=SCAM_TYPES,
            error=error,
            notice=notice,
            max_label=library.MAX_LABEL_CHARS,
            max_text=library.MAX_TEXT_CHARS,
        ),
    )


def _fields(form: FormData) -> tuple[str, str, str]:
    return tuple(str(form.get(name) or "") for name in ("label", "text", "scam_type"))  # type: ignore[return-value]


@router.post("/canned")
async def canned_add(request: Request, login: CoordinatorLogin, db: SessionDep) -> Response:
    try:
        await library.add(db, login.volunteer, *_fields(await request.form()))
    except library.LibraryError as refused:
        return await back_with(db, login, "/console/canned", refused.message)
    return await back_with(db, login, "/console/canned", notice="Standaardantwoord toegevoegd.")


@router.post("/canned/{reply_id}")
async def canned_change(
    request: Request, reply_id: int, login: CoordinatorLogin, db: SessionDep
) -> Response:
    try:
        await library.change(db, login.volunteer, reply_id, *_fields(await request.form()))
    except library.LibraryError as refused:
        return await back_with(db, login, "/console/canned", refused.message)
    return await back_with(db, login, "/console/canned", notice="Standaardantwoord opgeslagen.")


@router.post("/canned/{reply_id}/archive")
async def canned_archive(reply_id: int, login: CoordinatorLogin, db: SessionDep) -> Response:
    try:
        await library.archive(db, login.volunteer, reply_id)
    except library.LibraryError as refused:
        return await back_with(db, login, "/console/canned", refused.message)
    return await back_with(db, login, "/console/canned", notice="Standaardantwoord gearchiveerd.")


# --- labelled examples for the assistant ------------------------------------------------------
@router.get("/corrections.csv")
async def corrections_csv(login: CoordinatorLogin, db: SessionDep) -> Response:
    """Corrected cases as labelled examples (masked; consent only): README, 'Correcties'."""
    rows = await examples.labelled_examples(db)
    audit(db, login.volunteer, "export_examples", detail=f"{len(rows)} voorbeelden")
    await db.commit()
    return Response(
        examples.to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="correcties.csv"',
            "Cache-Control": "no-store",
        },
    )
