"""Plays the scripted conversations of tests/conversations/ through the widget API
against the real assistant, and checks every turn (format: docs/conversation-harness.md).

Used by bot/tests/test_conversations.py (make test) and tools/conversation_bench.py
(make bench: the pass rate per category).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml
from fastapi import FastAPI
from sqlalchemy import select

from bot import safety
from bot.button_match import payload_intent
from bot.helpdesk import cases
from bot.models import Case, Conversation, Message, Volunteer

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "tests" / "conversations"
URGENT_OPENING = "dit is nu het belangrijkst"
TRICK_OPENING = "dit lijkt op"
VOLUNTEER_REPLY = "Hoi, ik ben een vrijwilliger. Ik lees je bericht."


@dataclass(frozen=True)
class Script:
    category: str
    id: str
    turns: list[dict[str, Any]]
    campaign: str | None = None
    persona: str = ""


@dataclass
class Played:
    script: Script
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def load_scripts(folder: Path = SCRIPTS) -> list[Script]:
    scripts = []
    for path in sorted(folder.glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]:
            scripts.append(
                Script(
                    category=str(item.get("category") or path.stem),
                    id=str(item["id"]),
                    turns=list(item["turns"]),
                    campaign=item.get("campaign"),
                    persona=str(item.get("persona") or ""),
                )
            )
    return scripts


def _has(bubbles: list[str], fragment: str) -> bool:
    return any(fragment.lower() in b.lower() for b in bubbles)


def _first_after_safety(bubbles: list[str]) -> str | None:
    return next((b for b in bubbles if not safety.is_safety_text(b)), None)


class Player:
    """One conversation through the gateway; the assistant's tracker and the database
    are read to check what the widget does not show (scam type, state, the case)."""

    def __init__(self, app: FastAPI, client: httpx.AsyncClient, rasa_url: str) -> None:
        self.app = app
        self.client = client
        self.rasa = httpx.AsyncClient(base_url=rasa_url, timeout=10)
        self.triage_texts: set[str] = set()

    async def close(self) -> None:
        await self.rasa.aclose()

    async def load_domain(self) -> None:
        response = await self.rasa.get("/domain", headers={"Accept": "application/json"})
        responses = response.json().get("responses") or {}
        self.triage_texts = {
            variants[0]["text"]
            for name, variants in responses.items()
            if name.startswith("utter_triage") and name != "utter_triage_which"
        }

    async def play(self, script: Script) -> Played:
        played = Played(script)
        started = await self.client.post(
            "/api/conversations", json={"campaign": script.campaign} if script.campaign else {}
        )
        cid = started.json()["conversation_id"]
        latest: list[dict[str, Any]] = started.json()["messages"]
        asked: set[str] = set()
        scam_type: str | None = None
        for number, turn in enumerate(script.turns, start=1):
            where = f"turn {number}"
            bubbles: list[str] = []
            body: dict[str, Any] = {}
            offered = {b["title"]: b["payload"] for m in latest for b in m.get("buttons") or []}
            if "do" in turn:
                await self._do(cid, turn["do"])
            else:
                request = self._request(turn, latest)
                if request is None:
                    played.failures.append(f"{where}: no button {turn.get('press')!r} offered")
                    break
                response = await self.client.post(
                    f"/api/conversations/{cid}/messages", json=request
                )
                if response.status_code != 200:
                    played.failures.append(f"{where}: HTTP {response.status_code} {response.text}")
                    break
                body = response.json()
                latest = body["messages"]
                bubbles = [m["text"] for m in latest]
            expect = turn.get("expect") or {}
            facts = await self._facts(cid)
            if facts["scam_type"] != scam_type or facts["new_question"]:
                asked = set()  # a new case may ask the damage question again
            scam_type = facts["scam_type"]
            for bubble in bubbles:
                if bubble in self.triage_texts:
                    if bubble in asked:
                        played.failures.append(f"{where}: asked again: {bubble!r}")
                    asked.add(bubble)
            played.failures += [
                f"{where} ({turn.get('say') or turn.get('press') or turn.get('do')!r}): {problem}"
                for problem in self._check(expect, bubbles, body, facts, offered, latest)
            ]
        return played

    @staticmethod
    def _request(turn: dict[str, Any], latest: list[dict[str, Any]]) -> dict[str, Any] | None:
        if "say" in turn:
            return {"text": str(turn["say"])}
        title = str(turn["press"])
        for message in latest:
            for button in message.get("buttons") or []:
                if button["title"] == title:
                    return {"payload": button["payload"]}
        return None

    async def _do(self, cid: str, what: str) -> None:
        desk = self.app.state.desk
        async with self.app.state.gateway.sessions() as session:
            case = await cases.open_case_of(session, cid)
            volunteer = await session.scalar(
                select(Volunteer).where(Volunteer.username == "harness")
            )
            if volunteer is None:
                volunteer = Volunteer(username="harness", display_name="Sam", password_hash="-")
                session.add(volunteer)
                await session.commit()
            assert case is not None, f"no open case to {what}"
            case_id = case.id
        if what == "claim":
            await desk.claim(volunteer, case_id)
        elif what == "volunteer_reply":
            await desk.reply(volunteer, case_id, VOLUNTEER_REPLY)
        else:
            raise ValueError(f"unknown step: do: {what}")

    async def _facts(self, cid: str) -> dict[str, Any]:
        tracker = (await self.rasa.get(f"/conversations/{cid}/tracker")).json()
        slots = tracker.get("slots") or {}
        events = tracker.get("events") or []
        actions = [e.get("name") for e in events if e.get("event") == "action"]
        async with self.app.state.gateway.sessions() as session:
            conversation = await session.get(Conversation, cid)
            case = await cases.open_case_of(session, cid) if conversation else None
            resident = await session.scalar(
                select(Message)
                .where(Message.conversation_id == cid, Message.role == "resident")
                .order_by(Message.id.desc())
                .limit(1)
            )
        latest = tracker.get("latest_message") or {}
        return {
            "scam_type": slots.get("scam_type"),
            "new_question": bool(actions) and actions[-2:-1] == ["action_ask_check"],
            "state": conversation.state if conversation else None,
            "case": case,
            "erased": conversation is None,
            "payload": resident.payload if resident else None,
            "intent": (latest.get("intent") or {}).get("name"),
        }

    def _check(
        self,
        expect: dict[str, Any],
        bubbles: list[str],
        body: dict[str, Any],
        facts: dict[str, Any],
        offered: dict[str, str],
        latest: list[dict[str, Any]],
    ) -> list[str]:
        problems = []
        for fragment in expect.get("contains") or []:
            if not _has(bubbles, fragment):
                problems.append(f"missing {fragment!r} in {bubbles}")
        for fragment in expect.get("not_contains") or []:
            if _has(bubbles, fragment):
                problems.append(f"unexpected {fragment!r} in {bubbles}")
        for fragment in expect.get("first") or []:
            if not bubbles or fragment.lower() not in bubbles[0].lower():
                problems.append(f"first bubble lacks {fragment!r}: {bubbles[:1]}")
        if "urgent_first" in expect:
            first = _first_after_safety(bubbles) or ""
            if expect["urgent_first"] and not first.lower().startswith(URGENT_OPENING):
                problems.append(f"not urgent first: {bubbles[:2]}")
            if not expect["urgent_first"] and any(
                b.lower().startswith(URGENT_OPENING) for b in bubbles
            ):
                problems.append(f"urgent step given: {bubbles}")
        if "crisis" in expect:
            gives = bool(bubbles) and "113" in bubbles[0] and "0800-0113" in bubbles[0]
            if expect["crisis"] and not gives:
                problems.append(f"no 113 first: {bubbles[:2]}")
            if not expect["crisis"] and any(re.search(r"\b113\b", b) for b in bubbles):
                problems.append(f"113 given: {bubbles[:2]}")
        if "scam_type" in expect and facts["scam_type"] != expect["scam_type"]:
            problems.append(f"scam type {facts['scam_type']!r}, expected {expect['scam_type']!r}")
        if expect.get("names_trick") and not any(
            b.lower().startswith(TRICK_OPENING) for b in bubbles
        ):
            problems.append(f"the trick is not named: {bubbles}")
        if "as_button" in expect:
            problems += as_button(str(expect["as_button"]), facts, offered)
        for title in expect.get("buttons") or []:
            titles = [b["title"] for m in latest for b in m.get("buttons") or []]
            if title not in titles:
                problems.append(f"no button {title!r} in {titles}")
        if "state" in expect and facts["state"] != expect["state"]:
            problems.append(f"state {facts['state']!r}, expected {expect['state']!r}")
        case: Case | None = facts["case"]
        if expect.get("case_urgent") and not (case and case.urgent):
            problems.append("the case is not urgent")
        if expect.get("case_crisis") and not (case and case.crisis):
            problems.append("the case has no crisis marker")
        if expect.get("erased") and not (body.get("erased") or facts["erased"]):
            problems.append("not erased")
        if expect.get("asks_damage") is False:
            asked = [b for b in bubbles if b in self.triage_texts]
            if asked:
                problems.append(f"asked the damage question: {asked}")
        if "replies" in expect and len(bubbles) != int(expect["replies"]):
            problems.append(f"{len(bubbles)} replies, expected {expect['replies']}")
        return problems


def as_button(title: str, facts: dict[str, Any], offered: dict[str, str]) -> list[str]:
    """Taken as that button: its payload stored with the typed text, or (for the
    assistant's buttons) the assistant's NLU read the words as the button's intent."""
    payload = offered.get(title)
    if payload is None:
        return [f"{title!r} was not offered ({list(offered)})"]
    if facts["payload"] == payload:
        return []
    if facts["payload"] is None and payload_intent(payload) == facts["intent"]:
        return []
    return [f"not taken as {title!r} (payload {facts['payload']!r}, intent {facts['intent']!r})"]
