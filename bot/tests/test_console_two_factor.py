"""Two-factor log-in over HTTP against the gateway (fake Rasa; SQLite and PostgreSQL):
set-up from the QR page's secret, codes wrong, expired and replayed, recovery codes
used once, lock-out after wrong codes, the pending cookie (no session before the code,
short-lived, bound to the password), the volunteers' switch, the coordinator's reset,
new recovery codes on one's own account, and the command line's way back."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import asdict

import httpx
import pyotp
import pytest
from fastapi import FastAPI
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select

from bot.console import auth, pending, two_factor
from bot.helpdesk.audit_texts import describe
from bot.models import AuditEntry, ConsoleSession, RecoveryCode, utcnow
from bot.tests.cli_accounts import _environment
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import (
    HTML,
    add_user,
    console_client,
    csrf_of,
    login,
    page_csrf,
    password_step,
)
from bot.tests.console_security_helpers import (
    error_of,
    refused_to_log_in,
    set_cookie_headers,
    volunteer_named,
    with_cookie,
)
from bot.tests.fake_rasa import FakeRasa
from tools.console_login import AUTHENTICATOR, CODE_PAGE, SETUP_PAGE, START
from tools.rasa_processes import ROOT

SECRET = re.compile(r'<code id="secret" class="secret">([A-Z2-7 ]+)</code>')
RECOVERY = re.compile(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>")
NEW_PASSWORD = "nog-een-lang-wachtwoord-7"


@pytest.fixture
async def app(database_url: str, fake_rasa: FakeRasa) -> AsyncIterator[FastAPI]:
    async with fake_gateway(database_url, fake_rasa) as (application, _):
        yield application


def step_now() -> int:
    return int(time.time()) // two_factor.STEP_SECONDS


def code_at(secret: str, step: int) -> str:
    return pyotp.TOTP(secret).generate_otp(step)


def never_valid(secret: str) -> str:
    """A six-digit code that is no code of this secret in any step the server looks at."""
    now = step_now()
    taken = {code_at(secret, s) for s in range(now - 25, now + 5)}
    return next(c for c in (f"{n:06d}" for n in range(1_000_000)) if c not in taken)


def expired(secret: str) -> str:
    """The code of a step a minute or two ago, unlike any code still accepted (also
    when the clock passes into the next step meanwhile)."""
    now = step_now()
    fresh = {code_at(secret, s) for s in range(now - 1, now + 3)}
    return next(
        code_at(secret, s) for s in range(now - 3, now - 10, -1) if code_at(secret, s) not in fresh
    )


async def sessions_of(app: FastAPI, username: str) -> int:
    volunteer = await volunteer_named(app, username)
    async with app.state.gateway.sessions() as session:
        count = await session.scalar(
            select(func.count()).where(ConsoleSession.volunteer_id == volunteer.id)
        )
    return int(count or 0)


async def setup_page(browser: httpx.AsyncClient, username: str) -> tuple[str, str, str]:
    """Password, then the set-up page: (its HTML, the secret as shown, its CSRF token)."""
    first = await password_step(browser, username)
    assert (first.status_code, first.headers["location"]) == (303, SETUP_PAGE)
    page = await browser.get(SETUP_PAGE)
    assert page.status_code == 200
    found = SECRET.search(page.text)
    assert found, "no secret on the set-up page"
    return page.text, found.group(1), csrf_of(page.text)


async def set_up(browser: httpx.AsyncClient, username: str) -> tuple[str, list[str]]:
    """The whole first log-in by hand: (the secret, the ten recovery codes)."""
    _, shown, csrf = await setup_page(browser, username)
    secret = "".join(shown.split())
    # Through the helpers' authenticator, so a later `login` knows this secret.
    codes_page = await browser.post(
        SETUP_PAGE, data={"csrf": csrf, "code": AUTHENTICATOR.set_up(username, shown)}
    )
    assert codes_page.status_code == 200, codes_page.text
    codes = RECOVERY.findall(codes_page.text)
    started = await browser.post(START, data={"csrf": csrf_of(codes_page.text)})
    assert started.status_code == 303 and started.headers["location"] == "/console"
    return secret, codes


async def code_step(browser: httpx.AsyncClient, username: str, code: str) -> httpx.Response:
    first = await password_step(browser, username)
    assert (first.status_code, first.headers["location"]) == (303, CODE_PAGE), first.text
    page = await browser.get(CODE_PAGE)
    return await browser.post(CODE_PAGE, data={"csrf": csrf_of(page.text), "code": code})


async def send_code(browser: httpx.AsyncClient, code: str) -> httpx.Response:
    """Another code on the code page the browser is at."""
    page = await browser.get(CODE_PAGE)
    return await browser.post(CODE_PAGE, data={"csrf": csrf_of(page.text), "code": code})


# --- set-up and log-in ----------------------------------------------------------------------
async def test_first_log_in_sets_up_from_the_qr_page_and_the_next_one_asks_a_code(
    app: FastAPI,
) -> None:
    await add_user(app, "anna")
    settings = app.state.gateway.settings
    async with console_client(app) as browser:
        html, shown, csrf = await setup_page(browser, "anna")
        secret = "".join(shown.split())
        assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", shown)  # 160 bits, in groups
        # The QR code is the otpauth:// link for the app, as an inline SVG.
        uri = two_factor.setup_uri(secret, "anna")
        assert uri.startswith("otpauth://totp/Scamhulp:anna?secret=" + secret)
        assert "issuer=Scamhulp" in uri
        assert str(two_factor.qr_code(uri)) in html and "<svg" in html
        # A reload shows the same secret (the app may have scanned it already).
        assert f'class="secret">{shown}</code>' in (await browser.get(SETUP_PAGE)).text
        assert await sessions_of(app, "anna") == 0
        assert browser.cookies.get(auth.SESSION_COOKIE) is None

        wrong = await browser.post(SETUP_PAGE, data={"csrf": csrf, "code": never_valid(secret)})
        assert wrong.status_code == 401 and "klopt niet" in error_of(wrong.text)
        assert shown in wrong.text  # the same secret, to try again

        shown_codes = await browser.post(
            SETUP_PAGE, data={"csrf": csrf, "code": AUTHENTICATOR.set_up("anna", shown)}
        )
        assert shown_codes.status_code == 200
        codes = RECOVERY.findall(shown_codes.text)
        assert len(codes) == len(set(codes)) == 10
        assert "maar één keer" in shown_codes.text
        assert await sessions_of(app, "anna") == 0  # not before 'Verder'
        anna = await volunteer_named(app, "anna")
        assert anna.totp_secret and secret not in anna.totp_secret  # sealed
        assert two_factor.open_secret(settings, anna.totp_secret) == secret
        async with app.state.gateway.sessions() as session:
            hashes = list(
                (
                    await session.scalars(
                        select(RecoveryCode.code_hash).where(RecoveryCode.volunteer_id == anna.id)
                    )
                ).all()
            )
        assert len(hashes) == 10 and all(h.startswith("$argon2") for h in hashes)
        assert not {c.replace("-", "") for c in codes} & set(hashes)

        ready = browser.cookies.get(pending.PENDING_COOKIE)
        started = await browser.post(START, data={"csrf": csrf_of(shown_codes.text)})
        assert started.status_code == 303 and started.headers["location"] == "/console"
        assert set_cookie_headers(started, auth.SESSION_COOKIE)
        assert await sessions_of(app, "anna") == 1
        # The start works once: the same pending cookie again opens nothing.
        async with console_client(app) as replay:
            again = await replay.post(
                START,
                data={"csrf": csrf_of(shown_codes.text)},
                headers={"Cookie": f"{pending.PENDING_COOKIE}={ready}"},
            )
        assert again.status_code == 401 and not set_cookie_headers(again, auth.SESSION_COOKIE)
        assert await sessions_of(app, "anna") == 1

    async with console_client(app) as browser:
        # Set up: the password leads to the code page, and the next step's code opens it.
        done = await code_step(browser, "anna", code_at(secret, step_now() + 1))
        assert done.status_code == 303 and done.headers["location"] == "/console"
        assert (await browser.get("/console", headers=HTML)).status_code == 200


async def test_wrong_expired_and_replayed_codes_are_refused_in_dutch(app: FastAPI) -> None:
    await add_user(app, "anna")
    async with console_client(app) as browser:
        secret, _codes = await set_up(browser, "anna")  # used this step's code
    async with console_client(app) as browser:
        wrong = await code_step(browser, "anna", never_valid(secret))
        assert wrong.status_code == 401
        assert error_of(wrong.text) == two_factor.WRONG
        old = await send_code(browser, expired(secret))
        assert old.status_code == 401 and error_of(old.text) == two_factor.EXPIRED
        # The set-up's own code (its step, as the server keeps it) does not work again.
        used_step = (await volunteer_named(app, "anna")).totp_last_step
        assert used_step is not None
        replayed = await send_code(browser, code_at(secret, used_step))
        assert replayed.status_code == 401 and error_of(replayed.text) == two_factor.REPLAYED
        assert browser.cookies.get(auth.SESSION_COOKIE) is None
        assert await sessions_of(app, "anna") == 1  # the set-up's own only
        # The next step's code works once; sent a second time it is a replay.
        code = code_at(secret, step_now() + 1)
        assert (await send_code(browser, code)).status_code == 303
    async with console_client(app) as other:
        again = await code_step(other, "anna", code)
        assert again.status_code == 401 and error_of(again.text) == two_factor.REPLAYED


async def test_what_is_no_code_gets_a_dutch_message(app: FastAPI) -> None:
    await add_user(app, "anna")
    async with console_client(app) as browser:
        await set_up(browser, "anna")
    async with console_client(app) as browser:
        await password_step(browser, "anna")
        answers = {
            "": two_factor.EMPTY,
            "12 34": two_factor.WRONG_RECOVERY,
            "<script>alert(1)</script>": two_factor.WRONG_RECOVERY,
            "9" * 5000: two_factor.WRONG_RECOVERY,
        }
        for typed, message in answers.items():
            refused = await send_code(browser, typed)
            assert refused.status_code == 401, typed[:20]
            assert error_of(refused.text) == message, typed[:20]
            assert "<script>alert" not in refused.text


async def test_a_code_with_a_space_in_it_is_read_as_typed(app: FastAPI) -> None:
    await add_user(app, "anna")
    async with console_client(app) as browser:
        secret, _ = await set_up(browser, "anna")
    code = code_at(secret, step_now() + 1)
    async with console_client(app) as browser:
        done = await code_step(browser, "anna", f" {code[:3]} {code[3:]} ")
        assert done.status_code == 303


async def test_recovery_codes_work_once_each_and_say_how_many_are_left(app: FastAPI) -> None:
    await add_user(app, "anna")
    async with console_client(app) as browser:
        _secret, codes = await set_up(browser, "anna")
    async with console_client(app) as browser:
        first = await code_step(browser, "anna", codes[0].upper().replace("-", " "))
        assert first.status_code == 303 and first.headers["location"] == "/console"
        queue = (await browser.get("/console", headers=HTML)).text
        assert "Je hebt een herstelcode gebruikt. Je hebt nog 9 herstelcodes." in queue
        assert "nog 9 herstelcodes" in (await browser.get("/console/account", headers=HTML)).text
    async with console_client(app) as browser:
        used = await code_step(browser, "anna", codes[0])
        assert used.status_code == 401 and error_of(used.text) == two_factor.WRONG_RECOVERY
        assert (await send_code(browser, codes[1])).status_code == 303
    anna = await volunteer_named(app, "anna")
    async with app.state.gateway.sessions() as session:
        assert await two_factor.recovery_left(session, anna.id) == 8


async def test_the_last_recovery_code_says_to_make_new_ones(app: FastAPI) -> None:
    await add_user(app, "anna")
    async with console_client(app) as browser:
        _secret, codes = await set_up(browser, "anna")
    anna = await volunteer_named(app, "anna")
    async with app.state.gateway.sessions() as session:
        for code in codes[:-1]:
            await two_factor.use_recovery_code(session, anna.id, code, utcnow())
    async with console_client(app) as browser:
        assert (await code_step(browser, "anna", codes[-1])).status_code == 303
        queue = (await browser.get("/console", headers=HTML)).text
        assert "Je hebt je laatste herstelcode gebruikt. Maak nieuwe codes" in queue


# --- lock-out -----------------------------------------------------------------------------
async def test_wrong_codes_lock_the_account_as_wrong_passwords_do(app: FastAPI) -> None:
    await add_user(app, "anna")
    settings = app.state.gateway.settings
    assert settings.max_failed_logins == 5
    async with console_client(app) as browser:
        secret, _ = await set_up(browser, "anna")
    bad = never_valid(secret)
    async with console_client(app) as browser:
        # A known password does not reset the count of wrong codes.
        assert (await code_step(browser, "anna", bad)).status_code == 401
        assert (await send_code(browser, bad)).status_code == 401
        assert (await code_step(browser, "anna", bad)).status_code == 401
        assert (await send_code(browser, bad)).status_code == 401
        locked = await send_code(browser, bad)
        assert locked.status_code == 429
        assert "even geblokkeerd" in error_of(locked.text) and "15 minuten" in error_of(locked.text)
        assert browser.cookies.get(pending.PENDING_COOKIE) is None  # start again, later
        # Locked: the right password and the right code are refused too.
        assert (await password_step(browser, "anna")).status_code == 429
    anna = await volunteer_named(app, "anna")
    assert anna.locked_until is not None
    assert await sessions_of(app, "anna") == 1  # the set-up's own only


async def test_four_wrong_passwords_then_the_right_password_and_code_let_in(
    app: FastAPI,
) -> None:
    """Both steps count in one row of failures, and a full log-in ends the row."""
    await add_user(app, "anna")
    async with console_client(app) as browser:
        await set_up(browser, "anna")
    async with console_client(app) as browser:
        for _ in range(4):
            assert (await password_step(browser, "anna", "verkeerd-wachtwoord")).status_code == 401
        assert (await login(browser, "anna")).status_code == 303
    anna = await volunteer_named(app, "anna")
    assert anna.failed_logins == 0 and anna.locked_until is None


async def test_wrong_codes_at_once_are_each_counted(app: FastAPI) -> None:
    """Tries at the same moment each get their own count (one UPDATE per try)."""
    await add_user(app, "anna")
    async with console_client(app) as browser:
        secret, _ = await set_up(browser, "anna")
    browser = console_client(app)
    try:
        await password_step(browser, "anna")
        page = await browser.get(CODE_PAGE)
        csrf = csrf_of(page.text)
        tries = await asyncio.gather(
            *(
                browser.post(CODE_PAGE, data={"csrf": csrf, "code": never_valid(secret)})
                for _ in range(8)
            )
        )
    finally:
        await browser.aclose()
    # The password's try was undone; then four wrong codes, and the fifth locks.
    assert sorted(r.status_code for r in tries) == [401] * 4 + [429] * 4
    assert (await volunteer_named(app, "anna")).locked_until is not None


# --- the pending cookie -------------------------------------------------------------------
async def test_no_session_exists_before_the_second_step(app: FastAPI) -> None:
    await add_user(app, "chris", "coordinator")
    async with console_client(app) as browser:
        first = await password_step(browser, "chris")
        assert first.status_code == 303 and first.headers["location"] == SETUP_PAGE
        assert not set_cookie_headers(first, auth.SESSION_COOKIE)
        [header] = set_cookie_headers(first, pending.PENDING_COOKIE)
        attributes = {part.strip().split("=")[0].lower(): part for part in header.split(";")}
        assert attributes["path"].strip().lower() == "path=/console/login"
        assert "httponly" in attributes and attributes["samesite"].lower().endswith("strict")
        assert int(attributes["max-age"].split("=")[1]) == pending.PENDING_SECONDS
        assert await sessions_of(app, "chris") == 0
        cookie = browser.cookies.get(pending.PENDING_COOKIE)
        assert cookie
        # The pending value where a session cookie goes opens nothing.
        assert refused_to_log_in(await with_cookie(app, cookie))
        assert refused_to_log_in(await browser.get("/console/team", headers=HTML))


async def test_the_pending_cookie_expires(app: FastAPI) -> None:
    await add_user(app, "anna")
    settings = app.state.gateway.settings
    async with console_client(app) as browser:
        secret, _ = await set_up(browser, "anna")
    async with console_client(app) as browser:
        await password_step(browser, "anna")
        state = pending.read(settings, browser.cookies.get(pending.PENDING_COOKIE))
        assert state is not None and state.stage == "code"

        class SixMinutesAgo(TimestampSigner):
            def get_timestamp(self) -> int:
                return int(time.time()) - pending.PENDING_SECONDS - 60

        old = URLSafeTimedSerializer(
            settings.session_secret, salt="scamhelp-console-pending", signer=SixMinutesAgo
        ).dumps(asdict(state))
        assert pending.read(settings, old) is None
        browser.cookies.clear()
        browser.cookies.set(
            pending.PENDING_COOKIE, old, domain="gateway.local", path="/console/login"
        )
        code = code_at(secret, step_now() + 1)
        page = await browser.get(CODE_PAGE)
        assert page.status_code == 401 and "Log opnieuw in" in error_of(page.text)
        refused = await browser.post(CODE_PAGE, data={"csrf": state.csrf, "code": code})
        assert refused.status_code == 401 and "Log opnieuw in" in error_of(refused.text)
        assert await sessions_of(app, "anna") == 1  # the set-up's own only


async def test_the_pending_cookie_dies_with_a_new_password(app: FastAPI) -> None:
    await add_user(app, "anna")
    await add_user(app, "chris", "coordinator")
    async with console_client(app) as browser:
        secret, _ = await set_up(browser, "anna")
    async with console_client(app) as browser, console_client(app) as coordinator:
        await password_step(browser, "anna")
        page = await browser.get(CODE_PAGE)
        assert page.status_code == 200
        # Meanwhile a coordinator sets a new password (a stolen one, say).
        assert (await login(coordinator, "chris")).status_code == 303
        anna = await volunteer_named(app, "anna")
        here = f"/console/team/volunteers/{anna.id}"
        csrf = await page_csrf(coordinator, here)
        changed = await coordinator.post(
            here, data={"csrf": csrf, "action": "password", "password": NEW_PASSWORD}
        )
        assert changed.status_code == 303
        refused = await browser.post(
            CODE_PAGE, data={"csrf": csrf_of(page.text), "code": code_at(secret, step_now() + 1)}
        )
        assert refused.status_code == 401 and "Log opnieuw in" in error_of(refused.text)
        assert not set_cookie_headers(refused, auth.SESSION_COOKIE)
    assert await sessions_of(app, "anna") == 0


async def test_a_forged_or_foreign_pending_cookie_is_refused(app: FastAPI) -> None:
    await add_user(app, "anna")
    settings = app.state.gateway.settings
    anna = await volunteer_named(app, "anna")
    state = pending.start(anna, None)
    forged = {
        "garbage": "niet-ondertekend",
        "signed with the session's salt": auth._signer(settings).dumps(asdict(state)),
        "another secret": URLSafeTimedSerializer("x" * 32, salt="scamhelp-console-pending").dumps(
            asdict(state)
        ),
    }
    for label, cookie in forged.items():
        async with console_client(app) as browser:
            page = await browser.get(
                SETUP_PAGE, headers={"Cookie": f"{pending.PENDING_COOKIE}={cookie}"}
            )
            assert page.status_code == 401, label
            assert "<svg" not in page.text, label


# --- who must, and the switch -------------------------------------------------------------
async def test_the_switch_off_lets_volunteers_in_with_the_password_only(app: FastAPI) -> None:
    await add_user(app, "anna")
    await add_user(app, "chris", "coordinator")
    await add_user(app, "cato", "campaign")
    async with console_client(app) as coordinator:
        assert (await login(coordinator, "chris")).status_code == 303
        team = (await coordinator.get("/console/team", headers=HTML)).text
        assert 'name="volunteer_two_factor" value="on" checked' in team
        csrf = await page_csrf(coordinator, "/console/team")
        bad = await coordinator.post("/console/team/two-factor", data={"csrf": csrf})
        assert bad.status_code == 303
        assert "Kies aan of uit" in (await coordinator.get("/console/team", headers=HTML)).text
        done = await coordinator.post(
            "/console/team/two-factor", data={"csrf": csrf, "volunteer_two_factor": "off"}
        )
        assert done.status_code == 303
        team = (await coordinator.get("/console/team", headers=HTML)).text
        assert 'name="volunteer_two_factor" value="off" checked' in team
    async with console_client(app) as volunteer:
        first = await password_step(volunteer, "anna")
        assert first.status_code == 303 and first.headers["location"] == "/console"
        assert (await volunteer.get("/console", headers=HTML)).status_code == 200
    assert (await volunteer_named(app, "anna")).failed_logins == 0
    # Coordinators and campaign accounts cannot skip it.
    for name in ("chris", "cato"):
        async with console_client(app) as browser:
            first = await password_step(browser, name)
            assert first.headers["location"] in (CODE_PAGE, SETUP_PAGE), name
            assert not set_cookie_headers(first, auth.SESSION_COOKIE), name
            assert refused_to_log_in(await browser.get("/console/figures", headers=HTML))
    async with console_client(app) as campaign:
        assert (await login(campaign, "cato")).headers["location"] == "/console/figures"
    async with app.state.gateway.sessions() as session:
        entries = (await session.scalars(select(AuditEntry))).all()
    assert "Inloggen met code voor vrijwilligers: aan → uit" in {describe(e) for e in entries}


# --- the coordinator's reset, one's own new codes, the command line -----------------------
async def test_the_reset_ends_the_sessions_is_audited_and_means_a_new_set_up(
    app: FastAPI,
) -> None:
    await add_user(app, "anna")
    await add_user(app, "chris", "coordinator")
    async with (
        console_client(app) as phone,
        console_client(app) as laptop,
        console_client(app) as coordinator,
    ):
        assert (await login(phone, "anna")).status_code == 303
        assert (await login(laptop, "anna")).status_code == 303
        assert await sessions_of(app, "anna") == 2
        assert (await login(coordinator, "chris")).status_code == 303
        anna = await volunteer_named(app, "anna")
        here = f"/console/team/volunteers/{anna.id}"
        shown = await coordinator.get(here, headers=HTML)
        assert "Code wissen" in shown.text and "Ingesteld" in shown.text
        csrf = csrf_of(shown.text)
        reset_url = f"{here}/two-factor/reset"
        unconfirmed = await coordinator.post(reset_url, data={"csrf": csrf})
        assert unconfirmed.headers["location"] == here
        assert "Vink eerst aan" in (await coordinator.get(here, headers=HTML)).text
        assert await sessions_of(app, "anna") == 2
        no_token = await coordinator.post(reset_url, data={"bevestig": "ja"})
        assert no_token.status_code == 400
        done = await coordinator.post(reset_url, data={"csrf": csrf, "bevestig": "ja"})
        assert done.headers["location"] == here
        notice = (await coordinator.get(here, headers=HTML)).text
        assert "is overal uitgelogd" in notice and "Nog niet ingesteld" in notice
        assert await sessions_of(app, "anna") == 0
        assert refused_to_log_in(await phone.get("/console", headers=HTML))
        anna = await volunteer_named(app, "anna")
        assert anna.totp_secret is None and anna.totp_last_step is None
        async with app.state.gateway.sessions() as session:
            assert await two_factor.recovery_left(session, anna.id) == 0
            entries = (await session.scalars(select(AuditEntry))).all()
        assert (
            "Code voor inloggen van Anna (anna) gewist, stelt een nieuwe app in: "
            "2 sessies beëindigd"
        ) in {describe(e) for e in entries}
        audit_page = (await coordinator.get("/console/audit", headers=HTML)).text
        assert "Code voor inloggen van Anna (anna) gewist" in audit_page
    async with console_client(app) as browser:
        again = await password_step(browser, "anna")
        assert again.headers["location"] == SETUP_PAGE


async def test_a_volunteer_makes_new_recovery_codes_after_a_code(app: FastAPI) -> None:
    await add_user(app, "anna")
    async with console_client(app) as browser:
        secret, old_codes = await set_up(browser, "anna")
        account = (await browser.get("/console/account", headers=HTML)).text
        assert "Aan, nog 10 herstelcodes" in account
        csrf = csrf_of(account)
        wrong = await browser.post(
            "/console/account/recovery-codes", data={"csrf": csrf, "code": never_valid(secret)}
        )
        assert wrong.headers["location"] == "/console/account"
        assert two_factor.WRONG in (await browser.get("/console/account", headers=HTML)).text
        made = await browser.post(
            "/console/account/recovery-codes",
            data={"csrf": csrf, "code": code_at(secret, step_now() + 1)},
        )
        assert made.status_code == 200
        new_codes = RECOVERY.findall(made.text)
        assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    async with console_client(app) as browser:
        assert (await code_step(browser, "anna", old_codes[0])).status_code == 401
        assert (await send_code(browser, new_codes[0])).status_code == 303


def reset_2fa(database_url: str, username: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "reset-2fa", username],
        env=_environment(database_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


async def test_the_command_line_is_the_way_back_for_a_locked_out_coordinator(
    app: FastAPI, database_url: str
) -> None:
    await add_user(app, "chris", "coordinator")
    async with console_client(app) as browser:
        secret, _ = await set_up(browser, "chris")
    async with console_client(app) as browser:
        assert (await code_step(browser, "chris", never_valid(secret))).status_code == 401
        for _ in range(3):
            await send_code(browser, never_valid(secret))
        assert (await send_code(browser, never_valid(secret))).status_code == 429
    done = reset_2fa(database_url, "Chris")
    assert done.returncode == 0, done.stderr
    assert "Second factor of Chris reset (1 session(s) ended)" in done.stdout
    chris = await volunteer_named(app, "chris")
    assert chris.totp_secret is None and chris.locked_until is None
    async with console_client(app) as browser:
        assert (await password_step(browser, "chris")).headers["location"] == SETUP_PAGE
    async with app.state.gateway.sessions() as session:
        entries = (await session.scalars(select(AuditEntry))).all()
    assert any(
        describe(e).startswith("Code voor inloggen van Chris (chris) gewist")
        and "via de opdrachtregel" in describe(e)
        for e in entries
    )
    unknown = reset_2fa(database_url, "niemand")
    assert unknown.returncode != 0 and "Er is geen account niemand." in unknown.stderr


async def test_the_code_page_needs_its_csrf_token(app: FastAPI) -> None:
    await add_user(app, "anna")
    async with console_client(app) as browser:
        secret, _ = await set_up(browser, "anna")
    async with console_client(app) as browser:
        await password_step(browser, "anna")
        for form in ({}, {"csrf": "x" * 43}):
            refused = await browser.post(
                CODE_PAGE, data={**form, "code": code_at(secret, step_now() + 1)}
            )
            assert refused.status_code == 400 and "verlopen" in error_of(refused.text)
        assert browser.cookies.get(auth.SESSION_COOKIE) is None
