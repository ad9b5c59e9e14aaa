"""Faults on the scaled topology, with real processes (issue 13 item 5).

`make run`'s topology with RASA_REPLICAS=2 and GATEWAY_WORKERS=2 (tools/live_topology.py)
is started once for the module, on a PostgreSQL database of its own reached through a
TCP proxy of the test's (bot/tests/tcp_proxy.py) and on a redis-server of its own
(bot/tests/redis_process.py): the database can be cut off and Redis killed without
touching the machine's. Simulated residents talk to it through the widget API
(bot/tests/scaled_load.py) while:

- a Rasa replica is killed with SIGKILL: no message lost, each answered once and in
  Rasa's tracker once; degraded answers only in conversations that had a message on its
  way at the kill (Rasa's lock of that conversation stays with the dead replica until
  its lifetime ends, so that conversation's next messages may be degraded too);
- a gateway worker is killed with SIGKILL: the same, and a message whose connection
  broke is sent again by the resident (stored twice at most: the widget API has no
  idempotency key for resident messages);
- Redis is killed and started again: the gateway keeps answering, event streams end
  and a volunteer's reply reaches the resident by polling, and once Redis is back a
  new stream carries events again;
- PostgreSQL is out of reach for 10 s: each message is refused with a Dutch 'try
  again' or kept and answered later; sent again afterwards, it is answered.

Each test checks first that the topology is whole (the order is random) and leaves it
so: a killed replica is started again, uvicorn starts a new worker by itself."""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
import psutil
import pytest

from bot import texts
from bot.rasa_replicas import ReplicaSet
from bot.tests.live_desk import carried_by_a_new_stream, until_shown, volunteer_with_case
from bot.tests.redis_process import RedisProcess
from bot.tests.scaled_load import (
    STORIES,
    Resident,
    Sent,
    account,
    check,
    in_flight,
    kill_and_watch,
    open_residents,
    run_load,
    tell,
    until_answered,
)
from bot.tests.tcp_proxy import TcpProxy
from bot.tests.workers import EventReader
from tools.live_topology import LiveTopology, live_topology, postgres_database
from tools.run_topology import SAME_MACHINE_GATEWAY_NICE

pytestmark = [pytest.mark.rasa, pytest.mark.postgres, pytest.mark.redis]

ENV = {
    # Every simulated resident comes from 127.0.0.1 (the per-address limit).
    "RATE_LIMIT_PER_MINUTE": "1000",
    # Kept messages answered within seconds once their cause is gone.
    "RASA_RETRY_SECONDS": "2",
    # Generous, so that only the faults degrade answers, not two busy cores.
    "RASA_TIMEOUT_SECONDS": "5",
}
RESIDENTS, STORIES_EACH, PAUSE = 4, 6, 0.8
RECOVERY_SECONDS = 150.0  # Rasa's lock of a dead replica lives 60 s
READY_SECONDS = 300.0
CUT_SECONDS = 10.0


@dataclass
class Scaled:
    topology: LiveTopology
    redis: RedisProcess
    proxy: TcpProxy
    database_url: str  # past the proxy: the checks read it while the proxy is cut
    restarted: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.topology.gateway_url

    def replica(self, number: int) -> psutil.Process | None:
        if number in self.restarted:
            return psutil.Process(self.restarted[number].pid)
        return self.topology.rasa_replica(number)

    def restart(self, number: int, command: list[str], env: dict[str, str], cwd: str) -> None:
        """Start a killed replica again as the launcher did (it does not restart one)."""
        log = self.topology.log.with_name(f"rasa-replica-{number}.log")
        self.restarted[number] = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT
        )

    def stop_restarted(self) -> None:
        for process in self.restarted.values():
            process.terminate()
        for process in self.restarted.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="module")
def scaled() -> Iterator[Scaled]:
    redis_server = RedisProcess()
    with redis_server.serving(), postgres_database() as direct:
        parts = urlsplit(direct)
        proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5432)
        with proxy.running():
            with live_topology(
                proxy.through(direct), redis_url=redis_server.url, env=ENV
            ) as topology:
                running = Scaled(topology, redis_server, proxy, direct)
                try:
                    yield running
                finally:
                    running.stop_restarted()


@pytest.fixture(autouse=True)
def whole(scaled: Scaled) -> None:
    """Every part runs and answers before a test starts."""
    assert scaled.redis.running and scaled.proxy.listening
    scaled.topology.wait_until_ready(workers=2, seconds=READY_SECONDS)


async def residents_homed(scaled: Scaled, per_replica: int) -> dict[int, list[Resident]]:
    """New conversations, `per_replica` of them at home on each Rasa replica (the
    gateway's rendezvous hash, bot/rasa_replicas.py)."""
    homes = ReplicaSet(scaled.topology.rasa_urls)
    chosen: dict[int, list[Resident]] = {1: [], 2: []}
    async with httpx.AsyncClient(base_url=scaled.url, timeout=60) as http:
        for _ in range(40):
            (resident,) = await open_residents(http, 1)
            home = chosen[homes.home(resident.conversation_id).number]
            if len(home) < per_replica:
                home.append(resident)
            if all(len(r) == per_replica for r in chosen.values()):
                return chosen
    raise AssertionError("the conversations did not spread over both replicas")


def report(title: str, residents: list[Resident], **figures: object) -> None:
    """The figures of a run (pytest -s shows them); nothing here is asserted."""
    sent = sum(len(r.sent) for r in residents)
    shown = ", ".join(f"{name} {value}" for name, value in figures.items())
    print(f"\n{title}: {len(residents)} residents, {sent} messages, {shown}")


# --- a Rasa replica killed --------------------------------------------------------------
async def test_a_rasa_replica_killed_under_load_loses_no_message(scaled: Scaled) -> None:
    homed = await residents_homed(scaled, per_replica=RESIDENTS // 2)
    residents = homed[2] + homed[1]
    victim = scaled.replica(2)
    assert victim is not None
    relaunch = (victim.cmdline(), victim.environ(), victim.cwd())
    at_kill: list[Resident] = []

    async def kill() -> None:
        await asyncio.sleep(2 * PAUSE)  # the load is under way
        await in_flight(residents, lambda r: r in homed[2])
        port = scaled.topology.rasa_ports[1]
        at_kill.extend(await kill_and_watch(victim, residents, port))

    try:
        await run_load(scaled.url, residents, STORIES_EACH, PAUSE, kill())
        ids = [r.conversation_id for r in residents]
        await until_answered(scaled.database_url, ids, RECOVERY_SECONDS)
        degraded: dict[str, int] = {}
        for resident in residents:
            found = account(scaled.database_url, resident.conversation_id)
            check(resident, found)
            # Killing Rasa never breaks the resident's own request.
            assert all(s.statuses == [200] for s in resident.sent), resident.sent
            assert found.degraded == sum(s.degraded for s in resident.sent)
            if found.degraded:
                degraded[resident.conversation_id] = found.degraded
        # Only conversations with a message on its way at the kill were degraded.
        assert set(degraded) <= {r.conversation_id for r in at_kill}, (degraded, at_kill)
        report(
            "Rasa replica 2 killed",
            residents,
            in_flight_at_kill=len(at_kill),
            degraded=sum(degraded.values()),
            degraded_conversations=len(degraded),
        )
    finally:
        if not victim.is_running() or victim.status() == psutil.STATUS_ZOMBIE:
            scaled.restart(2, *relaunch)


def test_the_gateway_workers_yield_the_cpu_to_rasa_on_one_machine(scaled: Scaled) -> None:
    """make run starts the gateway at GATEWAY_NICE 5 beside its Rasa replicas, which keep
    the normal priority (bot/scaleout/priority.py)."""
    workers = scaled.topology.gateway_workers()
    assert workers and all(w.nice() == SAME_MACHINE_GATEWAY_NICE for w in workers)
    # (A replica that an earlier test killed and started again is no child of make run.)
    replicas = [scaled.topology.rasa_replica(number) for number in (1, 2)]
    found = [replica for replica in replicas if replica is not None]
    assert found and all(replica.nice() == 0 for replica in found)


# --- a gateway worker killed ------------------------------------------------------------
def workers_holding(topology: LiveTopology, residents: list[Resident]) -> dict[int, psutil.Process]:
    """Which gateway worker holds each resident's connection, by the resident's local
    port (uvicorn's workers share the port; each keeps the connections it accepted, and
    a resident's connection is kept alive between its messages)."""
    port = int(urlsplit(topology.gateway_url).port or 0)
    ports = {r.port for r in residents if r.port is not None}
    holding: dict[int, psutil.Process] = {}
    for worker in topology.gateway_workers():
        for connection in worker.net_connections(kind="tcp"):
            remote = connection.raddr
            if connection.laddr.port == port and remote and remote.port in ports:
                holding[remote.port] = worker
    return holding


async def test_a_gateway_worker_killed_under_load_loses_no_message(scaled: Scaled) -> None:
    async with httpx.AsyncClient(base_url=scaled.url, timeout=60) as http:
        residents = await open_residents(http, RESIDENTS)
    at_kill: list[Resident] = []

    async def kill() -> None:
        await asyncio.sleep(2 * PAUSE)  # every resident has its connection by now
        holding = workers_holding(scaled.topology, residents)
        # A message on its way through a worker; that worker is killed at once.
        busy = await in_flight(residents, lambda r: r.port in holding)
        worker = next(holding[r.port] for r in busy if r.port in holding)
        at_kill.extend(await kill_and_watch(worker, residents))

    await run_load(scaled.url, residents, STORIES_EACH, PAUSE, kill())
    ids = [r.conversation_id for r in residents]
    await until_answered(scaled.database_url, ids, RECOVERY_SECONDS)
    copies = degraded = 0
    for resident in residents:
        assert all(s.delivered for s in resident.sent), resident.sent
        found = account(scaled.database_url, resident.conversation_id)
        check(resident, found)
        copies += len(found.stored) - len(resident.sent)
        degraded += found.degraded
    broken = sum(s.broken for r in residents for s in r.sent)
    assert broken >= 1  # the message on its way through the killed worker
    assert copies == 0  # sent again with its key: stored once (check() per message)
    assert degraded <= len(at_kill)
    report(
        "gateway worker killed",
        residents,
        in_flight_at_kill=len(at_kill),
        broken_requests=broken,
        second_copies=copies,
        degraded=degraded,
    )


# --- Redis killed and started again -----------------------------------------------------
async def test_with_redis_restarted_residents_are_answered_and_events_poll_meanwhile(
    scaled: Scaled,
) -> None:
    hello, reading = "Hallo, ik ben er.", "Ik lees mee. Vertel maar."
    async with httpx.AsyncClient(base_url=scaled.url, timeout=60) as resident:
        cid = (await open_residents(resident, 1))[0].conversation_id
        desk = await volunteer_with_case(scaled.url, scaled.database_url, resident, cid)
        try:
            async with resident.stream("GET", f"/api/conversations/{cid}/events") as response:
                stream = EventReader(response)
                assert await stream.line() == ": verbonden"
                await desk.reply(hello)
                await stream.event(lambda e: e.get("text") == hello)
                scaled.redis.kill()
                # The stream ends and tells the widget to reconnect and catch up.
                assert "retry: 3000" in await stream.rest()
            # A stream opened meanwhile ends at once, with the same advice.
            async with resident.stream("GET", f"/api/conversations/{cid}/events") as response:
                assert "retry: 3000" in await EventReader(response).rest()
            # The volunteer's reply reaches the resident by polling.
            await desk.reply(reading)
            await until_shown(resident, cid, reading)
            # New residents start and are answered (kept: Rasa's locks are in Redis too).
            other = (await open_residents(resident, 1))[0]
            told = await tell(resident, other, STORIES[0])
            assert told.statuses == [200], told
            if not scaled.redis.running:
                scaled.redis.start()
            replies = await carried_by_a_new_stream(resident, cid, desk)
        finally:
            if not scaled.redis.running:
                scaled.redis.start()
            await desk.http.aclose()
        await until_answered(scaled.database_url, [other.conversation_id], RECOVERY_SECONDS)
        check(other, account(scaled.database_url, other.conversation_id))
        volunteer = [m for m in account(scaled.database_url, cid).stored[-1].answers]
        said = [m.text for m in volunteer if m.role == "volunteer"]
        assert said[:2] == [hello, reading] and len(said) == len(set(said)) == 2 + replies
        report("Redis killed", [other], degraded=int(told.degraded), replies_until_live=replies)


# --- PostgreSQL out of reach ------------------------------------------------------------
async def test_with_postgres_away_messages_are_refused_in_dutch_or_kept_never_lost(
    scaled: Scaled,
) -> None:
    async with httpx.AsyncClient(base_url=scaled.url, timeout=60) as http:
        residents = await open_residents(http, 2)
        stories = {
            r.conversation_id: iter(STORIES[n * 6 :] + STORIES[: n * 6])
            for n, r in enumerate(residents)
        }
        for resident in residents:
            assert (await tell(http, resident, next(stories[resident.conversation_id]))).delivered
        refused: list[tuple[Resident, Sent]] = []
        scaled.proxy.cut()
        try:
            deadline = time.monotonic() + CUT_SECONDS
            while time.monotonic() < deadline:
                for resident in residents:
                    sent = Sent(next(stories[resident.conversation_id]))
                    resident.sent.append(sent)
                    answer = await http.post(
                        f"/api/conversations/{resident.conversation_id}/messages",
                        json={"text": sent.text},
                    )
                    sent.statuses.append(answer.status_code)
                    if answer.status_code == 503:  # not stored: the widget keeps the text
                        assert answer.json()["error"] == {
                            "code": "unavailable",
                            "message": texts.NOT_KEPT,
                        }
                        refused.append((resident, sent))
                    else:  # stored before the cut reached it: kept, answered later
                        assert answer.status_code == 200, answer.text
                        sent.degraded = answer.json()["degraded"]
                        assert sent.degraded, answer.text
                opened = await http.post("/api/conversations", json={"campaign": None})
                assert opened.status_code == 503, opened.text
                assert opened.json()["error"]["message"] == texts.SERVICE_AWAY
                await asyncio.sleep(2)
        finally:
            scaled.proxy.start()
        assert refused
        # Back: new messages are answered, and what was refused is sent again.
        for resident in residents:
            assert (await tell(http, resident, next(stories[resident.conversation_id]))).delivered
        for resident, sent in refused:
            answer = await http.post(
                f"/api/conversations/{resident.conversation_id}/messages",
                json={"text": sent.text},
            )
            sent.statuses.append(answer.status_code)
            assert answer.status_code == 200, answer.text
        ids = [r.conversation_id for r in residents]
        await until_answered(scaled.database_url, ids, RECOVERY_SECONDS)
        for resident in residents:
            check(resident, account(scaled.database_url, resident.conversation_id))
        kept = sum(s.degraded for r in residents for s in r.sent)
        report("PostgreSQL cut 10 s", residents, refused=len(refused), kept=kept)
