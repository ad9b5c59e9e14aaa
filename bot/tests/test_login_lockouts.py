"""Lock-outs that survive a restart (issue 18), against the real app on SQLite and
PostgreSQL: a name without an account stays locked when the gateway starts again (the
count is in the database without REDIS_URL), with the same Dutch message as a real
account; two workers share the count with and without Redis; a real account's lock
survives a restart too; the retention job deletes the rows that are over."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from bot.console import auth
from bot.helpdesk.retention import run_retention
from bot.models import LoginLockout, Volunteer, utcnow
from bot.scaleout.lockout_store import DatabaseUnknownNames, name_hash
from bot.scaleout.logins import RedisUnknownNames
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import PASSWORD, add_user, console_client, login
from bot.tests.console_security_helpers import error_of, set_cookie_headers
from bot.tests.fake_rasa import FakeRasa
from bot.tests.widget_client import marker
from bot.tests.workers import two_workers

WRONG = "fout-wachtwoord-99"
LOCKED = "Te vaak een verkeerd wachtwoord. Dit account is even geblokkeerd."


async def tries(browser: httpx.AsyncClient, name: str, count: int) -> list[int]:
    return [(await login(browser, name, f"{WRONG}-{n}")).status_code for n in range(count)]


async def lockout_rows(app: FastAPI) -> list[LoginLockout]:
    async with app.state.gateway.sessions() as session:
        return list((await session.execute(select(LoginLockout))).scalars())


async def test_an_unknown_name_stays_locked_after_a_restart_with_the_accounts_message(
    database_url: str, fake_rasa: FakeRasa
) -> None:
    ghost = f"Niemand-{marker(6)}"
    async with fake_gateway(database_url, fake_rasa) as (app, _):
        assert isinstance(app.state.gateway.unknown_names, DatabaseUnknownNames)
        await add_user(app, "anna")
        async with console_client(app) as browser:
            assert await tries(browser, ghost, 5) == [401] * 5
            assert await tries(browser, "anna", 5) == [401] * 5
            account_locked = await login(browser, "anna")
            assert account_locked.status_code == 429
        # The table holds a keyed hash of the lower-cased name, never the name.
        rows = await lockout_rows(app)
        assert [row.name_hash for row in rows] == [name_hash(app.state.settings, ghost.lower())]
        assert ghost.lower() not in rows[0].name_hash and rows[0].locked_until is not None
        settings = app.state.settings

    # The gateway starts again on the same database: nothing is forgotten.
    async with fake_gateway(database_url, fake_rasa) as (app, _):
        async with console_client(app) as browser:
            ghost_locked = await login(browser, ghost.upper(), PASSWORD)
            anna_locked = await login(browser, "anna")
        for response in (ghost_locked, anna_locked):
            assert response.status_code == 429
            assert not set_cookie_headers(response, auth.SESSION_COOKIE)
        message = error_of(ghost_locked.text)
        assert LOCKED in message and f"{settings.lockout_minutes} minuten" in message
        # No way to tell the name without an account from the real one.
        assert message == error_of(anna_locked.text) == error_of(account_locked.text)

        # When the lock is over, the name counts from one again.
        async with app.state.gateway.sessions() as session:
            await session.execute(
                update(LoginLockout).values(locked_until=utcnow() - timedelta(seconds=1))
            )
            await session.commit()
        async with console_client(app) as browser:
            assert await tries(browser, ghost, 6) == [401] * 5 + [429]


async def test_a_count_started_too_long_ago_starts_again(
    database_url: str, fake_rasa: FakeRasa
) -> None:
    ghost = f"niemand-{marker(6)}"
    async with fake_gateway(database_url, fake_rasa) as (app, _):
        async with console_client(app) as browser:
            assert await tries(browser, ghost, 4) == [401] * 4
            async with app.state.gateway.sessions() as session:
                old = utcnow() - timedelta(minutes=app.state.settings.lockout_minutes + 1)
                await session.execute(update(LoginLockout).values(window_started_at=old))
                await session.commit()
            # Four old failures are forgotten: five new ones are needed.
            assert await tries(browser, ghost, 6) == [401] * 5 + [429]


@pytest.mark.parametrize("with_redis", [False, True], ids=["database", "redis"])
async def test_two_workers_share_the_count_of_a_name_without_account(
    database_url: str, fake_rasa: FakeRasa, with_redis: bool, request: pytest.FixtureRequest
) -> None:
    shared = request.getfixturevalue("redis_shared") if with_redis else {}
    store = RedisUnknownNames if with_redis else DatabaseUnknownNames
    async with two_workers(database_url, fake_rasa, **shared) as (a, b):
        assert isinstance(a.app.state.gateway.unknown_names, store)
        # One after the other, spread over both workers: five failures lock the name.
        ghost = f"niemand-{marker(6)}"
        async with console_client(a.app) as first, console_client(b.app) as second:
            answers = [
                (await login(browser, ghost, WRONG)).status_code
                for browser in (first, second, first, second, first)
            ]
            assert answers == [401] * 5
            for browser in (second, first):
                locked = await login(browser, ghost, WRONG)
                assert locked.status_code == 429 and LOCKED in error_of(locked.text)

        if with_redis:
            return  # tries at once through Redis: test_shared_state.py
        # All at once through both: the upsert counts them one after the other, so
        # still exactly five failures before the lock.
        ghost = f"niemand-{marker(6)}"
        clients = [console_client(w.app) for w in (a, b) * 4]
        try:
            statuses = await asyncio.gather(*(login(c, ghost, WRONG) for c in clients))
            assert sorted(r.status_code for r in statuses) == [401] * 5 + [429] * 3
        finally:
            for client in clients:
                await client.aclose()
        assert len(await lockout_rows(a.app)) == 2


async def test_an_accounts_lock_also_survives_a_restart(
    database_url: str, fake_rasa: FakeRasa
) -> None:
    async with two_workers(database_url, fake_rasa) as (a, b):
        await add_user(a.app, "bert")
        async with console_client(a.app) as first, console_client(b.app) as second:
            for browser in (first, second, first, second, first):
                assert (await login(browser, "bert", WRONG)).status_code == 401
            assert (await login(second, "bert")).status_code == 429
    async with fake_gateway(database_url, fake_rasa) as (app, _):
        async with console_client(app) as browser:
            locked = await login(browser, "bert")
            assert locked.status_code == 429 and LOCKED in error_of(locked.text)
        async with app.state.gateway.sessions() as session:
            bert = await auth.by_username(session, "bert")
            assert isinstance(bert, Volunteer) and bert.locked_until is not None


async def test_the_retention_job_deletes_the_rows_that_are_over(
    database_url: str, fake_rasa: FakeRasa
) -> None:
    async with fake_gateway(database_url, fake_rasa) as (app, _):
        settings = app.state.settings
        names = {state: f"{state}-{marker(6)}" for state in ("counting", "locked", "over")}
        async with console_client(app) as browser:
            await tries(browser, names["counting"], 2)
            await tries(browser, names["locked"], 5)
            await tries(browser, names["over"], 5)
        long_ago = utcnow() - timedelta(minutes=settings.lockout_minutes + 1)
        async with app.state.gateway.sessions() as session:
            for state in ("locked", "over"):
                until = utcnow() + timedelta(minutes=5) if state == "locked" else long_ago
                await session.execute(
                    update(LoginLockout)
                    .where(LoginLockout.name_hash == name_hash(settings, names[state]))
                    .values(window_started_at=long_ago, locked_until=until)
                )
            await session.commit()
        await run_retention(app.state.gateway)
        left = {row.name_hash for row in await lockout_rows(app)}
        assert left == {name_hash(settings, names[s]) for s in ("counting", "locked")}
