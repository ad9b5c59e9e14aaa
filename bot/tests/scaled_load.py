"""Simulated residents for the fault tests on the scaled topology, and what the
databases say afterwards.

Each resident opens a conversation through the widget API and tells a few Dutch scam
stories, one at a time, with a pause between. A resident whose connection breaks
mid-request sends the same text again, as a person does when the widget says
'Geen verbinding' (the widget has no idempotency key for resident messages, so the
first try may already be stored). What was sent, tried and answered is kept for the
checks: every message stored, answered by the assistant once (immediately, or later by
the recovery loop after a degraded answer), and in Rasa's tracker as often as stored."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx
import psutil
import psycopg
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session

from bot import texts
from bot.conversation.states import MessageStatus
from bot.models import Message
from bot.waves.telling import is_wave_note
from tools.topology_config import tracker_urls

# Stories that stay with the assistant (no hand-off, no safety net, no erasure), from
# the scam intents of tests/nlu/test_set.yml and the like.
STORIES = (
    "krijg steeds smsjes van postnl dat mn pakket niet bezorgd kan worden en dat ik 1,95 "
    "moet betalen",
    "Ik werd gebeld door iemand van de fraudeafdeling van ING. Ik moest mijn spaargeld "
    "naar een tijdelijke rekening overboeken.",
    "Hoi mam, dit is mijn nieuwe nummer, mijn telefoon is in de wc gevallen. Kun je dit "
    "nummer opslaan?",
    "Ik kreeg een mail van de Belastingdienst dat ik nog een naheffing moet betalen via een link.",
    "Ik heb een fiets gekocht op Marktplaats en betaald, maar de verkoper reageert niet meer.",
    "Er belde iemand van Microsoft dat mijn computer een virus heeft en hij wilde meekijken.",
    "Een webshop met hele lage prijzen heeft mijn geld en ik heb niks ontvangen.",
    "Iemand op Instagram belooft dat ik mijn geld kan verdubbelen met bitcoin.",
    "Ik kreeg een factuur van een bedrijf waar ik nooit iets heb besteld.",
    "Mijn WhatsApp is overgenomen en nu vragen ze mijn vrienden om geld.",
    "Ik kreeg een sms dat mijn bankpas verloopt en ik moet op een link klikken.",
    "Iemand vraagt of ik mijn rekening wil uitlenen voor geld van een vriend.",
)
BROKEN = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError, httpx.ConnectError)
TRIES = 4
SETTLE = 0.08


@dataclass
class Sent:
    """One message a resident meant to send, with every try."""

    text: str
    # The widget's key for this message, the same in every try (resends.py).
    key: str = field(default_factory=lambda: uuid.uuid4().hex)
    statuses: list[int] = field(default_factory=list)  # per try; 0: the connection broke
    degraded: bool = False
    # When the first try left and the last answer came (time.monotonic()).
    started: float = 0.0
    ended: float = 0.0

    @property
    def broken(self) -> int:
        return self.statuses.count(0)

    @property
    def delivered(self) -> bool:
        return bool(self.statuses) and self.statuses[-1] == 200


@dataclass
class Resident:
    conversation_id: str
    sent: list[Sent] = field(default_factory=list)
    busy: bool = False  # a request on its way
    # The local port of its connection to the gateway (kept alive between messages), to
    # find the gateway worker that holds it.
    port: int | None = None


async def open_residents(http: httpx.AsyncClient, count: int) -> list[Resident]:
    residents = []
    for _ in range(count):
        response = await http.post("/api/conversations", json={"campaign": None})
        assert response.status_code == 201, response.text
        residents.append(Resident(str(response.json()["conversation_id"])))
    return residents


async def tell(http: httpx.AsyncClient, resident: Resident, text: str) -> Sent:
    """Send one text; after a broken connection (or 'busy') the same text again."""
    sent = Sent(text, started=time.monotonic())
    resident.sent.append(sent)
    try:
        await _tries(http, resident, sent)
    finally:
        sent.ended = time.monotonic()
    return sent


async def _tries(http: httpx.AsyncClient, resident: Resident, sent: Sent) -> None:
    text = sent.text
    for _ in range(TRIES):
        resident.busy = True
        try:
            response = await http.post(
                f"/api/conversations/{resident.conversation_id}/messages",
                json={"text": text, "client_key": sent.key},
            )
        except BROKEN:
            sent.statuses.append(0)
            await asyncio.sleep(1.0)
            continue
        finally:
            resident.busy = False
        sent.statuses.append(response.status_code)
        stream = response.extensions.get("network_stream")
        address = stream.get_extra_info("client_addr") if stream is not None else None
        resident.port = int(address[1]) if address else None
        if response.status_code == 200:
            sent.degraded = bool(response.json()["degraded"])
            return
        await asyncio.sleep(1.0)


async def run_load(
    gateway_url: str,
    residents: list[Resident],
    stories: int,
    pause: float,
    fault: Awaitable[None] | None = None,
) -> None:
    """Every resident tells `stories` stories, `pause` s apart (starts staggered), each
    through a connection of its own (a browser of its own); `fault` runs beside them."""

    async def one(number: int, resident: Resident) -> None:
        async with httpx.AsyncClient(base_url=gateway_url, timeout=60) as http:
            await asyncio.sleep(number * pause / len(residents))
            for index in range(stories):
                await tell(http, resident, STORIES[(number * 5 + index) % len(STORIES)])
                await asyncio.sleep(pause)

    await asyncio.gather(*(one(n, r) for n, r in enumerate(residents)), *([fault] if fault else []))


async def in_flight(
    residents: list[Resident], wanted: Callable[[Resident], bool], seconds: float = 60.0
) -> list[Resident]:
    """Wait until a wanted resident's message has been on its way for a moment (so it
    reached Rasa); then the residents whose message is on its way."""
    deadline = time.monotonic() + seconds
    while True:
        assert time.monotonic() < deadline, "no wanted message was sent"
        if any(r.busy and wanted(r) for r in residents):
            await asyncio.sleep(SETTLE)
            if any(r.busy and wanted(r) for r in residents):
                return [r for r in residents if r.busy]
        await asyncio.sleep(0.005)


async def kill_and_watch(
    process: psutil.Process, residents: list[Resident], port: int | None = None
) -> list[Resident]:
    """SIGKILL, and the residents whose message was on its way from then until the
    process is gone: a process of a gigabyte takes a moment to die, and meanwhile the
    kernel still takes connections to its port that nobody answers, so those messages
    were in flight at the kill as well. Gone: its `port` refuses connections (as the
    gateway sees it), or without a port, the process is a zombie."""
    on_the_way = {id(r): r for r in residents if r.busy}
    process.kill()
    deadline = time.monotonic() + 30
    while await (_listening(port) if port is not None else _alive(process)):
        assert time.monotonic() < deadline, "the killed process did not end"
        on_the_way.update({id(r): r for r in residents if r.busy})
        await asyncio.sleep(0.002)
    on_the_way.update({id(r): r for r in residents if r.busy})
    return list(on_the_way.values())


async def _listening(port: int) -> bool:
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 0.2)
    except ConnectionRefusedError:
        return False
    except (OSError, TimeoutError):
        return True  # taken by the kernel, or no room left: not gone yet
    writer.close()
    return True


async def _alive(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


# --- what the databases say ----------------------------------------------------------
@dataclass
class Stored:
    """One stored resident message and the bot messages after it (up to the next)."""

    message: Message
    answers: list[Message]  # the assistant's (and the gateway's own additions)
    fallback: list[Message]  # the degraded notice and the essential advice


@dataclass
class Account:
    """What the gateway's database and Rasa's tracker hold of one conversation."""

    stored: list[Stored]
    user_turns: list[str]  # the tracker's user turns
    bot_turns: list[str]  # the tracker's bot turns with something to show

    @property
    def degraded(self) -> int:
        return sum(bool(s.fallback) for s in self.stored)


def _sync_engine(database_url: str) -> Engine:
    return create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))


def account(database_url: str, conversation_id: str) -> Account:
    engine = _sync_engine(database_url)
    try:
        with Session(engine) as session:
            rows = session.scalars(
                select(Message)
                .where(Message.conversation_id == conversation_id)
                .order_by(Message.id)
            ).all()
            session.expunge_all()
    finally:
        engine.dispose()
    found: list[Stored] = []
    fallback_left = 0  # the essential advice follows the degraded notice, in order
    for row in rows:
        if row.role == "resident":
            found.append(Stored(row, [], []))
            fallback_left = 0
        elif found and row.text == texts.DEGRADED_NOTICE and not row.delayed:
            found[-1].fallback.append(row)
            fallback_left = len(texts.ESSENTIAL_ADVICE)
        elif found and fallback_left and row.text in texts.ESSENTIAL_ADVICE:
            found[-1].fallback.append(row)
            fallback_left -= 1
        elif found:
            found[-1].answers.append(row)
    users, bots = _tracker_turns(database_url, conversation_id)
    return Account(found, users, bots)


def _tracker_turns(database_url: str, conversation_id: str) -> tuple[list[str], list[str]]:
    _, tracker, _ = tracker_urls(database_url)
    with psycopg.connect(tracker) as connection:
        rows = connection.execute(
            "SELECT type_name, data FROM events WHERE sender_id = %s "
            "AND type_name IN ('user', 'bot') ORDER BY id",
            (conversation_id,),
        ).fetchall()
    users, bots = [], []
    for kind, data in rows:
        event = json.loads(data)
        if kind == "user":
            users.append(str(event.get("text")))
        elif event.get("text") or (event.get("data") or {}).get("buttons"):
            # What the gateway shows of a bot turn (bot/replies.py): a text or buttons.
            bots.append(str(event.get("text") or ""))
    return users, bots


def check(resident: Resident, found: Account) -> None:
    """Every message the resident sent is stored once (a try that broke mid-request is
    sent again with the same client key, as the widget does), reached Rasa's tracker
    once, and is answered: the assistant's answers the gateway stored are exactly
    the tracker's bot turns, none twice, none missing. (A kept message may be answered
    after a later one, so the tracker's order is not compared.)"""
    cid = resident.conversation_id[:8]
    stored_texts = [s.message.text for s in found.stored]
    sent_texts = [sent.text for sent in resident.sent]
    assert len(set(sent_texts)) == len(sent_texts), "each story once per resident"
    assert set(stored_texts) <= set(sent_texts), (cid, stored_texts)
    for sent in resident.sent:
        assert stored_texts.count(sent.text) == 1, (cid, sent, stored_texts)
    statuses = {s.message.status for s in found.stored}
    assert statuses == {MessageStatus.ANSWERED}, (cid, statuses)
    in_tracker, kept = Counter(found.user_turns), Counter(stored_texts)
    assert in_tracker == kept, (cid, "not in Rasa", kept - in_tracker, "extra", in_tracker - kept)
    given = [
        m.text
        for s in found.stored
        for m in s.answers
        # The gateway's own additions: 'heeft dit geholpen?' and what went round (waves).
        if m.text != texts.HELPED_QUESTION and not is_wave_note(m.text)
    ]
    assert Counter(given) == Counter(found.bot_turns), (cid, given, found.bot_turns)
    # Degraded, or a try broke before its answer: answered later, maybe after others.
    later = {sent.text for sent in resident.sent if sent.degraded or sent.broken}
    for item in found.stored:
        if not item.fallback and item.message.text not in later:
            # Answered at once: its answer comes right after it.
            assert item.answers and not item.answers[0].delayed, (cid, item)


def pending(database_url: str, conversation_ids: list[str]) -> int:
    engine = _sync_engine(database_url)
    try:
        with Session(engine) as session:
            rows = session.scalars(
                select(Message.id).where(
                    Message.conversation_id.in_(conversation_ids),
                    Message.status == MessageStatus.PENDING,
                )
            ).all()
    finally:
        engine.dispose()
    return len(rows)


async def until_answered(database_url: str, conversation_ids: list[str], seconds: float) -> None:
    """Wait (bounded) for the recovery loop to answer every kept message."""
    deadline = time.monotonic() + seconds
    while pending(database_url, conversation_ids):
        assert time.monotonic() < deadline, "kept messages were not answered in time"
        await asyncio.sleep(1.0)
