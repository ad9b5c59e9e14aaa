"""The second step's settings in the console: the coordinator's switch for volunteers
(on the team page), the coordinator's reset of an account's second factor (on the team
member page), and new recovery codes on one's own account page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from bot.api.deps import GatewayDep, SessionDep, TeamDep
from bot.api.routes.team import CONFIRM_FIELD, CONFIRM_VALUE
from bot.console import auth, two_factor
from bot.console.access import ANY_ROLE, COORDINATOR
from bot.console.auth import Login
from bot.console.flash import back_with
from bot.console.pages import back_to, page, render
from bot.helpdesk.audit import account_name, audit
from bot.helpdesk.config import VOLUNTEER_TWO_FACTOR
from bot.helpdesk.team import TeamError, sessions_ended
from bot.models import utcnow

router = APIRouter(prefix="/console", include_in_schema=False)
CoordinatorLogin = Annotated[Login, Depends(COORDINATOR)]
AnyLogin = Annotated[Login, Depends(ANY_ROLE)]
SWITCH_FIELD = "volunteer_two_factor"
ON_OFF = {"on": "aan", "off": "uit"}


@router.post("/team/two-factor")
async def change_switch(
    request: Request, login: CoordinatorLogin, gateway: GatewayDep, db: SessionDep
) -> Response:
    """Whether volunteers log in with a code too (coordinators and campaign accounts
    always do); audited as a setting."""
    form = await request.form()
    wanted = str(form.get(SWITCH_FIELD) or "")
    if wanted not in ON_OFF:
        return await back_with(db, login, "/console/team", "Kies aan of uit.")
    before = "on" if await gateway.config.volunteer_two_factor(db) else "off"
    if wanted != before:
        await gateway.config.set_volunteer_two_factor(db, wanted == "on")
        detail = f"{ON_OFF[before]} → {ON_OFF[wanted]}"
        audit(db, login.volunteer, "settings", subject=VOLUNTEER_TWO_FACTOR, detail=detail)
        await db.commit()
    return await back_with(db, login, "/console/team", notice="Instellingen opgeslagen.")


@router.post("/team/volunteers/{volunteer_id}/two-factor/reset")
async def reset(
    request: Request, volunteer_id: int, login: CoordinatorLogin, team: TeamDep, db: SessionDep
) -> Response:
    """For a lost phone: the account sets up a new app at its next log-in. Every one of
    its sessions ends; audited."""
    form = await request.form()
    here = f"/console/team/volunteers/{volunteer_id}"
    try:
        person = await team.member(db, volunteer_id)
    except TeamError as refused:
        return await back_with(db, login, "/console/team", refused.message)
    if form.get(CONFIRM_FIELD) != CONFIRM_VALUE:
        return await back_with(db, login, here, "Vink eerst aan dat je dit zeker weet.")
    name = person.display_name
    ended = await two_factor.reset(db, person.id)
    audit(
        db,
        login.volunteer,
        "reset_two_factor",
        subject=account_name(person),
        detail=sessions_ended(ended),
    )
    await db.commit()
    if person.id == login.volunteer.id:  # one's own: this session ended too
        return back_to("/console/login")
    notice = (
        f"De code voor {name} is gewist en {name} is overal uitgelogd. "
        f"Bij de volgende keer inloggen stelt {name} een nieuwe app in."
    )
    return await back_with(db, login, here, notice=notice)


@router.post("/account/recovery-codes")
async def new_codes(
    request: Request, login: AnyLogin, gateway: GatewayDep, db: SessionDep
) -> Response:
    """Ten new recovery codes after a current code from the app; the old ones stop."""
    form = await request.form()
    me = login.volunteer
    if not me.totp_secret:
        return await back_with(db, login, "/console/account", "Je logt nog niet in met een code.")
    typed = str(form.get("code") or "")[:64]
    try:
        await two_factor.check_current_code(db, gateway.settings, me.id, typed, utcnow())
    except auth.AuthError as refused:
        return await back_with(db, login, "/console/account", refused.message)
    codes = await two_factor.new_recovery_codes(db, me.id)
    audit(db, me, "new_recovery_codes", subject=account_name(me))
    await db.commit()
    return render("recovery_codes.html", **page(login, codes=codes, action=None))
