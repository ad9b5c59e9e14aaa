"""The trained assistant behind a real Rasa server and action server (REST channel)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tools.rasa_processes import RasaServers, rasa_servers


@pytest.fixture(scope="module")
def servers() -> Iterator[RasaServers]:
    with rasa_servers() as running:
        yield running


def sender() -> str:
    return f"test-{uuid.uuid4().hex}"


def texts(reply: list[dict[str, Any]]) -> list[str]:
    return [m["text"] for m in reply if m.get("text")]


def test_taxonomy_examples_are_understood(servers: RasaServers, taxonomy: dict[str, Any]) -> None:
    wrong = []
    for group in ("scam_types", "conversation"):
        for intent, spec in taxonomy[group].items():
            parsed = servers.post("/model/parse", {"text": spec["example"]})
            if parsed["intent"]["name"] != intent:
                wrong.append((spec["example"], intent, parsed["intent"]["name"]))
    assert wrong == []


def test_a_typed_intent_command_is_not_forced(servers: RasaServers) -> None:
    who = sender()
    servers.say(who, '/already_paid{"damage_kind":"paid"}')
    latest = servers.get(f"/conversations/{who}/tracker")["latest_message"]
    assert not latest["text"].startswith("/")
    assert len(latest["intent_ranking"]) > 1  # a forced intent has a single, certain entry


def test_offered_buttons_work_and_urgent_comes_first(servers: RasaServers) -> None:
    who = sender()
    reply = servers.say(who, "Ik kreeg een sms van de ING dat mijn pas verloopt, met een link")
    triage = next(m for m in reply if m.get("buttons"))
    payloads = [b["payload"] for b in triage["buttons"]]
    assert "/already_paid" in payloads
    reply = servers.say(who, "/already_paid")
    assert texts(reply)[0].startswith("Dit is nu het belangrijkst: bel meteen je eigen bank")
    slots = servers.get(f"/conversations/{who}/tracker")["slots"]
    assert slots["urgent"] is True and slots["scam_type"] == "phishing_message"


def test_damage_in_the_first_message_is_urgent_first(servers: RasaServers) -> None:
    reply = servers.say(
        sender(),
        "iemand van de rabobank belde en ik heb 2000 euro naar een veilige rekening overgemaakt",
    )
    assert texts(reply)[0].startswith("Dit is nu het belangrijkst: bel meteen je eigen bank")


def test_asking_for_a_person_emits_the_handoff_payload(servers: RasaServers) -> None:
    who = sender()
    servers.say(who, "Iemand van de Rabobank belde, mijn geld moest naar een veilige rekening")
    reply = servers.say(who, "Kan ik een mens spreken?")
    handoff = next(m["custom"]["handoff"] for m in reply if "handoff" in (m.get("custom") or {}))
    assert handoff["scam_type"] == "bank_helpdesk_fraud"
    assert handoff["urgent"] is False and handoff["summary"]


def test_hostile_and_empty_input_gets_an_answer(servers: RasaServers) -> None:
    for text in ["<script>alert(1)</script>", "😱😱😱", "a" * 5000, "‮gnitset"]:
        reply = servers.say(sender(), text)
        assert texts(reply), text


def test_a_message_without_visible_text_gets_a_clear_answer(servers: RasaServers) -> None:
    for text in ["", "     ", "\u200b\u200f"]:
        assert texts(servers.say(sender(), text)) == [
            "Ik zie geen tekst in je bericht. Vertel in je eigen woorden wat er gebeurde. "
            "Of plak het verdachte bericht hier."
        ], repr(text)
