"""Two-factor log-in: a TOTP code (RFC 6238, pyotp) after the password, or one of ten
recovery codes.

Required for coordinators and campaign accounts always, and for volunteers while the
coordinator's switch is on (bot/helpdesk/config.py, on by default). The secret is kept
sealed (`seal_secret`); each time step works once per account (`totp_last_step`, set
in one UPDATE, so two workers cannot both accept a code); recovery codes are kept as
argon2 hashes only. Wrong codes count towards the password's lock-out
(`failed_logins`, `locked_until`), with the same race-safe counting.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

import pyotp
import segno
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from markupsafe import Markup
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console import auth
from bot.helpdesk.config import HelpdeskConfig
from bot.models import RecoveryCode, Volunteer
from bot.sealing import seal, unseal
from bot.settings import Settings

ISSUER = "Scamhulp"  # the name the authenticator app shows above the codes
STEP_SECONDS = 30
DRIFT_STEPS = 1  # a phone clock up to one step ahead or behind is still accepted
EXPIRED_STEPS = 20  # a code from the last ten minutes is 'expired', an older one wrong
DIGITS = 6
RECOVERY_COUNT = 10
RECOVERY_LENGTH = 10
# No 0/o, 1/l/i: a code copied from paper must not be ambiguous.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
ALWAYS_REQUIRED = ("coordinator", "campaign")
# Recovery codes are random (50 bits), not chosen by people: argon2 at a low cost is
# enough, and checking ten of them stays fast.
code_hasher = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)

WRONG = "Deze code klopt niet. Neem de code bij Scamhulp in je app en typ hem opnieuw."
EXPIRED = (
    "Deze code is verlopen. Typ de code die je app nu laat zien. "
    "Gaat het steeds mis? Kijk of de klok van je telefoon goed staat."
)
REPLAYED = "Deze code is al gebruikt. Wacht op de volgende code in je app en typ die."
EMPTY = "Typ de code van 6 cijfers uit je app, of een herstelcode."
WRONG_RECOVERY = "Deze herstelcode klopt niet of is al gebruikt."
LOCKED = (
    "Te vaak een verkeerde code of een verkeerd wachtwoord. Dit account is even "
    "geblokkeerd. Probeer het over {minutes} minuten opnieuw."
)
ALREADY_SET_UP = "Inloggen met een code is al ingesteld, in een ander venster. Log opnieuw in."


class CodeRefused(Exception):
    """A code that does not let the account in (Dutch message)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- the sealed secret: the one place that seals or opens it -----------------------------
def seal_secret(settings: Settings, secret: str) -> str:
    return seal(settings.pseudonym_keys, secret)


def open_secret(settings: Settings, sealed: str | None) -> str | None:
    return unseal(settings.pseudonym_keys, sealed) if sealed else None


# --- who needs it -------------------------------------------------------------------------
async def required(db: AsyncSession, config: HelpdeskConfig, volunteer: Volunteer) -> bool:
    if volunteer.role in ALWAYS_REQUIRED:
        return True
    return await config.volunteer_two_factor(db)


class Requirement:
    """For `auth.authenticate`: asks `required` once and remembers the answer."""

    def __init__(self, db: AsyncSession, config: HelpdeskConfig) -> None:
        self.db, self.config = db, config
        self.answer = False

    async def __call__(self, volunteer: Volunteer) -> bool:
        self.answer = await required(self.db, self.config, volunteer)
        return self.answer


# --- setting it up ------------------------------------------------------------------------
def new_secret() -> str:
    return pyotp.random_base32()


def grouped(secret: str) -> str:
    """'ABCD EFGH ...': the secret in groups of four, for typing it by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def setup_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_code(uri: str) -> Markup:
    """The otpauth:// link as an inline SVG QR code (no image request, nothing cached)."""
    svg = segno.make(uri, error="m", micro=False).svg_inline(
        scale=5, title="QR-code voor je app", light="#ffffff"
    )
    return Markup(svg)  # segno escapes the title; the URI is ours


# --- checking a code ----------------------------------------------------------------------
def step_at(moment: datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def matching_step(secret: str, code: str, now: datetime) -> int:
    """The time step this code belongs to (CodeRefused: wrong or expired)."""
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    current = step_at(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    for step in range(current - EXPIRED_STEPS, current - DRIFT_STEPS):
        if hmac.compare_digest(totp.generate_otp(step), code):
            raise CodeRefused(EXPIRED)
    raise CodeRefused(WRONG)


async def use_step(db: AsyncSession, volunteer_id: int, step: int) -> None:
    """Take the time step for this account, in one UPDATE (CodeRefused: already used,
    here or in another worker). Committed at once."""
    taken = await db.scalar(
        update(Volunteer)
        .where(
            Volunteer.id == volunteer_id,
            or_(Volunteer.totp_last_step.is_(None), Volunteer.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .returning(Volunteer.id)
    )
    await db.commit()
    if taken is None:
        raise CodeRefused(REPLAYED)


def digits_of(text: str) -> str | None:
    """A TOTP code as typed ('123 456' too), or None when it is not one."""
    code = "".join(text.split())
    return code if len(code) == DIGITS and code.isdigit() else None


# --- recovery codes -----------------------------------------------------------------------
def _plain_recovery(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _new_recovery_code() -> str:
    code = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
    return f"{code[:5]}-{code[5:]}"


async def new_recovery_codes(db: AsyncSession, volunteer_id: int) -> list[str]:
    """Ten new codes (shown once); the old ones stop working. The caller commits."""
    codes = [_new_recovery_code() for _ in range(RECOVERY_COUNT)]
    await db.execute(delete(RecoveryCode).where(RecoveryCode.volunteer_id == volunteer_id))
    db.add_all(
        RecoveryCode(volunteer_id=volunteer_id, code_hash=code_hasher.hash(_plain_recovery(c)))
        for c in codes
    )
    return codes


async def recovery_left(db: AsyncSession, volunteer_id: int) -> int:
    count = await db.scalar(
        select(func.count(RecoveryCode.id)).where(
            RecoveryCode.volunteer_id == volunteer_id, RecoveryCode.used_at.is_(None)
        )
    )
    return int(count or 0)


async def use_recovery_code(db: AsyncSession, volunteer_id: int, text: str, now: datetime) -> int:
    """Use a recovery code once; how many are left (CodeRefused: wrong or used)."""
    plain = _plain_recovery(text)
    unused = await db.scalars(
        select(RecoveryCode).where(
            RecoveryCode.volunteer_id == volunteer_id, RecoveryCode.used_at.is_(None)
        )
    )
    for row in list(unused):
        try:
            code_hasher.verify(row.code_hash, plain)
        except (VerificationError, InvalidHashError):
            continue
        # Marked used in one UPDATE: of two tries at once with the same code, one wins.
        used = await db.scalar(
            update(RecoveryCode)
            .where(RecoveryCode.id == row.id, RecoveryCode.used_at.is_(None))
            .values(used_at=now)
            .returning(RecoveryCode.id)
        )
        await db.commit()
        if used is None:
            break
        return await recovery_left(db, volunteer_id)
    raise CodeRefused(WRONG_RECOVERY)


def recovery_notice(left: int) -> str:
    if left == 0:
        return "Je hebt je laatste herstelcode gebruikt. Maak nieuwe codes bij Mijn account."
    word = "herstelcode" if left == 1 else "herstelcodes"
    return f"Je hebt een herstelcode gebruikt. Je hebt nog {left} {word}."


# --- the second step, counted like a password ---------------------------------------------
@dataclass
class Passed:
    """The code was right; `notice` says so when a recovery code was used."""

    notice: str | None = None


Check = Callable[[], Awaitable[Passed]]


def locked_error(settings: Settings) -> auth.AuthError:
    return auth.AuthError(429, LOCKED.format(minutes=settings.lockout_minutes))


async def _counted(
    db: AsyncSession, settings: Settings, volunteer_id: int, now: datetime, check: Check
) -> Passed:
    """Run `check` as one counted try: refused when locked, locked after the last
    allowed failure (auth.count_try: one UPDATE per try, as for passwords)."""
    volunteer = await db.get(Volunteer, volunteer_id, populate_existing=True)
    if volunteer is None:
        raise auth.AuthError(401, "Log opnieuw in.")
    if volunteer.locked_until is not None and volunteer.locked_until > now:
        raise locked_error(settings)
    tries = await auth.count_try(db, volunteer_id, now)
    if tries is None:
        raise locked_error(settings)
    if tries > settings.max_failed_logins:
        await auth.lock_account(db, settings, volunteer_id, now)
        raise locked_error(settings)
    try:
        passed = await check()
    except CodeRefused as refused:
        await db.rollback()
        if tries >= settings.max_failed_logins:
            await auth.lock_account(db, settings, volunteer_id, now)
            raise locked_error(settings) from None
        raise auth.AuthError(401, refused.message) from None
    await db.execute(
        update(Volunteer)
        .where(Volunteer.id == volunteer_id)
        .values(failed_logins=0, locked_until=None)
    )
    await db.commit()
    return passed


async def second_step(
    db: AsyncSession, settings: Settings, volunteer_id: int, typed: str, now: datetime
) -> Passed:
    """The code after the password: a TOTP code or a recovery code (AuthError if not)."""

    async def check() -> Passed:
        code = digits_of(typed)
        if not typed.strip():
            raise CodeRefused(EMPTY)
        if code is None:
            left = await use_recovery_code(db, volunteer_id, typed, now)
            return Passed(recovery_notice(left))
        volunteer = await db.get(Volunteer, volunteer_id)
        secret = open_secret(settings, volunteer.totp_secret if volunteer else None)
        if secret is None:
            raise CodeRefused(WRONG)
        await use_step(db, volunteer_id, matching_step(secret, code, now))
        return Passed()

    return await _counted(db, settings, volunteer_id, now, check)


async def confirm_setup(
    db: AsyncSession, settings: Settings, volunteer_id: int, secret: str, typed: str, now: datetime
) -> tuple[list[str], str]:
    """The first code from the app confirms the new secret: it is stored (sealed), and
    ten recovery codes are made, to be shown once, with the one-time token that starts
    the session after them (AuthError if not)."""
    codes: list[str] = []
    token, token_hash = ready_token()

    async def check() -> Passed:
        code = digits_of(typed)
        if code is None:
            raise CodeRefused(EMPTY if not typed.strip() else WRONG)
        step = matching_step(secret, code, now)
        stored = await db.scalar(
            update(Volunteer)
            .where(Volunteer.id == volunteer_id, Volunteer.totp_secret.is_(None))
            .values(
                totp_secret=seal_secret(settings, secret),
                totp_last_step=step,
                totp_ready_hash=token_hash,
            )
            .returning(Volunteer.id)
        )
        if stored is None:
            raise CodeRefused(ALREADY_SET_UP)
        codes.extend(await new_recovery_codes(db, volunteer_id))
        await db.commit()
        return Passed()

    await _counted(db, settings, volunteer_id, now, check)
    return codes, token


async def check_current_code(
    db: AsyncSession, settings: Settings, volunteer_id: int, typed: str, now: datetime
) -> None:
    """A code from the app, for a change on one's own account (AuthError if not)."""

    async def check() -> Passed:
        code = digits_of(typed)
        if code is None:
            raise CodeRefused(EMPTY if not typed.strip() else WRONG)
        volunteer = await db.get(Volunteer, volunteer_id)
        secret = open_secret(settings, volunteer.totp_secret if volunteer else None)
        if secret is None:
            raise CodeRefused(WRONG)
        await use_step(db, volunteer_id, matching_step(secret, code, now))
        return Passed()

    await _counted(db, settings, volunteer_id, now, check)


# --- after set-up: one session start, once ------------------------------------------------
def ready_token() -> tuple[str, str]:
    """A one-time token for starting the session after the recovery codes were shown,
    and the hash the account keeps of it."""
    token = secrets.token_urlsafe(24)
    return token, hashlib.sha256(token.encode()).hexdigest()


async def take_ready(db: AsyncSession, volunteer_id: int, token: str) -> bool:
    """True once per token (one UPDATE: a second tab or a replay gets False)."""
    taken = await db.scalar(
        update(Volunteer)
        .where(
            Volunteer.id == volunteer_id,
            Volunteer.totp_ready_hash == hashlib.sha256(token.encode()).hexdigest(),
        )
        .values(totp_ready_hash=None)
        .returning(Volunteer.id)
    )
    await db.commit()
    return taken is not None


# --- reset --------------------------------------------------------------------------------
async def reset(db: AsyncSession, volunteer_id: int) -> int:
    """Forget the account's second factor (it sets up again at its next log-in) and end
    its sessions; how many ended. The caller audits and commits."""
    await db.execute(
        update(Volunteer)
        .where(Volunteer.id == volunteer_id)
        .values(totp_secret=None, totp_last_step=None, totp_ready_hash=None)
    )
    await db.execute(delete(RecoveryCode).where(RecoveryCode.volunteer_id == volunteer_id))
    return await auth.end_sessions(db, volunteer_id)
