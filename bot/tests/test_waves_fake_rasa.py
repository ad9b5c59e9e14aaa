"""Waves through the widget API, in front of the fake Rasa (which sends the insight with
the scam text it read, as the action server does): the count told from the third
resident on, residents counted once, nothing said of a message that matches nothing, the
resident's own number never an indicator, and erasure on both databases."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from bot import texts
from bot.tests.conftest import fake_gateway
from bot.tests.fake_rasa import FakeRasa, insight, text
from bot.tests.widget_client import open_chat, say
from bot.tests.widget_client import texts as shown
from bot.waves.models import Sighting, SightingIndicator, Wave

SCAM = (
    "Beste klant, uw pakket {code} kon vandaag niet worden bezorgd omdat er nog "
    "€1,{cents} verzendkosten openstaan. Betaal binnen 24 uur via postnl-bezorgen{n}.top "
    "anders gaat het pakket terug naar de afzender."
)
OTHER = (
    "Geachte heer, mevrouw, uw energiecontract wordt verlengd tegen een lager tarief. "
    "Bevestig uw gegevens vandaag nog via eneco-korting.online om de korting te behouden."
)
REPORTED = re.compile(r"is de afgelopen 7 dagen (\d+) keer bij ons gemeld")


def variant(n: int) -> str:
    return SCAM.format(code=f"3SPNL{n:06d}", cents=f"{n % 90 + 10}", n=n)


async def paste(http: httpx.AsyncClient, fake: FakeRasa, message: str, said: str = "") -> list[str]:
    fake.on(
        message,
        text("Ik zie signalen van oplichting in dit bericht."),
        text("Klik niet op de link."),
        insight("phishing_message", reported=message, said=said),
    )
    cid, _ = await open_chat(http)
    return shown(await say(http, cid, text=message))


def counts(replies: list[str]) -> list[int]:
    return [int(m.group(1)) for r in replies if (m := REPORTED.search(r))]


async def test_the_count_is_told_from_the_third_resident_on_after_the_first_bubble(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    told = [counts(await paste(widget, fake_rasa, variant(n))) for n in range(6)]
    assert told == [[], [], [2], [3], [4], [5]]
    replies = await paste(widget, fake_rasa, variant(7))
    # Urgent first: the assistant's own first bubble stays first, the count comes second.
    assert replies[0] == "Ik zie signalen van oplichting in dit bericht."
    assert REPORTED.search(replies[1]) and counts(replies) == [6]


async def test_a_message_that_matches_nothing_gets_no_word_about_counts(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    for n in range(4):
        await paste(widget, fake_rasa, variant(n))
    replies = await paste(widget, fake_rasa, OTHER)
    assert replies == ["Ik zie signalen van oplichting in dit bericht.", "Klik niet op de link."]
    assert not any("gemeld" in r for r in replies)


async def test_a_resident_who_reports_twice_counts_once(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid, _ = await open_chat(widget)
    for n in range(3):  # the same resident, three times
        message = variant(n)
        fake_rasa.on(message, text("Signalen."), insight("phishing_message", reported=message))
        await say(widget, cid, text=message)
    others = [counts(await paste(widget, fake_rasa, variant(10 + n))) for n in range(2)]
    # One resident (three reports), then a second one: 2 distinct; the third hears '2'.
    assert others == [[], [2]]


async def test_the_residents_own_number_is_never_an_indicator(
    sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    own, scammer = "06 48 12 77 90", "+44 7911 123456"
    message = f"Hoi mam, mijn telefoon is kapot. App me op {scammer}. Ook {own} werkt."
    async with fake_gateway(sqlite_url, fake_rasa) as (app, http):
        await paste(http, fake_rasa, message, said=f"is dit echt? mijn nummer is {own}")
        values = await _indicator_values(app)
    assert values == {"+447911123456"}


async def test_a_confirmed_wave_and_its_warning_are_told(
    sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    async with fake_gateway(sqlite_url, fake_rasa) as (app, http):
        await paste(http, fake_rasa, variant(1))
        async with app.state.gateway.sessions() as session:
            wave = (await session.execute(select(Wave))).scalar_one()
            wave.confirmed_at, wave.confirmed_by = wave.first_seen, "coord"
            wave.warning = "Dit pakketbericht komt niet van PostNL. Klik niet."
            await session.commit()
        replies = await paste(http, fake_rasa, variant(2))
    assert texts.WAVE_CONFIRMED in replies[1]
    assert "Waarschuwing van ons team: Dit pakketbericht komt niet van PostNL." in replies[1]
    assert counts(replies) == []  # two residents: no count yet


@pytest.mark.parametrize("how", ["widget_erase", "retention"])
async def test_erasure_and_retention_take_the_text_and_keep_the_counts(
    database_url: str, fake_rasa: FakeRasa, how: str
) -> None:
    async with fake_gateway(database_url, fake_rasa) as (app, http):
        gateway = app.state.gateway
        ids = []
        for n in range(3):
            await paste(http, fake_rasa, variant(n))
        async with gateway.sessions() as session:
            sightings = (await session.execute(select(Sighting))).scalars().all()
            ids = [s.conversation_id for s in sightings]
            wave = (await session.execute(select(Wave))).scalar_one()
            wave.confirmed_at = wave.first_seen
            wave.kept_example, wave.kept_example_sighting_id = sightings[0].text, sightings[0].id
            await session.commit()
        await gateway.erase(ids[0], outcome="erased" if how == "widget_erase" else "expired")
        async with gateway.sessions() as session:
            after = {s.id: s for s in (await session.execute(select(Sighting))).scalars()}
            wave = (await session.execute(select(Wave))).scalar_one()
        gone = after[sightings[0].id]
        assert gone.text is None and gone.resident_key is None and gone.conversation_id is None
        assert all(after[s.id].text for s in sightings[1:])
        if how == "widget_erase":  # the resident's own erasure: their example goes too
            assert wave.kept_example_sighting_id == sightings[2].id
        else:  # retention: a confirmed wave keeps its masked example
            assert wave.kept_example_sighting_id == sightings[0].id and wave.kept_example
        # The erased report still counts: the fourth resident hears 3.
        assert counts(await paste(http, fake_rasa, variant(9))) == [3]


async def _indicator_values(app: FastAPI) -> set[str]:
    async with app.state.gateway.sessions() as session:
        return set((await session.execute(select(SightingIndicator.value))).scalars())


async def test_a_failure_in_the_waves_costs_the_resident_nothing_but_the_count(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the wave tables are gone")

    monkeypatch.setattr("bot.waves.telling.record", broken)
    replies = await paste(widget, fake_rasa, variant(1))
    assert replies == ["Ik zie signalen van oplichting in dit bericht.", "Klik niet op de link."]
