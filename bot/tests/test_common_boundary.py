"""The boundary package (common/) from the gateway's side: the shared tests of
tests/test_common_boundary.py run here too (Python 3.11, the gateway's environment),
and the gateway reads the assistant's payloads into the dataclasses, leaving out one
it cannot read without failing the resident's turn."""

from __future__ import annotations

import logging

import pytest

from bot.replies import BotReply, parse
from common.payloads import Handoff, Insight

# Collected again in this environment: the no-framework promise and the payload checks
# must hold for Python 3.11 and the gateway's libraries as well.
from tests.test_common_boundary import *  # noqa: F403

HANDOFF = Handoff(
    reason="volunteer_offer",
    scam_type="friend_in_need",
    urgent=False,
    damage=(),
    summary="Vriend-in-noodfraude. Geen schade gemeld.",
)


def _rasa_output(*custom: dict[str, object]) -> list[dict[str, object]]:
    """Rasa's REST output: what the resident reads, then the custom messages."""
    return [{"recipient_id": "r", "text": "Ik zoek een vrijwilliger voor je."}] + [
        {"recipient_id": "r", "custom": c} for c in custom
    ]


def test_parse_reads_the_payloads_into_the_dataclasses() -> None:
    insight = Insight(scam_type="friend_in_need", urgent=True, advice_done=False)
    parsed = parse(_rasa_output({Handoff.KEY: HANDOFF.to_json()}, {Insight.KEY: insight.to_json()}))
    assert parsed.handoffs == [HANDOFF] and parsed.insights == [insight]
    assert parsed.messages == [BotReply("Ik zoek een vrijwilliger voor je.")]


@pytest.mark.parametrize(
    "custom",
    [
        {Handoff.KEY: {**HANDOFF.to_json(), "version": Handoff.VERSION + 1}},
        {Handoff.KEY: {**HANDOFF.to_json(), "damage": "paid"}},
        {Handoff.KEY: "ask_human"},
        {Insight.KEY: {"scam_type": "friend_in_need", "urgent": "ja", "advice_done": True}},
    ],
)
def test_an_unreadable_payload_is_logged_and_left_out(
    custom: dict[str, object], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.replies"):
        parsed = parse(_rasa_output(custom))
    assert parsed.handoffs == [] and parsed.insights == []
    # The resident still gets what the assistant said.
    assert [m.text for m in parsed.messages] == ["Ik zoek een vrijwilliger voor je."]
    assert "Ignored the assistant's payload" in caplog.text and "payload" in caplog.text


def test_a_payload_without_a_version_is_read_as_version_one() -> None:
    # The shape the action server sent before payloads were numbered (an old deploy).
    old = {"scam_type": "webshop_fraud", "urgent": False, "advice_done": True}
    assert parse(_rasa_output({Insight.KEY: old})).insights == [
        Insight(scam_type="webshop_fraud", urgent=False, advice_done=True)
    ]
