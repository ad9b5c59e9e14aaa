"""What a waiting resident reads never contradicts itself: place in the queue, wait and
later notices come from one computation; the urgent step fits the damage kind."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot import safety, texts
from bot.conversation.states import CaseStatus
from bot.db import make_engine, make_sessions, migrate
from bot.helpdesk.queue_wait import cases_ahead, still_waiting_text, waiting_text
from bot.models import Case, utcnow
from common.damage import (
    ACCOUNT_CODE,
    BANK_DETAILS,
    CARD_HANDED,
    DIGID,
    PAID,
    REMOTE_ACCESS,
    detect_damage,
    in_digid_case,
)

MINUTES = re.compile(r"\d+ minuten")


@pytest.mark.parametrize("ahead", [0, 1, 2, 25])
@pytest.mark.parametrize("channel", ["widget", "telegram"])
def test_place_and_wait_agree_at_every_place(ahead: int, channel: str) -> None:
    said = waiting_text(ahead, True, 15, "", channel)
    assert said.startswith(texts.VOLUNTEER_ONLINE)
    if ahead == 0:
        assert texts.QUEUE_FIRST in said and "15 minuten" in said
        assert "mensen voor je" not in said and "persoon voor je" not in said
    else:
        # A wait in minutes next to people ahead would be a promise the queue breaks.
        assert not MINUTES.search(said) and "Jij bent" not in said
        assert texts.WAIT_QUEUE in said
    if ahead == 1:
        assert "Er is nog 1 persoon voor je." in said
    if ahead >= 2:
        assert f"Er zijn nog {ahead} mensen voor je." in said


@pytest.mark.parametrize("ahead", [0, 1, 2, 25])
def test_nobody_online_says_when_and_the_helpline_never_a_place(ahead: int) -> None:
    said = waiting_text(ahead, False, 15, "ma-vr 09:00-17:00", "widget")
    assert said.startswith("Er is nu geen vrijwilliger online.")
    assert "ma-vr 09:00-17:00" in said and "088-786 73 72" in said
    assert not MINUTES.search(said) and "voor je" not in said and "vooraan" not in said


def test_where_the_answer_comes_is_said_per_channel() -> None:
    widget = waiting_text(0, True, 5, "", "widget")
    telegram = waiting_text(0, True, 5, "", "telegram")
    assert "Bewaar dan eerst de link" in widget
    assert "link" not in telegram and "hier in dit gesprek" in telegram


@pytest.mark.parametrize(
    ("ahead", "expected"),
    [
        (0, texts.QUEUE_NOW_FIRST),
        (1, "Er is nu nog 1 persoon voor je."),
        (2, "Er zijn nu nog 2 mensen voor je."),
        (25, "Er zijn nu nog 25 mensen voor je."),
    ],
)
def test_the_later_notice_gives_the_place_now(ahead: int, expected: str) -> None:
    said = still_waiting_text(ahead)
    assert said.startswith(texts.STILL_WAITING) and expected in said
    assert not MINUTES.search(said)
    if ahead:
        assert "Dringende vragen gaan voor." in said  # why a place can move back


# --- the place of THIS case in the volunteers' order ---------------------------------------
@pytest.fixture
async def session(sqlite_url: str) -> AsyncIterator[AsyncSession]:
    migrate(sqlite_url)
    engine = make_engine(sqlite_url)
    async with make_sessions(engine)() as db:
        yield db
    await engine.dispose()


async def add(
    db: AsyncSession, minutes_ago: int, urgent: bool = False, crisis: bool = False, **kw: object
) -> Case:
    case = Case(
        channel="widget",
        urgent=urgent or crisis,
        crisis=crisis,
        created_at=utcnow() - timedelta(minutes=minutes_ago),
        **kw,
    )
    db.add(case)
    await db.flush()
    return case


async def test_only_cases_before_this_one_count(session: AsyncSession) -> None:
    older = await add(session, 30)
    mine = await add(session, 20)
    await add(session, 10)  # came later, not more urgent: behind me
    await add(session, 40, status=CaseStatus.CLAIMED)  # a volunteer has it
    await add(session, 50, status=CaseStatus.CLOSED)
    assert await cases_ahead(session, older) == 0
    assert await cases_ahead(session, mine) == 1


async def test_urgent_and_crisis_cases_go_first(session: AsyncSession) -> None:
    plain = await add(session, 30)
    urgent = await add(session, 5, urgent=True)  # later, but urgent: before the plain one
    crisis = await add(session, 1, crisis=True)  # a life in danger: first of all
    assert await cases_ahead(session, crisis) == 0
    assert await cases_ahead(session, urgent) == 1
    assert await cases_ahead(session, plain) == 2


async def test_an_urgent_case_waits_only_behind_older_urgent_ones(session: AsyncSession) -> None:
    for minutes in range(25):
        await add(session, 100 + minutes)  # 25 plain cases, all older
    first_urgent = await add(session, 10, urgent=True)
    second_urgent = await add(session, 5, urgent=True)
    assert await cases_ahead(session, first_urgent) == 0
    assert await cases_ahead(session, second_urgent) == 1


# --- the urgent step fits the damage kind ----------------------------------------------------
BANK = "bel meteen je eigen bank"


@pytest.mark.parametrize(
    ("kind", "must", "must_not"),
    [
        (PAID, [BANK], []),
        (BANK_DETAILS, [BANK, "blokkeren"], []),
        (CARD_HANDED, ["blokkeren", "112"], []),
        (DIGID, ["DigiD", "digid.nl", "aangifte"], ["bank"]),
        (REMOTE_ACCESS, ["internet uit", "wachtwoorden", "ander apparaat"], []),
        (ACCOUNT_CODE, ["WhatsApp", "wachtwoord"], ["eigen bank"]),
    ],
)
def test_each_damage_kind_gets_its_own_step(
    kind: str, must: list[str], must_not: list[str]
) -> None:
    (said,) = safety.urgent_step_texts([kind])
    for words in must:
        assert words in said, (kind, words)
    for words in must_not:
        assert words not in said, (kind, words)


@pytest.mark.parametrize(
    "message",
    [
        "ik heb mijn inloggegevens ingevuld",
        "ik heb de code uit de sms gegeven",
        "ik heb mijn gebruikersnaam en wachtwoord gegeven",
    ],
)
def test_details_given_in_a_digid_case_get_digids_step(message: str) -> None:
    kinds = in_digid_case(detect_damage(message), message, digid_case=True)
    assert kinds == [DIGID]
    said = " ".join(safety.urgent_step_texts(kinds))
    assert "DigiD" in said and "bank" not in said


def test_the_same_words_outside_a_digid_case_still_mean_the_bank() -> None:
    message = "ik heb mijn inloggegevens ingevuld"
    assert in_digid_case(detect_damage(message), message, digid_case=False) == [BANK_DETAILS]


def test_a_bank_named_in_a_digid_case_keeps_the_bank() -> None:
    message = "ik heb ook mijn pincode van de rabobank gegeven"
    assert in_digid_case(detect_damage(message), message, digid_case=True) == [BANK_DETAILS]


@pytest.mark.parametrize(
    ("payment", "words"),
    [("gift_card", "cadeaukaarten"), ("crypto", "crypto"), ("credit_card", "creditcard")],
)
def test_money_no_bank_can_stop_gets_its_own_step(payment: str, words: str) -> None:
    (said,) = safety.urgent_step_texts([PAID], payment)
    assert words in said and BANK not in said
