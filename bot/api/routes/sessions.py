"""Ending console sessions: a volunteer ends one of their own other sessions on their
account page; a coordinator ends one or all of a team member's on the team member page
(all of them only with the ticked 'Ja, ...' box), written to the audit log. The lists
themselves are shown by account.py and team.py (bot/console/sessions_list.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from bot.api.deps import SessionDep, TeamDep
from bot.api.routes.team import CONFIRM_FIELD, CONFIRM_VALUE
from bot.console import sessions_list
from bot.console.access import ANY_ROLE, COORDINATOR
from bot.console.auth import Login
from bot.console.flash import back_with
from bot.helpdesk.audit import account_name, audit
from bot.helpdesk.team import TeamError, sessions_ended

router = APIRouter(prefix="/console", include_in_schema=False)
AnyLogin = Annotated[Login, Depends(ANY_ROLE)]
CoordinatorLogin = Annotated[Login, Depends(COORDINATOR)]
ACCOUNT = "/console/account"
GONE = "Die sessie bestaat niet meer. Misschien is ze al beëindigd."


async def _ref(request: Request) -> str:
    form = await request.form()
    return str(form.get("sessie") or "")[:64]


@router.post("/account/sessions/end")
async def end_own_session(request: Request, login: AnyLogin, db: SessionDep) -> Response:
    ref = await _ref(request)
    if ref == sessions_list.reference(login.session.token_hash):
        return await back_with(
            db,
            login,
            ACCOUNT,
            "Dit is het apparaat dat je nu gebruikt. Log hier uit met 'Uitloggen'.",
        )
    ended = await sessions_list.end_one(db, login.volunteer.id, ref)
    if ended is None:
        return await back_with(db, login, ACCOUNT, GONE)
    audit(
        db,
        login.volunteer,
        "end_own_session",
        subject=account_name(login.volunteer),
        detail=sessions_list.described(ended),
    )
    await db.commit()
    notice = f"Je bent uitgelogd op {ended.browser or sessions_list.UNKNOWN_BROWSER}."
    return await back_with(db, login, ACCOUNT, notice=notice)


@router.post("/team/volunteers/{volunteer_id}/sessions/end")
async def end_member_sessions(
    request: Request, volunteer_id: int, login: CoordinatorLogin, team: TeamDep, db: SessionDep
) -> Response:
    """One session (`sessie`: its reference) or all of them (`sessie=alle`, confirmed)."""
    here = f"/console/team/volunteers/{volunteer_id}"
    try:
        person = await team.member(db, volunteer_id)
    except TeamError as refused:
        return await back_with(db, login, "/console/team", refused.message)
    if person.id == login.volunteer.id:
        return await back_with(
            db, login, ACCOUNT, "Je eigen sessies beëindig je hier, bij 'Waar ben je ingelogd?'."
        )
    form = await request.form()
    ref = str(form.get("sessie") or "")[:64]
    if ref == "alle":
        if form.get(CONFIRM_FIELD) != CONFIRM_VALUE:
            return await back_with(
                db, login, here, f"Vink eerst aan: 'Ja, log {person.display_name} overal uit'."
            )
        count = await sessions_list.end_all(db, person.id)
        audit(
            db,
            login.volunteer,
            "end_all_sessions",
            subject=account_name(person),
            detail=sessions_ended(count),
        )
        await db.commit()
        if count == 0:
            return await back_with(
                db, login, here, notice=f"{person.display_name} was nergens ingelogd."
            )
        return await back_with(
            db,
            login,
            here,
            notice=f"{person.display_name} is overal uitgelogd ({sessions_ended(count)}).",
        )
    ended = await sessions_list.end_one(db, person.id, ref)
    if ended is None:
        return await back_with(db, login, here, GONE)
    audit(
        db,
        login.volunteer,
        "end_session",
        subject=account_name(person),
        detail=sessions_list.described(ended),
    )
    await db.commit()
    browser = ended.browser or sessions_list.UNKNOWN_BROWSER
    return await back_with(
        db, login, here, notice=f"{person.display_name} is uitgelogd op {browser}."
    )
