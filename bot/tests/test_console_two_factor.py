"""Two-factor log-in over HTTP against the gateway (fake Rasa; SQLite and PostgreSQL):
set-up from the QR page's secret, codes wrong, expired and replayed, recovery codes
used once, lock-out after wrong codes, and the pending cookie (no session before the
code, short-lived, bound to the password). The switch, the reset and the command line:
test_console_two_factor_team.py."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator
from dataclasses import asdict

import pytest
from fastapi import FastAPI
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from bot.console import auth, pending, two_factor
from bot.models import RecoveryCode, utcnow
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
from bot.tests.two_factor_helpers import (
    RECOVERY,
    code_at,
    code_step,
    expired,
    never_valid,
    send_code,
    sessions_of,
    set_up,
    setup_page,
    step_now,
)
from tools.console_login import AUTHENTICATOR, CODE_PAGE, SETUP_PAGE, START

NEW_PASSWORD = "nog-een-lang-wachtwoord-7"


@pytest.fixture
async def app(database_url: str, fake_rasa: FakeRasa) -> AsyncIterator[FastAPI]:
    async with fake_gateway(database_url, fake_rasa) as (application, _):
        yield application


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
