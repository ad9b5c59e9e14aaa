"""'Wat gaat er rond' in the console, in front of the fake Rasa, on SQLite and
PostgreSQL: the list and a wave's page, confirm, 'hoort erbij', split and merge (each in
the audit log), the coordinator's warning as residents read it, the exports of confirmed
indicators (STIX validated, nothing about residents), and what a campaign account sees."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from stix2validator import validate_string

from bot import texts
from bot.models import AuditEntry
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import HTML, add_user, console_client, login, page_csrf
from bot.tests.fake_rasa import FakeRasa, insight, text
from bot.tests.widget_client import open_chat, say
from bot.tests.widget_client import texts as shown
from bot.waves.models import Sighting, SightingIndicator, Wave

PARCEL = (
    "Beste mevrouw Verbeek,\nUw pakket {n} ligt klaar maar er staat nog €1,{n} open. "
    "Betaal binnen 24 uur via postnl-afhalen{n}.top of bel 06 {n}4 55 66 77 anders "
    "gaat het terug."
)
BANK = (
    "Geachte klant, uw betaalpas verloopt binnenkort. Vraag vandaag nog een nieuwe pas "
    "aan via ing-pasvernieuwen.online en bevestig uw gegevens, anders wordt uw rekening "
    "geblokkeerd. IBAN voor de kosten: NL91ABNA0417164300"
)


async def paste(http: httpx.AsyncClient, fake: FakeRasa, message: str) -> list[str]:
    fake.on(message, text("Signalen gezien."), insight("phishing_message", reported=message))
    cid, _ = await open_chat(http)
    return shown(await say(http, cid, text=message))


async def waves(app: FastAPI) -> list[Wave]:
    async with app.state.gateway.sessions() as session:
        return list((await session.execute(select(Wave).order_by(Wave.id))).scalars())


async def sightings(app: FastAPI, wave_id: int) -> list[Sighting]:
    async with app.state.gateway.sessions() as session:
        query = select(Sighting).where(Sighting.wave_id == wave_id).order_by(Sighting.id)
        return list((await session.execute(query)).scalars())


async def actions(app: FastAPI) -> list[tuple[str, str | None, str | None]]:
    async with app.state.gateway.sessions() as session:
        rows = await session.execute(select(AuditEntry).order_by(AuditEntry.id))
        return [(e.action, e.subject, e.detail) for e in rows.scalars() if e.action != "login"]


@pytest.fixture
async def gateway(database_url: str, fake_rasa: FakeRasa):  # type: ignore[no-untyped-def]
    async with fake_gateway(database_url, fake_rasa) as (app, http):
        for name, role in (("vera", "volunteer"), ("coco", "coordinator"), ("cam", "campaign")):
            await add_user(app, name, role)
        yield app, http


async def test_a_volunteer_sees_the_wave_confirms_it_and_residents_hear_it(gateway, fake_rasa):  # type: ignore[no-untyped-def]
    app, http = gateway
    for n in range(3):
        await paste(http, fake_rasa, PARCEL.format(n=n + 2))
    [wave] = await waves(app)
    async with console_client(app) as vera:
        await login(vera, "vera")
        listed = await vera.get("/console/waves", headers=HTML)
        assert f'href="/console/waves/{wave.id}"' in listed.text and "PostNL" in listed.text
        page = await vera.get(f"/console/waves/{wave.id}", headers=HTML)
        assert page.status_code == 200
        # The indicators, defanged; the example masked, its greeting (a name) left out.
        assert "postnl-afhalen2[.]top" in page.text and "+31" in page.text
        assert "Verbeek" not in page.text and "[aanhef]" in page.text
        csrf = await page_csrf(vera, f"/console/waves/{wave.id}")
        done = await vera.post(f"/console/waves/{wave.id}/confirm", data={"csrf": csrf})
        assert done.status_code == 303
        again = await vera.get(f"/console/waves/{wave.id}", headers=HTML)
        assert "De golf is bevestigd als oplichting." in again.text
    assert ("wave_confirm", f"golf {wave.id}", None) in await actions(app)
    replies = await paste(http, fake_rasa, PARCEL.format(n=7))
    assert texts.WAVE_CONFIRMED in replies[1] and "3 keer bij ons gemeld" in replies[1]


async def test_keep_split_and_merge_move_messages_and_are_audited(gateway, fake_rasa):  # type: ignore[no-untyped-def]
    app, http = gateway
    for n in range(3):
        await paste(http, fake_rasa, PARCEL.format(n=n + 2))
    for _ in range(2):
        await paste(http, fake_rasa, BANK)
    parcel, bank = await waves(app)
    _first, second, third = await sightings(app, parcel.id)
    async with app.state.gateway.sessions() as session:  # as if it joined for review
        (await session.get(Sighting, third.id)).review = True  # type: ignore[union-attr]
        await session.commit()
    async with console_client(app) as vera:
        await login(vera, "vera")
        page = await vera.get(f"/console/waves/{parcel.id}", headers=HTML)
        assert "Te bekijken" in page.text and "Hoort erbij" in page.text
        csrf = await page_csrf(vera, f"/console/waves/{parcel.id}")
        url = f"/console/waves/{parcel.id}/sightings"
        assert (await vera.post(f"{url}/{third.id}/keep", data={"csrf": csrf})).status_code == 303
        assert not (await sightings(app, parcel.id))[2].review
        # Split the second off: a wave of its own, with its indicators.
        assert (await vera.post(f"{url}/{second.id}/split", data={"csrf": csrf})).status_code == 303
        newest = (await waves(app))[-1]
        assert [s.id for s in await sightings(app, newest.id)] == [second.id]
        async with app.state.gateway.sessions() as session:
            moved = await session.execute(
                select(SightingIndicator.wave_id).where(SightingIndicator.sighting_id == second.id)
            )
            assert set(moved.scalars()) == {newest.id}
        # Merge the bank wave into the parcel wave (wrong, but it shows the move).
        merged = await vera.post(
            f"/console/waves/{bank.id}/merge", data={"csrf": csrf, "into": str(parcel.id)}
        )
        assert merged.status_code == 303 and merged.headers["location"].endswith(f"/{parcel.id}")
        old_link = await vera.get(f"/console/waves/{bank.id}", headers=HTML)
        assert old_link.status_code == 303
        refused = await vera.post(
            f"/console/waves/{parcel.id}/merge", data={"csrf": csrf, "into": str(parcel.id)}
        )
        shown_error = await vera.get(refused.headers["location"], headers=HTML)
        assert "Kies een andere golf" in shown_error.text
    assert len(await sightings(app, parcel.id)) == 4  # 3 - 1 split + 2 bank
    logged = [a for a, _, _ in await actions(app)]
    assert logged == ["wave_keep", "wave_split", "wave_merge"]


async def test_the_coordinators_warning_is_read_by_residents_and_links_are_refused(
    gateway,
    fake_rasa,  # type: ignore[no-untyped-def]
) -> None:
    app, http = gateway
    await paste(http, fake_rasa, BANK)
    [wave] = await waves(app)
    async with console_client(app) as coco:
        await login(coco, "coco")
        csrf = await page_csrf(coco, f"/console/waves/{wave.id}")
        url = f"/console/waves/{wave.id}/warning"
        link = await coco.post(url, data={"csrf": csrf, "warning": "Kijk op www.ing.nl voor meer"})
        assert "Zet geen link" in (await coco.get(link.headers["location"], headers=HTML)).text
        warning = "De ING stuurt nooit zo'n bericht over je pas. Klik niet en bel je bank."
        assert (await coco.post(url, data={"csrf": csrf, "warning": warning})).status_code == 303
    replies = await paste(http, fake_rasa, BANK)
    assert f"Waarschuwing van ons team: {warning}" in replies[1]
    assert ("wave_warning", f"golf {wave.id}", "geplaatst") in await actions(app)


async def test_exports_hold_confirmed_indicators_only_and_nothing_of_residents(
    gateway,
    fake_rasa,  # type: ignore[no-untyped-def]
) -> None:
    app, http = gateway
    for n in range(2):
        await paste(http, fake_rasa, PARCEL.format(n=n + 2))
    await paste(http, fake_rasa, BANK)
    parcel, _bank = await waves(app)
    async with console_client(app) as coco:
        await login(coco, "coco")
        csrf = await page_csrf(coco, f"/console/waves/{parcel.id}")
        await coco.post(f"/console/waves/{parcel.id}/confirm", data={"csrf": csrf})
        stix = await coco.get("/console/waves/export.stix.json")
        table = await coco.get("/console/waves/export.csv")
    assert stix.status_code == table.status_code == 200
    result = validate_string(stix.text)
    assert result.is_valid, result.errors if hasattr(result, "errors") else result
    bundle = json.loads(stix.text)
    patterns = " ".join(o.get("pattern", "") for o in bundle["objects"])
    assert "postnl-afhalen2.top" in patterns and "postnl-afhalen3.top" in patterns
    assert "ing-pasvernieuwen" not in patterns  # the bank wave is not confirmed
    rows = list(csv.reader(io.StringIO(table.text.lstrip("\ufeff")), delimiter=";"))
    values = {cell for row in rows[1:] for cell in row}
    assert "postnl-afhalen2.top" in values and not any("ing-pas" in v for v in values)
    async with app.state.gateway.sessions() as session:
        keys = set((await session.execute(select(Sighting.resident_key))).scalars())
        conversations = set((await session.execute(select(Sighting.conversation_id))).scalars())
    for secret in (keys | conversations) - {None}:
        assert secret not in stix.text and secret not in table.text
    exports = [d for a, _, d in await actions(app) if a == "export_indicators"]
    assert exports == ["STIX, 4 kenmerken", "CSV, 4 kenmerken"]


async def test_a_campaign_account_sees_only_counts_of_five_or_more(gateway, fake_rasa):  # type: ignore[no-untyped-def]
    app, http = gateway
    for n in range(6):
        await paste(http, fake_rasa, PARCEL.format(n=n + 2))
    await paste(http, fake_rasa, BANK)
    [parcel, _bank] = await waves(app)
    async with console_client(app) as cam:
        await login(cam, "cam")
        page = await cam.get("/console/waves", headers=HTML)
        assert page.status_code == 200
        assert "PostNL" in page.text and ">6<" in page.text and "&lt; 5" in page.text
        assert "/console/waves/" not in page.text.replace("/console/waves/export", "")
        assert (await cam.get(f"/console/waves/{parcel.id}", headers=HTML)).status_code == 403
        figures = await cam.get("/console/figures", headers=HTML)
        assert (
            "Nagemaakte organisaties per week" in figures.text and "Nieuw deze week" in figures.text
        )
