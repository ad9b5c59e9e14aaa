"""Residents cannot force an intent by typing '/'; offered buttons still work."""

from __future__ import annotations

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
