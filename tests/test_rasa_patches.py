"""The Rasa patch (assistant/rasa_patches.py): the action server's response is still
validated against Rasa's schema, with Rasa's error, by a validator built once."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import rasa
import structlog.testing
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

import assistant.intent_classifier  # noqa: F401  (importing it applies the patch)
from assistant import rasa_patches

VALID: list[dict[str, Any]] = [
    {},
    {"events": [], "responses": []},
    {
        "events": [
            {"event": "slot", "name": "scam_type", "value": "phishing_message"},
            {"event": "followup", "name": "action_listen"},
        ],
        "responses": [{"text": "Klik niet op de link."}, {"response": "utter_urgent"}],
    },
]
MALFORMED: list[dict[str, Any]] = [
    {"events": {"event": "slot", "name": "x", "value": 1}},  # events not a list
    {"events": [{"event": "slot", "name": 3, "value": 1}]},  # slot name not a string
    {"events": [{"event": "no_such_event"}]},
    {"events": "action_listen"},
    {"responses": {"text": "hoi"}},  # responses not a list
    {"responses": ["hoi"]},  # a response that is not an object
]


@pytest.fixture()
def action() -> RemoteAction:
    return RemoteAction("action_answer", EndpointConfig("http://127.0.0.1:1/webhook"))


def original() -> Any:
    return RemoteAction._validate_action_result.__wrapped__


def test_importing_the_classifier_applies_the_patch() -> None:
    assert rasa_patches.is_applied()
    assert getattr(RemoteAction._validate_action_result, rasa_patches.PATCHED_FLAG)


def test_applying_twice_changes_nothing() -> None:
    patched = RemoteAction._validate_action_result
    assert rasa_patches.apply() is True
    assert rasa_patches.apply() is True
    assert RemoteAction._validate_action_result is patched
    # Not a patch of a patch: the wrapped method is Rasa's own.
    assert not getattr(original(), rasa_patches.PATCHED_FLAG, False)


@pytest.mark.parametrize("response", VALID)
def test_a_valid_response_is_accepted(action: RemoteAction, response: dict[str, Any]) -> None:
    assert action._validate_action_result(response) is True
    assert original()(action, response) is True


@pytest.mark.parametrize("response", MALFORMED)
def test_a_malformed_response_is_rejected_as_rasa_does(
    action: RemoteAction, response: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError) as ours:
        action._validate_action_result(response)
    with pytest.raises(ValidationError) as rasas:
        original()(action, response)
    assert "Failed to validate Action server response from API" in ours.value.message
    assert ours.value.message == rasas.value.message
    assert list(ours.value.absolute_path) == list(rasas.value.absolute_path)


def test_the_schema_is_not_checked_again_per_response(
    action: RemoteAction, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_recheck(*_: Any, **__: Any) -> None:
        raise AssertionError("the schema was checked again for one response")

    validator_class = validator_for(RemoteAction.action_response_format_spec())
    monkeypatch.setattr(validator_class, "check_schema", no_recheck)
    monkeypatch.setattr("jsonschema.validate", no_recheck)
    with pytest.raises(AssertionError):  # what Rasa's own method would do now
        original()(action, VALID[2])
    assert action._validate_action_result(VALID[2]) is True
    with pytest.raises(ValidationError):
        action._validate_action_result(MALFORMED[0])


def test_a_subclass_with_its_own_schema_keeps_rasas_way() -> None:
    class Strict(RemoteAction):
        @staticmethod
        def action_response_format_spec() -> dict[str, Any]:
            return {"type": "object", "required": ["events"]}

    strict = Strict("action_answer", EndpointConfig("http://127.0.0.1:1/webhook"))
    with pytest.raises(ValidationError):
        strict._validate_action_result({"responses": []})


def test_another_rasa_version_is_left_alone(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    rasas = original()
    monkeypatch.setattr(RemoteAction, "_validate_action_result", rasas)
    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    with caplog.at_level(logging.WARNING, logger=rasa_patches.__name__):
        assert rasa_patches.apply() is False
    assert RemoteAction._validate_action_result is rasas
    assert "left as Rasa has it" in caplog.text


def test_a_method_of_another_shape_is_left_alone() -> None:
    class Changed:
        @staticmethod
        def action_response_format_spec() -> dict[str, Any]:
            return {}

        def _validate_action_result(self, result: dict[str, Any]) -> bool:
            return bool(result)

    assert not rasa_patches._expected_shape(Changed)
    assert rasa_patches._expected_shape(
        type(
            "Unpatched",
            (),
            {
                "action_response_format_spec": RemoteAction.action_response_format_spec,
                "_validate_action_result": original(),
            },
        )
    )


# --- button payloads left alone by the slot interpolation -------------------------------
@pytest.mark.parametrize(
    "payload",
    [
        '/deny{"damage_kind":"clicked_only"}',
        '/shared_details{"damage_kind": "bank_details"}',
        "/affirm{}",
    ],
)
def test_a_button_payload_comes_back_unchanged_without_an_error_logged(payload: str) -> None:
    from rasa.core.nlg import interpolator

    button = {"title": "Nee", "payload": payload}
    # Rasa logs the interpolation error through structlog.
    with structlog.testing.capture_logs() as logged:
        filled = interpolator.interpolate(
            {"text": "Hoi {name}", "buttons": [button]}, {"name": "Ans"}
        )
    assert filled["buttons"][0]["payload"] == payload
    assert filled["text"] == "Hoi Ans"  # slots are still filled in
    assert logged == []
    # Rasa's own function, unpatched, logs an error for the payloads with entities.
    with structlog.testing.capture_logs() as unpatched:
        assert interpolator.interpolate_text.__wrapped__(payload, {}) == payload
    assert bool(unpatched) == (payload != "/affirm{}")


def test_a_slot_placeholder_that_looks_like_a_payload_is_still_filled() -> None:
    from rasa.core.nlg.interpolator import interpolate_text

    assert interpolate_text("/link{name}", {"name": "ans"}) == "/linkans"
    assert interpolate_text("Bel {bank} op", {"bank": "je bank"}) == "Bel je bank op"
    # Rasa's own behaviour for a missing slot stays (the text unchanged).
    assert interpolate_text("Hoi {niemand}", {}) == "Hoi {niemand}"


# --- event classes looked up once per type name ------------------------------------------
def test_event_types_resolve_as_rasa_resolves_them() -> None:
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered

    assert getattr(Event.resolve_by_type, rasa_patches.PATCHED_FLAG)
    original = Event.resolve_by_type.__wrapped__
    for name in ("user", "slot", "action", "bot", "followup", "session_started", "pause"):
        assert Event.resolve_by_type(name) is original(name)
    assert Event.resolve_by_type("user") is UserUttered
    assert Event.resolve_by_type("slot") is SlotSet
    assert Event.resolve_by_type("topic") is None  # Rasa's own backwards compatibility
    assert Event.resolve_by_type("no_such_event", default=ActionExecuted) is ActionExecuted
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        Event.resolve_by_type("no_such_event")
    # The default given for an unknown name is not remembered as its class.
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")


def test_an_event_class_defined_later_is_found() -> None:
    from rasa.shared.core.events import Event, SlotSet

    with pytest.raises(ValueError):
        Event.resolve_by_type("scamhelp_test_event")

    class LaterEvent(SlotSet):
        type_name = "scamhelp_test_event"

    assert Event.resolve_by_type("scamhelp_test_event") is LaterEvent
    restored = Event.from_parameters({"event": "slot", "name": "scam_type", "value": "x"})
    assert restored == SlotSet("scam_type", "x")


# --- the short check: one oneOf branch per event, chosen by its name ---------------------
def _events_of_every_kind() -> list[dict[str, Any]]:
    from rasa.shared.core.events import (
        ActionExecuted,
        ActionExecutionRejected,
        ActionReverted,
        ActiveLoop,
        AgentUttered,
        AllSlotsReset,
        BotUttered,
        ConversationPaused,
        ConversationResumed,
        EntitiesAdded,
        FollowupAction,
        LoopInterrupted,
        ReminderCancelled,
        ReminderScheduled,
        Restarted,
        SessionStarted,
        SlotSet,
        StoryExported,
        UserUtteranceReverted,
        UserUttered,
    )

    events = [
        UserUttered("mijn bank belde", {"name": "bank_helpdesk_fraud", "confidence": 0.9}),
        ActionExecuted("action_answer", policy="RulePolicy", confidence=1.0),
        ActionExecutionRejected("action_answer"),
        ActionReverted(),
        ActiveLoop("aangifte_form"),
        ActiveLoop(None),
        AgentUttered("hoi"),
        AllSlotsReset(),
        BotUttered("Bel je bank.", {"buttons": [{"title": "Ja", "payload": "/affirm"}]}),
        ConversationPaused(),
        ConversationResumed(),
        EntitiesAdded([{"entity": "iban", "value": "NL91ABNA0417164300"}]),
        FollowupAction("action_listen"),
        LoopInterrupted(True),
        ReminderCancelled("herinner"),
        ReminderScheduled("herinner", __import__("datetime").datetime(2026, 12, 1)),
        Restarted(),
        SessionStarted(),
        SlotSet("scam_type", "phishing_message"),
        SlotSet("amount", 150.0),
        StoryExported("story.yml"),
        UserUtteranceReverted(),
    ]
    return [event.as_dict() for event in events]


def _broken_variants(event: dict[str, Any]) -> list[dict[str, Any]]:
    """Each field of a valid event replaced by values of the wrong type, and the event
    carrying each other event's name."""
    wrong: list[Any] = [3, "x", None, [], {}, 1.5, True]
    variants = [{**event, field: value} for field in event for value in wrong]
    variants += [{k: v for k, v in event.items() if k != field} for field in event]
    return variants


def test_the_short_check_is_in_use_for_rasas_schema() -> None:
    schema = RemoteAction.action_response_format_spec()
    assert rasa_patches._short_check(schema, validator_for(schema)) is not None


def test_the_short_check_never_accepts_what_the_schema_rejects() -> None:
    schema = RemoteAction.action_response_format_spec()
    full = validator_for(schema)(schema)
    short = rasa_patches._short_check(schema, validator_for(schema))
    assert short is not None
    kinds = _events_of_every_kind()
    names = {event["event"] for event in kinds}
    responses: list[Any] = [*VALID, *MALFORMED, [], "events", None]
    for event in kinds:
        responses.append({"events": [event], "responses": [{"text": "hoi"}]})
        for variant in _broken_variants(event):
            responses.append({"events": [event, variant]})
        for name in names:
            responses.append({"events": [{**event, "event": name}]})
    accepted = 0
    for response in responses:
        if short(response):
            accepted += 1
            assert full.is_valid(response), response
    # It does its work: every valid response of a single kind of event is accepted.
    for event in kinds:
        assert short({"events": [event]}), event
    assert accepted > len(kinds)
    # And the patched method gives the whole schema's verdict on all of them.
    action = RemoteAction("action_answer", EndpointConfig("http://127.0.0.1:1/webhook"))
    for response in responses:
        valid = full.is_valid(response)
        try:
            assert action._validate_action_result(response) is True
            assert valid, response
        except ValidationError:
            assert not valid, response


def test_a_schema_of_another_shape_gets_no_short_check() -> None:
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    unpinned = {
        "type": "object",
        "properties": {
            "events": {"type": "array", "items": {"oneOf": [{"properties": {}}]}},
        },
    }
    assert rasa_patches._short_check(unpinned, validator_class) is None
    same_name = {
        "type": "object",
        "properties": {
            "events": {
                "type": "array",
                "items": {
                    "oneOf": [
                        {"properties": {"event": {"const": "slot"}}},
                        {"properties": {"event": {"const": "slot"}}},
                    ]
                },
            },
        },
    }
    assert rasa_patches._short_check(same_name, validator_class) is None
    assert rasa_patches._short_check({**schema, "required": ["events"]}, validator_class) is None
