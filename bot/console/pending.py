"""The half-logged-in state between the password and the code: a short-lived signed
cookie, never a session.

The cookie (itsdangerous, its own salt, so it can never pass for a session cookie) names
the account and a fingerprint of its password hash, so a new password voids it; it is
sent only to /console/login and its sub-pages, and opens nothing but the code and set-up
pages. It carries its own CSRF token, the page to return to, and during set-up the new
secret, sealed. No ConsoleSession row exists until the second step is done.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import asdict, dataclass, replace
from typing import Literal

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console import auth
from bot.models import Volunteer
from bot.settings import Settings

PENDING_COOKIE = "scamhelp_login_pending"
PENDING_PATH = "/console/login"
PENDING_SECONDS = 300  # the code or the set-up within five minutes of the password
Stage = Literal["code", "setup", "ready"]
STAGES = ("code", "setup", "ready")


@dataclass(frozen=True)
class Pending:
    volunteer_id: int
    password: str  # fingerprint of the password hash at the password step
    stage: Stage
    csrf: str
    back: str | None = None
    secret: str | None = None  # set-up: the new TOTP secret, sealed
    ready: str | None = None  # after set-up: the one-time token that starts the session

    def at(self, stage: Stage, **changes: str | None) -> Pending:
        return replace(self, stage=stage, **changes)  # type: ignore[arg-type]


def _signer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.session_secret, salt="scamhelp-console-pending")


def password_fingerprint(volunteer: Volunteer) -> str:
    return hashlib.sha256(b"pending:" + volunteer.password_hash.encode()).hexdigest()[:32]


def read(settings: Settings, cookie: str | None) -> Pending | None:
    """The pending state a cookie stands for, or None (forged, too old, damaged)."""
    if not cookie:
        return None
    try:
        data = _signer(settings).loads(cookie, max_age=PENDING_SECONDS)
    except BadSignature:
        return None
    try:
        pending = Pending(**data)
    except TypeError:
        return None
    if pending.stage not in STAGES or not isinstance(pending.volunteer_id, int):
        return None
    return pending


async def load(
    db: AsyncSession, settings: Settings, request: Request
) -> tuple[Pending, Volunteer] | None:
    """The browser's pending state and its account, if both still hold: the account
    is active and has the password it had at the password step."""
    pending = read(settings, request.cookies.get(PENDING_COOKIE))
    if pending is None:
        return None
    volunteer = await db.get(Volunteer, pending.volunteer_id, populate_existing=True)
    if volunteer is None or not volunteer.active or volunteer.archived_at is not None:
        return None
    if not hmac.compare_digest(pending.password, password_fingerprint(volunteer)):
        return None
    return pending, volunteer


def start(volunteer: Volunteer, back: str | None) -> Pending:
    stage: Stage = "code" if volunteer.totp_secret else "setup"
    fingerprint = password_fingerprint(volunteer)
    return Pending(volunteer.id, fingerprint, stage, auth.new_login_csrf(), back)


def set_cookie(response: Response, settings: Settings, request: Request, pending: Pending) -> None:
    response.set_cookie(
        PENDING_COOKIE,
        _signer(settings).dumps(asdict(pending)),
        max_age=PENDING_SECONDS,
        httponly=True,
        samesite="strict",
        secure=auth.cookie_secure(settings, request),
        path=PENDING_PATH,
    )


def clear_cookie(response: Response) -> None:
    response.delete_cookie(PENDING_COOKIE, path=PENDING_PATH)
