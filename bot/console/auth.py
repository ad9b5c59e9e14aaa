"""Console log-in: argon2 password hashes, server-side sessions behind a signed cookie,
CSRF tokens, lock-out after repeated failures, and role checks for every route.

The cookie carries a random token signed with SESSION_SECRET (itsdangerous); the
database keeps only the token's SHA-256 and the session's CSRF token. Logging in
always starts a new session and ends the one the browser brought (no fixation);
logging out deletes it. A new password (set by a coordinator, or by the volunteer
themselves) ends the account's other sessions. User names are one name whatever their
case: 'Vol3' logs in as 'vol3'.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.session_use import still_in_use
from bot.models import ConsoleSession, Volunteer, utcnow
from bot.scaleout.lockout_store import DatabaseUnknownNames
from bot.scaleout.logins import RedisUnknownNames, UnknownNames
from bot.settings import Settings

SESSION_COOKIE = "scamhelp_console"
LOGIN_CSRF_COOKIE = "scamhelp_login_csrf"
COOKIE_PATH = "/console"
ROLES = ("volunteer", "coordinator", "campaign")
MIN_PASSWORD_LENGTH = 12
PRESENCE_WRITE_SECONDS = 20

hasher = PasswordHasher()
# Verified against for unknown user names, so they take as long as known ones.
_DUMMY_HASH = hasher.hash(secrets.token_hex(16))


FailedLogins = UnknownNames | RedisUnknownNames | DatabaseUnknownNames


class AuthError(Exception):
    """Refused: HTTP status and a Dutch message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


class PasswordError(ValueError):
    """A password that does not meet the rules (Dutch message)."""


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordError(f"Kies een wachtwoord van minstens {MIN_PASSWORD_LENGTH} tekens.")
    if len(password) > 256:
        raise PasswordError("Dit wachtwoord is te lang (hooguit 256 tekens).")


def hash_password(password: str) -> str:
    check_password_rules(password)
    return hasher.hash(password)


def _signer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.session_secret, salt="scamhelp-console-session")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class Login:
    volunteer: Volunteer
    session: ConsoleSession


async def authenticate(
    db: AsyncSession,
    settings: Settings,
    username: str,
    password: str,
    unknown_names: FailedLogins,
    second_step: Callable[[Volunteer], Awaitable[bool]] | None = None,
) -> Volunteer:
    """The volunteer, or AuthError (wrong name or password, locked, inactive). Failures
    for names without an account are counted in `unknown_names` (shared by the workers
    when REDIS_URL is set). When `second_step` says a code follows, the failures so far
    stay counted (bot/console/two_factor.py)."""
    refused = AuthError(401, "Je gebruikersnaam of wachtwoord klopt niet.")
    volunteer = await by_username(db, username)
    now = utcnow()
    locked = AuthError(
        429,
        "Te vaak een verkeerd wachtwoord. Dit account is even geblokkeerd. "
        f"Probeer het over {settings.lockout_minutes} minuten opnieuw.",
    )
    if volunteer is None or not volunteer.active or volunteer.archived_at is not None:
        # The same answers as for an account, so a name cannot be tested for existence.
        try:
            hasher.verify(_DUMMY_HASH, password)
        except VerificationError:
            pass
        if await unknown_names.failed(username.strip().lower(), now, settings):
            raise locked
        raise refused
    if volunteer.locked_until is not None and volunteer.locked_until > now:
        raise locked
    tries = await _count_try(db, volunteer.id, now)
    if tries is None:
        raise locked  # by a try in another worker, meanwhile
    if tries > settings.max_failed_logins:  # more tries at once than allowed
        await _lock(db, settings, volunteer.id, now)
        raise locked
    try:
        hasher.verify(volunteer.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        if tries >= settings.max_failed_logins:
            await _lock(db, settings, volunteer.id, now)
        raise refused from None
    if second_step is not None and await second_step(volunteer):
        # Only this try is undone: a known password must not reset the count of wrong
        # codes (the count starts again once the code is right).
        await db.execute(
            update(Volunteer)
            .where(Volunteer.id == volunteer.id)
            .values(failed_logins=Volunteer.failed_logins - 1)
        )
    else:
        volunteer.failed_logins = 0
        volunteer.locked_until = None
    if hasher.check_needs_rehash(volunteer.password_hash):
        volunteer.password_hash = hasher.hash(password)
    return volunteer


async def _count_try(db: AsyncSession, volunteer_id: int, now: datetime) -> int | None:
    """Count a try before checking the password, in one UPDATE committed at once: tries
    at the same moment (in several gateway workers) each get their own number, so no
    more than max_failed_logins passwords are checked before the lock. None: locked."""
    tries = await db.scalar(
        update(Volunteer)
        .where(
            Volunteer.id == volunteer_id,
            or_(Volunteer.locked_until.is_(None), Volunteer.locked_until <= now),
        )
        .values(failed_logins=Volunteer.failed_logins + 1)
        .returning(Volunteer.failed_logins)
    )
    await db.commit()
    return None if tries is None else int(tries)


async def _lock(db: AsyncSession, settings: Settings, volunteer_id: int, now: datetime) -> None:
    await db.execute(
        update(Volunteer)
        .where(Volunteer.id == volunteer_id)
        .values(locked_until=now + timedelta(minutes=settings.lockout_minutes), failed_logins=0)
    )
    await db.commit()


async def by_username(db: AsyncSession, username: str) -> Volunteer | None:
    """The account with this name, whatever its case ('Vol3' finds 'vol3')."""
    name = username.strip().lower()
    if not name:
        return None
    return await db.scalar(select(Volunteer).where(func.lower(Volunteer.username) == name))


def password_matches(volunteer: Volunteer, password: str) -> bool:
    try:
        return hasher.verify(volunteer.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


async def end_sessions(db: AsyncSession, volunteer_id: int, keep: str | None = None) -> int:
    """End every session of the account (but `keep`, a token hash); how many ended. The
    caller commits."""
    query = delete(ConsoleSession).where(ConsoleSession.volunteer_id == volunteer_id)
    if keep is not None:
        query = query.where(ConsoleSession.token_hash != keep)
    result = await db.execute(query.execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


async def change_own_password(
    db: AsyncSession, login: Login, current: str, new: str, repeated: str
) -> int:
    """The volunteer's own new password (PasswordError with a Dutch reason otherwise);
    their other sessions end, this one stays. How many sessions ended."""
    # The login's row was loaded by another session (access.py): change it in this one.
    volunteer = await db.get(Volunteer, login.volunteer.id)
    if volunteer is None or not password_matches(volunteer, current):
        raise PasswordError("Je huidige wachtwoord klopt niet.")
    if new != repeated:
        raise PasswordError("De twee nieuwe wachtwoorden zijn niet gelijk. Typ ze opnieuw.")
    if new == current:
        raise PasswordError("Kies een nieuw wachtwoord dat anders is dan je huidige.")
    volunteer.password_hash = hash_password(new)
    return await end_sessions(db, volunteer.id, keep=login.session.token_hash)


async def start_session(
    db: AsyncSession, settings: Settings, volunteer: Volunteer, old_cookie: str | None
) -> tuple[str, ConsoleSession]:
    """A new session (the signed cookie value, the row); the browser's old one ends."""
    if old_cookie:
        old = read_cookie(settings, old_cookie)
        if old is not None:
            await db.execute(delete(ConsoleSession).where(ConsoleSession.token_hash == old))
    token = secrets.token_urlsafe(32)
    row = ConsoleSession(
        token_hash=_token_hash(token),
        volunteer_id=volunteer.id,
        csrf_token=secrets.token_urlsafe(32),
        expires_at=utcnow() + timedelta(hours=settings.session_hours),
    )
    db.add(row)
    volunteer.last_seen_at = utcnow()
    await db.commit()
    return _signer(settings).dumps(token), row


def read_cookie(settings: Settings, cookie: str) -> str | None:
    """The token hash a signed cookie stands for, or None if forged or too old."""
    try:
        token = _signer(settings).loads(cookie, max_age=int(settings.session_hours * 3600))
    except BadSignature:
        return None
    return _token_hash(str(token)) if isinstance(token, str) else None


async def load_session(db: AsyncSession, settings: Settings, request: Request) -> Login | None:
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    token_hash = read_cookie(settings, cookie)
    if token_hash is None:
        return None
    row = await db.get(ConsoleSession, token_hash)
    if row is None or row.expires_at <= utcnow():
        return None
    if not await still_in_use(db, settings, row, request, utcnow()):
        return None  # idle too long: ended (bot/console/session_use.py)
    volunteer = await db.get(Volunteer, row.volunteer_id)
    if volunteer is None or not volunteer.active or volunteer.archived_at is not None:
        return None
    now = utcnow()
    seen = volunteer.last_seen_at
    if seen is None or (now - seen).total_seconds() > PRESENCE_WRITE_SECONDS:
        volunteer.last_seen_at = now
        await db.commit()
    return Login(volunteer, row)


async def end_session(db: AsyncSession, login: Login) -> None:
    await db.execute(
        delete(ConsoleSession).where(ConsoleSession.token_hash == login.session.token_hash)
    )
    # Logged out is not online (unless another session of theirs is still open).
    others = await db.scalar(
        select(ConsoleSession.token_hash).where(ConsoleSession.volunteer_id == login.volunteer.id)
    )
    if others is None:
        await db.execute(
            update(Volunteer).where(Volunteer.id == login.volunteer.id).values(last_seen_at=None)
        )
    await db.commit()


def csrf_matches(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected, str(given))


def new_login_csrf() -> str:
    return secrets.token_urlsafe(32)


def cookie_secure(settings: Settings, request: Request) -> bool:
    if settings.cookie_secure.lower() in ("1", "true", "yes"):
        return True
    if settings.cookie_secure.lower() in ("0", "false", "no"):
        return False
    return request.url.scheme == "https"


# The second step of the log-in (bot/console/two_factor.py) counts its tries the same way.
count_try = _count_try
lock_account = _lock
