"""Cases never get stuck, over HTTP in front of the fake Rasa (no model), on SQLite and
PostgreSQL: the coordinator's overview (coordinators only), reassign and back to the
queue with their confirmation, audit entries, what the resident hears and the
conversation's state; a coordinator reads any case, a volunteer is told who has it; the
idle sweep driven with its clock; release when an account is turned off; and every
release a conditional update that never undoes a claim made in between."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.conversation.states import CaseStatus, ConversationState
from bot.helpdesk.desk import Desk, DeskError
from bot.helpdesk.holding import Holding
from bot.models import Case, Volunteer, utcnow
from bot.tests.case_seed import audit_of, case_row, conversation_state, volunteer_named
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import HTML, add_user, console_client, login, page_csrf
from bot.tests.fake_rasa import FakeRasa, handoff, text
from bot.tests.widget_client import history, open_chat, say
from bot.tests.widget_client import texts as texts_of

ASK_HUMAN = "Kan ik een mens spreken?"


@pytest.fixture
async def gateway(database_url: str, fake_rasa: FakeRasa) -> AsyncIterator[FastAPI]:
    fake_rasa.on(ASK_HUMAN, text("Ik zet je door."), handoff())
    async with fake_gateway(database_url, fake_rasa, claim_sweep_seconds=3600) as (app, _):
        for name, role in (
            ("anna", "volunteer"),
            ("bram", "volunteer"),
            ("coco", "coordinator"),
            ("camp", "campaign"),
        ):
            await add_user(app, name, role)
        yield app


@contextlib.asynccontextmanager
async def browser(app: FastAPI, username: str) -> AsyncIterator[httpx.AsyncClient]:
    async with console_client(app) as client:
        assert (await login(client, username)).status_code == 303
        yield client


@pytest.fixture
async def resident(gateway: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with console_client(gateway) as http:
        yield http


async def new_case(app: FastAPI, resident: httpx.AsyncClient) -> tuple[str, int]:
    """A resident hands off (consent given); the conversation and the case number."""
    cid, _ = await open_chat(resident)
    await say(resident, cid, text=ASK_HUMAN)
    await say(resident, cid, payload="!consent:yes")
    async with app.state.gateway.sessions() as session:
        case_id = await session.scalar(select(Case.id).where(Case.conversation_id == cid))
    assert case_id is not None
    return cid, int(case_id)


async def claim(client: httpx.AsyncClient, case_id: int) -> None:
    csrf = await page_csrf(client, f"/console/cases/{case_id}")
    response = await client.post(f"/console/cases/{case_id}/claim", data={"csrf": csrf})
    assert response.headers["location"] == f"/console/cases/{case_id}"


async def reply(client: httpx.AsyncClient, case_id: int, words: str) -> httpx.Response:
    csrf = await page_csrf(client)
    return await client.post(f"/console/cases/{case_id}/reply", data={"csrf": csrf, "text": words})


def holding(app: FastAPI) -> Holding:
    return app.state.holding


async def test_a_coordinator_reassigns_and_returns_a_case_after_confirming(
    gateway: FastAPI, resident: httpx.AsyncClient
) -> None:
    cid, case_id = await new_case(gateway, resident)
    anna_id = (await volunteer_named(gateway, "anna")).id
    bram_id = (await volunteer_named(gateway, "bram")).id
    async with (
        browser(gateway, "anna") as anna,
        browser(gateway, "bram") as bram,
        browser(gateway, "coco") as coco,
    ):
        await claim(anna, case_id)
        overview = await coco.get("/console/overview", headers=HTML)
        assert overview.status_code == 200
        assert f"Zaak {case_id}<" in overview.text and "Anna" in overview.text
        assert "Terug naar de wachtrij" in overview.text
        csrf = await page_csrf(coco, "/console/overview")
        form = {"csrf": csrf, "holder": str(anna_id), "volunteer": str(bram_id)}
        url = f"/console/overview/cases/{case_id}/reassign"

        # First the confirmation page, which says what the resident will read.
        asked = await coco.post(url, data=form)
        assert asked.status_code == 200 and "van Anna" in asked.text and "naar Bram" in asked.text
        assert texts.VOLUNTEER_TAKES_OVER.format(name="Bram") in asked.text
        assert (await case_row(gateway, case_id)).volunteer_id == anna_id  # nothing done yet

        done = await coco.post(url, data={**form, "confirm": "yes"})
        assert done.status_code == 303 and done.headers["location"] == "/console/overview"
        assert f"Zaak {case_id} is nu bij Bram." in (await coco.get("/console/overview")).text
        case = await case_row(gateway, case_id)
        assert case.status == CaseStatus.CLAIMED and case.volunteer_id == bram_id
        assert case.holder_active_at is not None
        entry = (await audit_of(gateway, case_id))[-1]
        assert (entry.action, entry.username, entry.subject) == ("reassign", "coco", "Bram")
        said = [m["text"] for m in await history(resident, cid)]
        assert said[-1] == texts.VOLUNTEER_TAKES_OVER.format(name="Bram")
        assert await conversation_state(gateway, case_id) == ConversationState.VOLUNTEER

        # Bram can answer; Anna cannot, and is told who has it.
        assert (await reply(bram, case_id, "Hoi, ik ben Bram.")).status_code == 303
        assert [m["text"] for m in await history(resident, cid)][-1] == "Hoi, ik ben Bram."
        refused = await reply(anna, case_id, "Ben ik nog hier?")
        assert refused.status_code == 303 and refused.headers["location"] == "/console"
        assert "Deze zaak is bij Bram" in (await anna.get("/console", headers=HTML)).text
        assert "Ben ik nog hier?" not in [m["text"] for m in await history(resident, cid)]
        page = await anna.get(f"/console/cases/{case_id}", headers=HTML)
        assert page.status_code == 403 and "Deze zaak is bij Bram" in page.text

        # The coordinator reads it (read-only) and puts it back in the queue.
        read = await coco.get(f"/console/cases/{case_id}", headers=HTML)
        assert read.status_code == 200 and "Hoi, ik ben Bram." in read.text
        assert "In behandeling bij Bram" in read.text  # the coordinator sees who has it
        assert ">Verstuur<" not in read.text and "Zaak oppakken" not in read.text
        back = f"/console/overview/cases/{case_id}/return"
        csrf = await page_csrf(coco, "/console/overview")
        asked = await coco.post(back, data={"csrf": csrf, "holder": str(bram_id)})
        assert asked.status_code == 200 and texts.VOLUNTEER_LEFT in asked.text
        done = await coco.post(back, data={"csrf": csrf, "holder": str(bram_id), "confirm": "yes"})
        assert done.status_code == 303
        case = await case_row(gateway, case_id)
        assert case.status == CaseStatus.OPEN and case.volunteer_id is None
        entry = (await audit_of(gateway, case_id))[-1]
        assert (entry.action, entry.username, entry.subject) == ("return_to_queue", "coco", "Bram")
        assert [m["text"] for m in await history(resident, cid)][-1] == texts.VOLUNTEER_LEFT
        assert await conversation_state(gateway, case_id) == ConversationState.WAITING
        assert (await reply(bram, case_id, "Nog een vraag?")).status_code == 303
        assert (await case_row(gateway, case_id)).status == CaseStatus.OPEN

        # The resident writes on: it is for the case (no assistant), not said twice.
        answer = await say(resident, cid, text="Hallo? Is er nog iemand?")
        assert texts_of(answer) == []
        rows = await anna.get("/console", headers=HTML)
        assert f'data-case="{case_id}"' in rows.text
        await claim(anna, case_id)
        said = [m["text"] for m in await history(resident, cid)]
        assert said[-1] == texts.VOLUNTEER_JOINED.format(name="Anna")


async def test_a_stale_or_wrong_form_changes_nothing(
    gateway: FastAPI, resident: httpx.AsyncClient
) -> None:
    _cid, case_id = await new_case(gateway, resident)
    anna_id = (await volunteer_named(gateway, "anna")).id
    camp_id = (await volunteer_named(gateway, "camp")).id
    async with browser(gateway, "anna") as anna, browser(gateway, "coco") as coco:
        await claim(anna, case_id)
        csrf = await page_csrf(coco, "/console/overview")
        url = f"/console/overview/cases/{case_id}"
        cases = [
            # Seen as open, but Anna claimed it since.
            ("reassign", {"holder": "", "volunteer": str(anna_id), "confirm": "yes"}),
            ("reassign", {"holder": str(anna_id), "volunteer": str(camp_id)}),
            ("reassign", {"holder": str(anna_id), "volunteer": "abc"}),
            ("reassign", {"holder": str(anna_id), "volunteer": str(anna_id), "confirm": "yes"}),
            ("reassign", {"holder": str(anna_id)}),
            ("return", {"holder": "9999", "confirm": "yes"}),
        ]
        for kind, form in cases:
            response = await coco.post(f"{url}/{kind}", data={"csrf": csrf, **form})
            assert response.status_code == 303, (kind, form)
            html = (await coco.get("/console/overview")).text
            assert 'class="error"' in html, (kind, form)
        case = await case_row(gateway, case_id)
        assert case.status == CaseStatus.CLAIMED and case.volunteer_id == anna_id
        assert [e.action for e in await audit_of(gateway, case_id)][-1] == "claim"
        missing = await coco.post("/console/overview/cases/99999/return", data={"csrf": csrf})
        assert missing.status_code == 303


async def test_only_coordinators_see_the_overview(gateway: FastAPI) -> None:
    async with browser(gateway, "anna") as anna, browser(gateway, "camp") as camp:
        for client, home in ((anna, "/console"), (camp, "/console/figures")):
            response = await client.get("/console/overview", headers=HTML)
            assert response.status_code == 403 and "niet voor jouw rol" in response.text
            landing = await client.get(home, headers=HTML)
            assert landing.status_code == 200 and 'href="/console/overview"' not in landing.text
            csrf = await page_csrf(client, home)
            for action in ("reassign", "return"):
                refused = await client.post(
                    f"/console/overview/cases/1/{action}", data={"csrf": csrf, "holder": ""}
                )
                assert refused.status_code == 403, action
    async with browser(gateway, "coco") as coco:
        assert 'href="/console/overview">Overzicht' in (await coco.get("/console")).text


async def test_an_idle_case_goes_back_to_the_queue_by_the_clock(
    gateway: FastAPI, resident: httpx.AsyncClient
) -> None:
    cid, case_id = await new_case(gateway, resident)
    async with browser(gateway, "anna") as anna:
        await claim(anna, case_id)
    claimed = await case_row(gateway, case_id)
    assert claimed.holder_active_at is not None and claimed.claimed_at is not None
    start = claimed.holder_active_at
    assert await holding(gateway).sweep_idle(now=start + timedelta(minutes=29)) == 0
    # Activity later than the claim counts, not the claim.
    async with gateway.state.gateway.sessions() as session:
        await session.execute(
            update(Case)
            .where(Case.id == case_id)
            .values(holder_active_at=start + timedelta(minutes=20))
        )
        await session.commit()
    assert await holding(gateway).sweep_idle(now=start + timedelta(minutes=40)) == 0
    assert await holding(gateway).sweep_idle(now=start + timedelta(minutes=55)) == 1
    case = await case_row(gateway, case_id)
    assert case.status == CaseStatus.OPEN and case.volunteer_id is None
    entry = (await audit_of(gateway, case_id))[-1]
    assert (entry.action, entry.username, entry.detail) == ("auto_release", "anna", "35")
    assert [m["text"] for m in await history(resident, cid)][-1] == texts.VOLUNTEER_LEFT
    assert await conversation_state(gateway, case_id) == ConversationState.WAITING
    assert await holding(gateway).sweep_idle(now=start + timedelta(minutes=90)) == 0
    async with browser(gateway, "coco") as coco:
        overview = (await coco.get("/console/overview")).text
        assert "min in de wachtrij" in overview


async def test_no_activity_since_the_claim_falls_back_to_the_claim(
    gateway: FastAPI, resident: httpx.AsyncClient
) -> None:
    _cid, case_id = await new_case(gateway, resident)
    async with browser(gateway, "anna") as anna:
        await claim(anna, case_id)
    async with gateway.state.gateway.sessions() as session:
        await session.execute(update(Case).where(Case.id == case_id).values(holder_active_at=None))
        await session.commit()
    claimed_at = (await case_row(gateway, case_id)).claimed_at
    assert claimed_at is not None
    assert await holding(gateway).sweep_idle(now=claimed_at + timedelta(minutes=31)) == 1


@pytest.mark.parametrize("action", ["deactivate", "archive"])
async def test_turning_an_account_off_puts_its_cases_back_at_once(
    gateway: FastAPI, resident: httpx.AsyncClient, action: str
) -> None:
    cid, case_id = await new_case(gateway, resident)
    anna_id = (await volunteer_named(gateway, "anna")).id
    async with browser(gateway, "anna") as anna, browser(gateway, "coco") as coco:
        await claim(anna, case_id)
        csrf = await page_csrf(coco, "/console/team")
        form = {"csrf": csrf, "action": action}
        # Without the ticked confirmation nothing happens, the case stays with Anna.
        await coco.post(f"/console/team/volunteers/{anna_id}", data=form)
        assert (await case_row(gateway, case_id)).volunteer_id == anna_id
        response = await coco.post(
            f"/console/team/volunteers/{anna_id}", data={**form, "bevestig": "ja"}
        )
        assert response.status_code == 303
    case = await case_row(gateway, case_id)
    assert case.status == CaseStatus.OPEN and case.volunteer_id is None
    entry = (await audit_of(gateway, case_id))[-1]
    assert (entry.action, entry.username, entry.subject) == ("release_deactivated", "coco", "Anna")
    assert [m["text"] for m in await history(resident, cid)][-1] == texts.VOLUNTEER_LEFT


async def test_the_sweep_also_frees_cases_of_accounts_turned_off_elsewhere(
    gateway: FastAPI, resident: httpx.AsyncClient
) -> None:
    _cid, case_id = await new_case(gateway, resident)
    async with browser(gateway, "anna") as anna:
        await claim(anna, case_id)
    async with gateway.state.gateway.sessions() as session:
        anna = await volunteer_named(gateway, "anna")
        await session.execute(update(Volunteer).where(Volunteer.id == anna.id).values(active=False))
        await session.commit()
    assert await holding(gateway).sweep_idle(now=utcnow()) == 1
    entry = (await audit_of(gateway, case_id))[-1]
    assert (entry.action, entry.username) == ("release_deactivated", "anna")


async def test_a_reply_that_loses_to_a_release_sends_nothing(
    gateway: FastAPI, resident: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid, case_id = await new_case(gateway, resident)
    anna = await volunteer_named(gateway, "anna")
    coco = await volunteer_named(gateway, "coco")
    desk, hold = gateway.state.desk, holding(gateway)
    await desk.claim(anna, case_id)
    checked = Desk._held_case

    async def released_right_after_the_check(
        self: Desk, session: AsyncSession, volunteer: Volunteer, case_id: int
    ) -> Case:
        case = await checked(self, session, volunteer, case_id)  # Anna still holds it
        assert await hold.release(case_id, "return_to_queue", coco, anna.id)
        return case

    monkeypatch.setattr(Desk, "_held_case", released_right_after_the_check)
    with pytest.raises(DeskError) as refused:
        await desk.reply(anna, case_id, "Bel je bank.")
    assert refused.value.status == 409 and "niet meer bij jou" in refused.value.message
    said = [m["text"] for m in await history(resident, cid)]
    assert "Bel je bank." not in said and said[-1] == texts.VOLUNTEER_LEFT
    case = await case_row(gateway, case_id)
    assert case.status == CaseStatus.OPEN and case.first_reply_at is None


async def test_a_release_never_undoes_a_claim_made_in_between(
    gateway: FastAPI, resident: httpx.AsyncClient
) -> None:
    cid, case_id = await new_case(gateway, resident)
    anna = await volunteer_named(gateway, "anna")
    bram = await volunteer_named(gateway, "bram")
    coco = await volunteer_named(gateway, "coco")
    desk, hold = gateway.state.desk, holding(gateway)
    await desk.claim(anna, case_id)
    # The sweep saw Anna's case idle; before it acts, the case went back and Bram took it.
    assert await hold.release(case_id, "return_to_queue", coco, anna.id)
    await desk.claim(bram, case_id)
    assert not await hold.release(case_id, "auto_release", None, anna.id)
    assert not await hold.release(
        case_id, "auto_release", None, bram.id, idle_before=utcnow() - timedelta(minutes=30)
    )
    with pytest.raises(DeskError) as stale:
        await hold.reassign(coco, case_id, anna.id, holder_id=None)
    assert stale.value.status == 409
    case = await case_row(gateway, case_id)
    assert case.status == CaseStatus.CLAIMED and case.volunteer_id == bram.id

    # Two coordinators at once: one release, one audit entry, one message to the resident.
    results = await asyncio.gather(
        hold.release(case_id, "return_to_queue", coco, bram.id),
        hold.release(case_id, "return_to_queue", coco, bram.id),
    )
    assert sorted(results) == [False, True]
    actions = [e.action for e in await audit_of(gateway, case_id)]
    assert actions.count("return_to_queue") == 2  # the first one above, and one of these
    said = [m["text"] for m in await history(resident, cid)]
    assert said.count(texts.VOLUNTEER_LEFT) == 2

    # A release racing a claim: whichever wins, the case is consistent.
    for _ in range(3):
        await desk.claim(anna, case_id)
        outcome = await asyncio.gather(
            hold.release(case_id, "return_to_queue", coco, anna.id),
            desk.claim(bram, case_id),
            return_exceptions=True,
        )
        case = await case_row(gateway, case_id)
        released, claimed = outcome[0] is True, outcome[1] is None
        assert released  # Anna held it: the release always applies
        if claimed:  # Bram's claim came after the release
            assert case.status == CaseStatus.CLAIMED and case.volunteer_id == bram.id
            await hold.release(case_id, "return_to_queue", coco, bram.id)
        else:  # Bram's claim came first and was refused: the case is back in the queue
            assert isinstance(outcome[1], DeskError) and outcome[1].status == 409
            assert case.status == CaseStatus.OPEN and case.volunteer_id is None
