"""A fake Rasa server on loopback, for the gateway tests that need no trained model.

It speaks the part of Rasa's HTTP API that the gateway's client uses
(bot/rasa_client.py): the REST webhook, /model/parse, the tracker and its events,
/domain and /status. A test scripts what the assistant says back to a message
(text, buttons, and the custom payloads `{"handoff": ...}` and `{"insight": ...}`
built by common/payloads.py and `{"report_draft": ...}` by common/report_draft.py, as the
action server builds them), reads what the fake
received (messages, parses, the events the gateway posts), and can make it answer
503 (down) or hold every request until it is thawed (slow or frozen, as real Rasa
under SIGSTOP).

Like real Rasa it keeps a tracker per conversation: a user event and the bot events
of each answer, and no answer ([]) while the conversation is paused.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from common.payloads import Handoff, Insight
from common.report_draft import ReportDraft
from tools.rasa_processes import free_port

Json = dict[str, Any]
Matcher = str | re.Pattern[str] | Callable[[str], bool]

# The greeting the gateway asks for at the first conversation (GET /domain).
GREETING = "Hallo! Ik ben de nep-assistent van de tests."
NEVER_ASKS = "Ik vraag nooit om je pincode of wachtwoord."


def text(words: str, *buttons: tuple[str, str]) -> Json:
    """A bot message; buttons as (title, payload)."""
    message: Json = {"text": words}
    if buttons:
        message["buttons"] = [{"title": title, "payload": payload} for title, payload in buttons]
    return message


def handoff(
    reason: str = "ask_human",
    scam_type: str | None = None,
    urgent: bool = False,
    damage: tuple[str, ...] = (),
    summary: str = "Bewoner vraagt om een vrijwilliger.",
) -> Json:
    """The custom message of action_escalate, built as the action server builds it."""
    payload = Handoff(reason, scam_type, urgent, damage, summary)
    return {"custom": {Handoff.KEY: payload.to_json()}}


def insight(
    scam_type: str | None,
    urgent: bool = False,
    advice_done: bool = False,
    reported: str = "",
    said: str = "",
) -> Json:
    """The custom message at the end of action_advise, as the action server builds it;
    `reported`: the scam message it read (and `said`, the resident's words beside it)."""
    payload = Insight(scam_type, urgent, advice_done, reported=reported, said=said)
    return {"custom": {Insight.KEY: payload.to_json()}}


def report_draft(scam_type: str | None, finished: bool = False, **facts: str) -> Json:
    """The custom message of the report form at each of its turns: the whole draft so far."""
    payload = ReportDraft(scam_type=scam_type, finished=finished, facts=facts)
    return {"custom": {ReportDraft.KEY: payload.to_json()}}


@dataclass
class _Rule:
    matcher: Matcher
    replies: list[Json]

    def matches(self, message: str) -> bool:
        if isinstance(self.matcher, str):
            return message == self.matcher
        if isinstance(self.matcher, re.Pattern):
            return self.matcher.search(message) is not None
        return self.matcher(message)


@dataclass
class _Held:
    """A request that arrived while the fake was frozen."""

    released: asyncio.Event
    body: Json | None = None
    replies: list[Json] | None = None


@dataclass
class FakeRasa:
    url: str = ""
    # What the gateway sent, in order: webhook bodies {"sender", "message"}, parse texts,
    # and every tracker call as (method, sender, body).
    received: list[Json] = field(default_factory=list)
    parsed: list[str] = field(default_factory=list)
    tracker_calls: list[tuple[str, str, Any]] = field(default_factory=list)
    trackers: dict[str, list[Json]] = field(default_factory=dict)
    # Down: every endpoint answers 503, as a proxy in front of a stopped Rasa would.
    down: bool = False
    _rules: list[_Rule] = field(default_factory=list)
    _intents: dict[str, tuple[str, float]] = field(default_factory=dict)
    _frozen: bool = False
    _held: list[_Held] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _loop: asyncio.AbstractEventLoop | None = None

    # --- scripting (from the test) ----------------------------------------------------
    def on(self, matcher: Matcher, *replies: Json) -> None:
        """What the assistant answers to a message (an exact text or payload, a regex, or a
        predicate). Later rules win; no replies means Rasa's [] (action server failing)."""
        self._rules.insert(0, _Rule(matcher, list(replies)))

    def parse_as(self, message: str, intent: str, confidence: float) -> None:
        """The NLU's reading of a text for /model/parse."""
        self._intents[message] = (intent, confidence)

    def messages(self, sender: str | None = None) -> list[str]:
        """The messages the webhook received (for one conversation, or all)."""
        return [b["message"] for b in self.received if sender in (None, b["sender"])]

    def events(self, sender: str) -> list[Json]:
        return list(self.trackers.get(sender, []))

    def freeze(self) -> None:
        """Hold every request from now on: a frozen or very slow Rasa."""
        with self._lock:
            self._frozen = True

    def holding(self) -> int:
        """How many requests wait while frozen."""
        with self._lock:
            return len(self._held)

    def thaw(self) -> None:
        """Answer what was held. The held webhook messages are processed (their events are
        in the tracker) before this returns, as Rasa does after SIGCONT, whether or not the
        gateway still waits for the answer."""
        with self._lock:
            self._frozen = False
            held, self._held = self._held, []
            for request in held:
                if request.body is not None:
                    request.replies = self._answer(request.body)
        loop = self._loop
        for request in held:
            if loop is not None:
                loop.call_soon_threadsafe(request.released.set)

    def reset(self) -> None:
        self.thaw()
        self.received.clear()
        self.parsed.clear()
        self.tracker_calls.clear()
        self.trackers.clear()
        self.down = False
        self._rules.clear()
        self._intents.clear()

    # --- Rasa's side ------------------------------------------------------------------
    def _answer(self, body: Json) -> list[Json]:
        """One dialogue turn, as Rasa's REST channel: the user event, then the bot events
        (none while the conversation is paused). Called with the lock held."""
        sender, message = str(body["sender"]), str(body["message"])
        received = {"sender": sender, "message": message}
        if "metadata" in body:
            received["metadata"] = body["metadata"]
        self.received.append(received)
        tracker = self.trackers.setdefault(sender, [])
        tracker.append({"event": "user", "text": message, "timestamp": time.time()})
        if _paused(tracker):
            return []
        rule = next((r for r in self._rules if r.matches(message)), None)
        replies = rule.replies if rule else [text(f"Antwoord op: {message}")]
        for reply in replies:
            data = {key: reply[key] for key in ("buttons", "custom") if key in reply}
            tracker.append(
                {"event": "bot", "text": reply.get("text"), "data": data, "timestamp": time.time()}
            )
        return [{"recipient_id": sender, **reply} for reply in replies]

    async def _gate(self, body: Json | None = None) -> _Held | None:
        """Wait while frozen; returns the held request (with its answer, for the webhook)."""
        with self._lock:
            if not self._frozen:
                return None
            held = _Held(asyncio.Event(), body)
            self._held.append(held)
        await held.released.wait()
        return held

    async def webhook(self, request: Request) -> JSONResponse:
        body = await request.json()
        held = await self._gate(body)
        if self.down:
            return _unavailable()
        if held is not None and held.replies is not None:
            return JSONResponse(held.replies)
        with self._lock:
            return JSONResponse(self._answer(body))

    async def parse(self, request: Request) -> JSONResponse:
        body = await request.json()
        await self._gate()
        if self.down:
            return _unavailable()
        words = str(body.get("text", ""))
        self.parsed.append(words)
        name, confidence = self._intents.get(words, ("nlu_fallback", 0.3))
        intent = {"name": name, "confidence": confidence}
        return JSONResponse({"text": words, "intent": intent, "intent_ranking": [intent]})

    async def tracker(self, request: Request) -> JSONResponse:
        sender = request.path_params["sender"]
        await self._gate()
        if self.down:
            return _unavailable()
        self.tracker_calls.append(("GET", sender, None))
        return JSONResponse(self._tracker_json(sender))

    async def tracker_events(self, request: Request) -> JSONResponse:
        sender = request.path_params["sender"]
        body = await request.json()
        await self._gate()
        if self.down:
            return _unavailable()
        self.tracker_calls.append((request.method, sender, body))
        with self._lock:
            events = body if isinstance(body, list) else [body]
            if request.method == "PUT":  # replace: the gateway erases with []
                self.trackers[sender] = list(events)
            else:
                self.trackers.setdefault(sender, []).extend(events)
        return JSONResponse(self._tracker_json(sender))

    async def domain(self, request: Request) -> JSONResponse:
        await self._gate()
        if self.down:
            return _unavailable()
        responses = {"utter_greet": [GREETING], "utter_never_asks": [NEVER_ASKS]}
        return JSONResponse(
            {"responses": {name: [{"text": t} for t in said] for name, said in responses.items()}}
        )

    async def status(self, request: Request) -> JSONResponse:
        if self.down:
            return _unavailable()
        return JSONResponse({"model_file": "fake", "num_active_training_jobs": 0})

    def _tracker_json(self, sender: str) -> Json:
        events = self.events(sender)
        users = [e for e in events if e.get("event") == "user"]
        return {
            "sender_id": sender,
            "events": events,
            "paused": _paused(events),
            "latest_message": {"text": users[-1]["text"]} if users else {},
        }


def _paused(events: list[Json]) -> bool:
    """Paused after a pause event with no resume since (Rasa's tracker.is_paused())."""
    marks = [e["event"] for e in events if e.get("event") in ("pause", "resume")]
    return bool(marks) and marks[-1] == "pause"


def _unavailable() -> JSONResponse:
    return JSONResponse({"status": "failure", "message": "fake Rasa is down"}, status_code=503)


class FakeRasaServer:
    """Runs FakeRasa with uvicorn in a thread on a free loopback port."""

    def __init__(self, trackers: dict[str, list[Json]] | None = None) -> None:
        """`trackers`: one dict given to several servers makes them replicas sharing a
        tracker store, as Rasa's SQLTrackerStore does."""
        self.state = FakeRasa()
        state = self.state
        if trackers is not None:
            state.trackers = trackers
        app = Starlette(
            routes=[
                Route("/webhooks/rest/webhook", state.webhook, methods=["POST"]),
                Route("/model/parse", state.parse, methods=["POST"]),
                Route("/conversations/{sender}/tracker", state.tracker, methods=["GET"]),
                Route(
                    "/conversations/{sender}/tracker/events",
                    state.tracker_events,
                    methods=["POST", "PUT"],
                ),
                Route("/domain", state.domain, methods=["GET"]),
                Route("/status", state.status, methods=["GET"]),
            ],
            lifespan=self._lifespan,
        )
        self.port = free_port()
        self._config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(self._config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        state.url = f"http://127.0.0.1:{self.port}"

    @contextlib.asynccontextmanager
    async def _lifespan(self, app: Starlette) -> AsyncIterator[None]:
        # thaw() is called from the test's thread and wakes the server's loop.
        self.state._loop = asyncio.get_running_loop()
        yield

    def __enter__(self) -> FakeRasa:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:  # startup of a thread we own, not a test's outcome
            if time.monotonic() > deadline:
                raise RuntimeError("fake Rasa server did not start")
            time.sleep(0.02)
        return self.state

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop listening: connections are refused, as to a Rasa killed with SIGKILL."""
        self.state.thaw()  # let held requests end, so uvicorn can stop
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def restart(self) -> None:
        """Listen again on the same port, with the same state (a restarted replica)."""
        self.server = uvicorn.Server(self._config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.__enter__()
