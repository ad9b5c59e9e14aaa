"""Residents cannot force an intent by typing '/'; offered buttons still work."""

from __future__ import annotations

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from assistant.rest_channel import guard_text, is_blank, neutralise, offered_payloads


def test_typed_intent_commands_lose_their_slash() -> None:
    assert guard_text("/already_paid", set()) == "already_paid"
    assert guard_text('  //ask_human{"x":1}', set()) == 'ask_human{"x":1}'
    assert neutralise("/") == ""


def test_offered_payloads_pass_exactly() -> None:
    offered = {"/deny", '/deny{"damage_kind":"clicked_only"}'}
    assert guard_text("/deny", offered) == "/deny"
    assert (
        guard_text('/deny{"damage_kind":"clicked_only"}', offered)
        == '/deny{"damage_kind":"clicked_only"}'
    )
    assert guard_text('/deny{"damage_kind":"paid"}', offered) == 'deny{"damage_kind":"paid"}'


def test_ordinary_text_is_untouched() -> None:
    assert guard_text("ik kreeg een sms / mail", set()) == "ik kreeg een sms / mail"
    assert guard_text(None, set()) is None


def test_only_buttons_of_the_latest_bot_turn_count() -> None:
    events = [
        UserUttered("hoi"),
        BotUttered("oud", data={"buttons": [{"title": "a", "payload": "/ask_human"}]}),
        UserUttered("sms van ing"),
        ActionExecuted("action_advise"),
        BotUttered("triage", data={"buttons": [{"title": "Nee", "payload": "/deny"}]}),
        BotUttered("geen knoppen"),
    ]
    assert offered_payloads(events) == {"/deny"}


def test_blank_means_no_visible_characters() -> None:
    assert is_blank("") and is_blank(None) and is_blank("   \n\t")
    assert is_blank("\u200b\u200f\ufeff")
    assert not is_blank("😱") and not is_blank(" a ")


def test_the_loaded_model_leaves_the_garbage_collector_once_the_server_is_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import asyncio
    import gc

    from assistant.rest_channel import GuardedRestInput, freeze_loaded_model

    async def on_message(_: object) -> None:
        return None

    blueprint = GuardedRestInput().blueprint(on_message)
    listeners = [
        future.listener
        for future in blueprint._future_listeners
        if future.event == "after_server_start"
    ]
    assert freeze_loaded_model in listeners
    gc.unfreeze()
    try:
        monkeypatch.setenv("GC_FREEZE", "0")
        asyncio.run(freeze_loaded_model(None))
        assert gc.get_freeze_count() == 0
        monkeypatch.setenv("GC_FREEZE", "1")
        asyncio.run(freeze_loaded_model(None))
        assert gc.get_freeze_count() > 10_000  # Rasa and everything it imported
    finally:
        gc.unfreeze()
