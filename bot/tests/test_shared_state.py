"""Several gateway workers (issue 13): two apps on the same database and the same Redis
share the event streams, the rate limits, the one-at-a-time handling of a
conversation, the background jobs and the log-in lock-out; with Redis away they keep
answering, the streams fall back to polling and the limits are counted locally."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
import redis
from sqlalchemy.ext.asyncio import create_async_engine

from bot.console import auth
from bot.db import async_url
from bot.models import Volunteer
from bot.scaleout.locks import Jobs
from bot.tests.conftest import _postgres_database, fake_gateway
from bot.tests.console_helpers import (
    PASSWORD,
    add_user,
    case_of,
    console_client,
    hand_off,
    login,
    move_back,
    page_csrf,
)
from bot.tests.fake_rasa import FakeRasa, handoff, text
from bot.tests.widget_client import history, marker, open_chat, say, send
from bot.tests.workers import EventReader, Worker, served, two_workers, until, until_async
from tools.rasa_processes import free_port

ASK_HUMAN = "Kan ik een mens spreken?"


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A PostgreSQL database of this test (for the tests that need no SQLite twin)."""
    yield from _postgres_database(postgres_server)


# --- event streams -------------------------------------------------------------------
async def test_a_widget_on_one_worker_gets_a_reply_posted_through_another(
    database_url: str, redis_shared: dict[str, str], fake_rasa: FakeRasa
) -> None:
    fake_rasa.on(ASK_HUMAN, text("Ik zet je door naar een vrijwilliger."), handoff())
    async with two_workers(database_url, fake_rasa, **redis_shared) as (a, b):
        cid, _ = await open_chat(a.http)
        await hand_off(a.http, cid)
        case = await case_of(a.app, cid)
        await add_user(b.app, "anna")
        async with console_client(b.app) as anna, served(a.app) as widget:
            assert (await login(anna, "anna")).status_code == 303
            async with widget.stream("GET", f"/api/conversations/{cid}/events") as response:
                stream = EventReader(response)
                assert await stream.line() == ": verbonden"
                csrf = await page_csrf(anna, f"/console/cases/{case.id}")
                claimed = await anna.post(f"/console/cases/{case.id}/claim", data={"csrf": csrf})
                assert claimed.status_code == 303
                words = f"Hallo, ik ben Anna {marker()}"
                sent = await anna.post(
                    f"/console/cases/{case.id}/reply", data={"csrf": csrf, "text": words}
                )
                assert sent.status_code == 303, sent.text
                event = await stream.event(lambda e: e.get("text") == words)
        assert event["role"] == "volunteer"


async def test_streams_end_when_redis_drops_and_carry_events_again_once_it_is_back(
    sqlite_url: str, redis_shared: dict[str, str], fake_rasa: FakeRasa
) -> None:
    async with two_workers(sqlite_url, fake_rasa, **redis_shared) as (a, b):
        cid, _ = await open_chat(a.http)
        async with served(a.app) as widget:
            async with widget.stream("GET", f"/api/conversations/{cid}/events") as response:
                stream = EventReader(response)
                assert await stream.line() == ": verbonden"
                # The workers' subscriptions break, as when Redis restarts.
                admin = redis.Redis.from_url(redis_shared["redis_url"])
                name = f"{redis_shared['redis_prefix']}events"
                killed = [c for c in admin.client_list() if c.get("name") == name]
                assert len(killed) == 2
                for connection in killed:
                    admin.client_kill_filter(_id=connection["id"])
                admin.close()
                # The stream ends and tells the widget to reconnect: it catches up then.
                assert "retry: 3000" in await stream.rest()
            hub = a.app.state.gateway.hub
            await until(lambda: hub.live and b.app.state.gateway.hub.live)
            async with widget.stream("GET", f"/api/conversations/{cid}/events") as response:
                stream = EventReader(response)
                assert await stream.line() == ": verbonden"
                b.app.state.gateway.hub.publish(cid, {"id": 10**6, "text": "terug"})
                assert (await stream.event(lambda e: "text" in e))["text"] == "terug"


# --- rate limits ---------------------------------------------------------------------
async def test_the_rate_limit_counts_the_messages_sent_through_both_workers(
    sqlite_url: str, redis_shared: dict[str, str], fake_rasa: FakeRasa
) -> None:
    async with two_workers(sqlite_url, fake_rasa, rate_limit_per_minute=3, **redis_shared) as (
        a,
        b,
    ):
        cid, _ = await open_chat(a.http)
        for worker, words in ((a, "een"), (b, "twee"), (a, "drie")):
            assert (await send(worker.http, cid, text=words)).status_code == 200
        # Each worker alone saw fewer than 3; together they saw 3.
        assert (await send(b.http, cid, text="vier")).status_code == 429
        assert (await send(a.http, cid, text="vijf")).status_code == 429
        # Another resident is not held up by it.
        other, _ = await open_chat(b.http)
        assert (await send(a.http, other, text="hallo")).status_code == 200


# --- one message of a conversation at a time -----------------------------------------
async def one_after_the_other(a: Worker, b: Worker, fake: FakeRasa) -> None:
    """Two messages of one conversation at once, through A and B: B's waits for the
    shared lock until A's is answered."""
    cid, _ = await open_chat(a.http)
    fake.freeze()
    first = asyncio.create_task(send(a.http, cid, text="eerste"))
    await until(lambda: fake.holding() == 1)  # A is with Rasa, holding the lock
    second = asyncio.create_task(send(b.http, cid, text="tweede"))
    shared = b.app.state.gateway.locks.shared
    await until(lambda: shared.waiting == 1)  # B waits for the lock ...
    assert fake.holding() == 1  # ... and did not reach Rasa
    fake.thaw()
    answers = await asyncio.gather(first, second)
    assert [r.status_code for r in answers] == [200, 200]
    assert fake.messages(cid) == ["eerste", "tweede"]
    said = [m["text"] for m in await history(a.http, cid)][-4:]
    assert said == ["eerste", "Antwoord op: eerste", "tweede", "Antwoord op: tweede"]
    # The lock was let go of: the conversation takes messages through either worker.
    for worker in (b, a):
        assert (await send(worker.http, cid, text="weer")).status_code == 200


async def test_postgres_handles_a_conversations_messages_one_at_a_time_across_workers(
    postgres_url: str, fake_rasa: FakeRasa
) -> None:
    async with two_workers(postgres_url, fake_rasa) as (a, b):
        await one_after_the_other(a, b, fake_rasa)


async def test_redis_handles_a_conversations_messages_one_at_a_time_on_sqlite(
    sqlite_url: str, redis_shared: dict[str, str], fake_rasa: FakeRasa
) -> None:
    async with two_workers(sqlite_url, fake_rasa, **redis_shared) as (a, b):
        await one_after_the_other(a, b, fake_rasa)


# --- background jobs -----------------------------------------------------------------
# Not a job the gateway runs by itself (those start with the apps, at any moment).
JOB = "a-test-job"


async def both_try_a_job(a: Worker, b: Worker) -> list[bool]:
    """Both workers start the same job at once; who ran it (True) and who skipped."""
    ran: list[bool] = []
    release = asyncio.Event()

    async def run(worker: Worker) -> None:
        async with worker.app.state.gateway.jobs.exclusive(JOB) as mine:
            ran.append(mine)
            if mine:
                await release.wait()

    tasks = [asyncio.create_task(run(w)) for w in (a, b)]
    await until(lambda: len(ran) == 2 or (len(ran) == 1 and not ran[0]))
    await asyncio.sleep(0)
    release.set()
    await asyncio.gather(*tasks)
    return ran


async def test_only_one_worker_runs_a_job_at_a_time(database_url: str, fake_rasa: FakeRasa) -> None:
    async with two_workers(database_url, fake_rasa) as (a, b):
        ran = await both_try_a_job(a, b)
        if database_url.startswith("sqlite"):
            assert ran == [True, True]  # one worker on SQLite: nothing to share
            return
        assert sorted(ran) == [False, True]
        # Once it is done, the next run may go to either.
        async with b.app.state.gateway.jobs.exclusive(JOB) as mine:
            assert mine


async def test_the_retention_job_waits_while_another_worker_runs_it(
    postgres_url: str, fake_rasa: FakeRasa
) -> None:
    engine = create_async_engine(async_url(postgres_url))
    other_worker = Jobs(engine)
    async with fake_gateway(postgres_url, fake_rasa, retention_interval_seconds=0.05) as (
        app,
        http,
    ):
        cid, _ = await open_chat(http)
        ran = False
        while not ran:  # this worker's own passes come every 50 ms: take a turn between
            async with other_worker.exclusive("retention") as ran:
                if ran:
                    await move_back(app, cid, days=40)  # past the retention period
                    await asyncio.sleep(0.5)  # ten passes of this worker, all skipped
                    assert await app.state.gateway.exists(cid)
            await asyncio.sleep(0.01)
        # The other worker is done: this one's next pass deletes the conversation.
        await until_async(lambda: app.state.gateway.exists(cid), False)
    await engine.dispose()


# --- log-in lock-out -----------------------------------------------------------------
async def test_wrong_passwords_at_once_through_both_workers_lock_the_account_after_five(
    database_url: str, fake_rasa: FakeRasa
) -> None:
    async with two_workers(database_url, fake_rasa) as (a, b):
        await add_user(a.app, "bert")
        clients = [console_client(w.app) for w in (a, b) * 5]
        try:
            answers = await asyncio.gather(
                *(login(c, "bert", "fout-wachtwoord-99") for c in clients)
            )
            statuses = sorted(r.status_code for r in answers)
            # Five passwords were checked; the other tries met the lock.
            assert statuses == [401] * 5 + [429] * 5
            right = await login(clients[0], "bert", PASSWORD)
            assert right.status_code == 429
        finally:
            for client in clients:
                await client.aclose()
        async with a.app.state.gateway.sessions() as session:
            bert = await auth.by_username(session, "bert")
            assert isinstance(bert, Volunteer) and bert.locked_until is not None


async def test_a_name_without_account_is_locked_after_five_tries_through_both_workers(
    database_url: str, redis_shared: dict[str, str], fake_rasa: FakeRasa
) -> None:
    """As a real account (so a name cannot be tested for existence), counted in Redis."""
    name = f"niemand-{marker(6)}"
    async with two_workers(database_url, fake_rasa, **redis_shared) as (a, b):
        clients = [console_client(w.app) for w in (a, b) * 3]
        try:
            answers = await asyncio.gather(*(login(c, name, "fout-wachtwoord-99") for c in clients))
            # Five failures were counted, whichever worker took them; the sixth met the lock.
            assert sorted(r.status_code for r in answers) == [401] * 5 + [429]
            again = await login(clients[1], name, "fout-wachtwoord-99")
            assert again.status_code == 429
            assert "even geblokkeerd" in again.text
        finally:
            for client in clients:
                await client.aclose()


# --- Redis away ----------------------------------------------------------------------
async def test_with_redis_unreachable_residents_are_answered_and_streams_poll(
    sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    fake_rasa.on(ASK_HUMAN, text("Ik zet je door naar een vrijwilliger."), handoff())
    closed = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    async with fake_gateway(sqlite_url, fake_rasa, redis_url=closed, rate_limit_per_minute=3) as (
        app,
        http,
    ):
        assert not app.state.gateway.hub.live
        cid, _ = await open_chat(http)
        answer = await say(http, cid, text="hallo")
        assert "Antwoord op: hallo" in [m["text"] for m in answer["messages"]]
        # The case opens and the console is told (publishing does not fail the turn).
        await hand_off(http, cid)
        # The event stream ends at once and says when to reconnect; the widget catches
        # up with GET messages meanwhile.
        events = await http.get(f"/api/conversations/{cid}/events")
        assert events.status_code == 200 and "retry: 3000" in events.text
        assert [m["text"] for m in await history(http, cid)][2:4] == [
            "hallo",
            "Antwoord op: hallo",
        ]
        # The rate limit is counted in this worker meanwhile, never refusing everyone.
        assert (await send(http, cid, text="nog een")).status_code == 429
        other, _ = await open_chat(http)
        assert (await send(http, other, text="hallo")).status_code == 200


async def test_without_redis_a_worker_streams_as_before(
    sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    async with fake_gateway(sqlite_url, fake_rasa) as (app, _):
        assert app.state.gateway.hub.live
        async with served(app) as widget:
            cid, _ = await open_chat(widget)
            async with widget.stream("GET", f"/api/conversations/{cid}/events") as response:
                stream = EventReader(response)
                assert await stream.line() == ": verbonden"
                app.state.gateway.hub.publish(cid, {"id": 1, "text": "later"})
                assert (await stream.event(lambda e: "text" in e))["text"] == "later"
