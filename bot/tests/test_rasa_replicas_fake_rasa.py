"""Several Rasa replicas (RASA_URLS), as fake Rasa servers sharing one tracker store:
each conversation stays on its replica, a replica that is away hands its conversations
to a live one (answered, with their history), and they go back when it is healthy."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI

from bot import texts
from bot.rasa_client import RasaClient
from bot.rasa_replicas import SLOW_STRIKES, Replica, ReplicaSet
from bot.tests.conftest import fake_gateway
from bot.tests.fake_rasa import FakeRasa, FakeRasaServer, Json, text
from bot.tests.widget_client import history, open_chat, say
from bot.tests.widget_client import texts as texts_of
from tools.rasa_processes import ROOT

DEGRADED = [texts.DEGRADED_NOTICE, *texts.ESSENTIAL_ADVICE]
URLS = ("http://127.0.0.1:5005", "http://127.0.0.1:5006")
KEYS = [f"conversation-{i}" for i in range(400)]


# --- the hash, without servers ------------------------------------------------------------
def homes(urls: tuple[str, ...], keys: list[str]) -> list[str]:
    replicas = ReplicaSet(urls)
    return [replicas.home(key).url for key in keys]


def test_a_conversation_has_the_same_home_in_every_process() -> None:
    """Not Python's salted hash(): another interpreter with another hash seed (another
    gateway worker, or a restart) sends every conversation to the same replica."""
    script = (
        "import sys; from bot.rasa_replicas import ReplicaSet; "
        "r = ReplicaSet(sys.argv[1].split(',')); "
        "print('\\n'.join(r.home(k).url for k in sys.argv[2].split(',')))"
    )
    elsewhere = subprocess.run(
        [sys.executable, "-c", script, ",".join(URLS), ",".join(KEYS[:50])],
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "12345"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert elsewhere == homes(URLS, KEYS[:50])


def test_conversations_spread_over_the_replicas() -> None:
    placed = homes(URLS, KEYS)
    for url in URLS:
        assert 0.35 < placed.count(url) / len(KEYS) < 0.65


def test_a_new_replica_takes_conversations_only_for_itself() -> None:
    """Rendezvous hashing: with a third replica a conversation either stays where it was
    or moves to the new one, never between the old two."""
    third = "http://127.0.0.1:5007"
    before, after = homes(URLS, KEYS), homes((*URLS, third), KEYS)
    moved = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert moved and all(a == third for _, a in moved)
    assert 0.2 < len(moved) / len(KEYS) < 0.45


def slow(replicas: ReplicaSet, replica: Replica, times: int = SLOW_STRIKES) -> None:
    for _ in range(times):
        replicas.mark_down(replica, "ReadTimeout", slow=True)


def test_a_slow_replica_is_marked_down_only_while_another_is_live() -> None:
    """Slow under load with the other replica dead: it stays the one to use, rather than
    flapping between down and up with every late answer."""
    replicas = ReplicaSet(URLS)
    first, second = replicas.replicas
    slow(replicas, second)
    assert not second.up  # the first is live: the slow one's conversations go there
    replicas.mark_up(second)
    replicas.mark_down(first, "ConnectError")
    slow(replicas, second)
    assert (first.up, second.up) == (False, True)
    assert replicas.candidates(KEYS[0])[0] is second


def test_one_late_answer_is_load_and_only_timeouts_in_a_row_mark_a_replica_down() -> None:
    replicas = ReplicaSet(URLS)
    first, second = replicas.replicas
    slow(replicas, second, SLOW_STRIKES - 1)
    assert second.up  # busy, not down: its conversations stay home
    replicas.mark_up(second)  # it answered one
    slow(replicas, second, SLOW_STRIKES - 1)
    assert second.up  # the count started again
    slow(replicas, second, 1)
    assert not second.up and first.up
    # Refused is down at once: the request never reached it.
    replicas.mark_up(second)
    replicas.mark_down(second, "ConnectError")
    assert not second.up


def test_a_listed_twice_url_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        ReplicaSet(["http://127.0.0.1:5005", "http://127.0.0.1:5005/"])


# --- the gateway in front of two fake replicas --------------------------------------------
@dataclass
class Replicas:
    servers: list[FakeRasaServer]
    fakes: list[FakeRasa]
    trackers: dict[str, list[Json]]

    def home(self, cid: str) -> int:
        order = ReplicaSet([fake.url for fake in self.fakes]).order(cid)
        return [fake.url for fake in self.fakes].index(order[0].url)

    def received(self, cid: str) -> list[list[str]]:
        """The messages of a conversation each replica received."""
        return [fake.messages(cid) for fake in self.fakes]


@pytest.fixture
def replicas() -> Iterator[Replicas]:
    shared: dict[str, list[Json]] = {}
    servers = [FakeRasaServer(trackers=shared), FakeRasaServer(trackers=shared)]
    fakes = [server.__enter__() for server in servers]
    try:
        yield Replicas(servers, fakes, shared)
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
async def gateway(
    sqlite_url: str, replicas: Replicas
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    urls = tuple(fake.url for fake in replicas.fakes)
    async with fake_gateway(sqlite_url, replicas.fakes[0], rasa_urls=urls) as running:
        yield running


def rasa_of(app: FastAPI) -> RasaClient:
    return app.state.gateway.rasa  # type: ignore[no-any-return]


async def chats_homed_on(http: httpx.AsyncClient, replicas: Replicas, index: int) -> str:
    """A new conversation whose home is replica `index`."""
    for _ in range(64):
        cid, _ = await open_chat(http)
        if replicas.home(cid) == index:
            return cid
    raise AssertionError("64 conversations and none homed on that replica")


async def test_each_conversation_stays_on_its_replica_and_both_get_work(
    gateway: tuple[FastAPI, httpx.AsyncClient], replicas: Replicas
) -> None:
    _, http = gateway
    served: set[int] = set()
    for _ in range(16):
        cid, _ = await open_chat(http)
        for words in ("Ik kreeg een sms", "Wat moet ik doen?", "Dank je"):
            assert texts_of(await say(http, cid, text=words)) == [f"Antwoord op: {words}"]
        got = replicas.received(cid)
        home = replicas.home(cid)
        assert got[home] == ["Ik kreeg een sms", "Wat moet ik doen?", "Dank je"]
        assert got[1 - home] == []
        served.add(home)
    assert served == {0, 1}


async def test_a_replica_that_is_down_hands_its_conversations_over_and_gets_them_back(
    gateway: tuple[FastAPI, httpx.AsyncClient], replicas: Replicas
) -> None:
    app, http = gateway
    cid = await chats_homed_on(http, replicas, 0)
    first, second = replicas.fakes
    # Mid-flow: the other replica must continue from the shared tracker.
    first.on("Ik kreeg een sms", text("Van wie kwam de sms?"))
    second.on("Van de bank", text("Klik niet op de link."))
    await say(http, cid, text="Ik kreeg een sms")

    first.down = True  # 503 on everything, as a proxy in front of a stopped Rasa
    answer = await say(http, cid, text="Van de bank")
    assert answer["degraded"] is False
    assert texts_of(answer) == ["Klik niet op de link."]
    assert replicas.received(cid) == [["Ik kreeg een sms"], ["Van de bank"]]
    # One history: the live replica's tracker holds the turn the other one answered.
    tracker = httpx.get(f"{second.url}/conversations/{cid}/tracker").json()
    said = [(e["event"], e["text"]) for e in tracker["events"]]
    assert said == [
        ("user", "Ik kreeg een sms"),
        ("bot", "Van wie kwam de sms?"),
        ("user", "Van de bank"),
        ("bot", "Klik niet op de link."),
    ]

    await say(http, cid, text="Nog iets")  # stays on the live replica while 0 is down
    assert replicas.received(cid)[1] == ["Van de bank", "Nog iets"]
    await rasa_of(app).probe()
    assert replicas.received(cid)[1] == ["Van de bank", "Nog iets"]  # still down: no move

    first.down = False
    await rasa_of(app).probe()
    await say(http, cid, text="En nu?")
    assert replicas.received(cid) == [["Ik kreeg een sms", "En nu?"], ["Van de bank", "Nog iets"]]


async def test_a_killed_replica_refuses_and_its_conversations_are_answered_elsewhere(
    gateway: tuple[FastAPI, httpx.AsyncClient], replicas: Replicas
) -> None:
    app, http = gateway
    cid = await chats_homed_on(http, replicas, 1)
    await say(http, cid, text="Eerste")
    replicas.servers[1].stop()  # connection refused, as after SIGKILL

    answer = await say(http, cid, text="Tweede")
    assert answer["degraded"] is False and texts_of(answer) == ["Antwoord op: Tweede"]
    other = await chats_homed_on(http, replicas, 1)  # new ones too, greeting and all
    assert texts_of(await say(http, other, text="Hallo"))[-1] == "Antwoord op: Hallo"

    replicas.servers[1].restart()
    await rasa_of(app).probe()
    await say(http, cid, text="Derde")
    assert replicas.received(cid) == [["Tweede"], ["Eerste", "Derde"]]


async def test_every_replica_down_gives_the_essential_advice_and_keeps_the_message(
    gateway: tuple[FastAPI, httpx.AsyncClient], replicas: Replicas
) -> None:
    app, http = gateway
    cid, _ = await open_chat(http)
    for fake in replicas.fakes:
        fake.down = True
    answer = await say(http, cid, text="Ik ben opgelicht")
    assert answer["degraded"] is True and texts_of(answer) == DEGRADED

    replicas.fakes[1 - replicas.home(cid)].down = False  # only the other one comes back
    await rasa_of(app).probe()
    later = await say(http, cid, text="Is er iemand?")
    assert texts_of(later) == ["Antwoord op: Is er iemand?"]
    received = replicas.received(cid)
    assert received[replicas.home(cid)] == []
    assert received[1 - replicas.home(cid)] == ["Ik ben opgelicht", "Is er iemand?"]
    shown = [m["text"] for m in await history(http, cid)]
    assert shown.index("Antwoord op: Ik ben opgelicht") < shown.index("Is er iemand?")


async def test_a_late_answer_is_used_not_sent_twice_and_one_is_no_reason_to_leave(
    sqlite_url: str, replicas: Replicas
) -> None:
    """A replica that took the message but did not answer in time may still answer it:
    the message is not sent to a second replica at once (that could run it twice); it is
    kept, and the late answer is read from the shared tracker. One late answer is load,
    not a dead replica (SLOW_STRIKES): the conversation stays home."""
    urls = tuple(fake.url for fake in replicas.fakes)
    settings = {"rasa_urls": urls, "rasa_timeout_seconds": 0.3}
    async with fake_gateway(sqlite_url, replicas.fakes[0], **settings) as (_, http):
        cid = await chats_homed_on(http, replicas, 0)
        replicas.fakes[0].freeze()
        answer = await say(http, cid, text="Ik kreeg een sms")
        assert answer["degraded"] is True
        replicas.fakes[0].thaw()  # it answers what it had

        later = await say(http, cid, text="Wat nu?")
        assert texts_of(later) == ["Antwoord op: Wat nu?"]
        assert replicas.received(cid) == [["Ik kreeg een sms", "Wat nu?"], []]
        shown = [m["text"] for m in await history(http, cid)]
        assert shown.count("Antwoord op: Ik kreeg een sms") == 1


def test_one_rasa_url_is_the_old_single_rasa() -> None:
    client = RasaClient("http://127.0.0.1:5005/", 1.0)
    assert [r.url for r in client.replicas.replicas] == ["http://127.0.0.1:5005"]
    only = client.replicas.replicas[0]
    client.replicas.mark_down(only, "test")
    assert only.up  # nothing to move to: it is always tried, as before


async def test_a_replica_marked_down_is_still_tried_when_the_home_is_dead(
    sqlite_url: str, replicas: Replicas
) -> None:
    """Under load the last live replica may time out once and be marked down; when the
    other one is dead, that slow replica must still answer rather than nobody."""
    urls = tuple(fake.url for fake in replicas.fakes)
    settings = {"rasa_urls": urls, "rasa_timeout_seconds": 0.3}
    async with fake_gateway(sqlite_url, replicas.fakes[0], **settings) as (app, http):
        slow = [await chats_homed_on(http, replicas, 1) for _ in range(SLOW_STRIKES)]
        orphan = await chats_homed_on(http, replicas, 0)
        replicas.fakes[1].freeze()
        for cid in slow:  # late again and again: 1 is marked down
            assert (await say(http, cid, text="Eerste"))["degraded"] is True
        assert [r.up for r in rasa_of(app).replicas.replicas] == [True, False]
        replicas.fakes[1].thaw()
        replicas.servers[0].stop()  # and the home of `orphan` dies

        answer = await say(http, orphan, text="Hallo")
        assert answer["degraded"] is False and texts_of(answer) == ["Antwoord op: Hallo"]
        assert [r.up for r in rasa_of(app).replicas.replicas] == [False, True]
