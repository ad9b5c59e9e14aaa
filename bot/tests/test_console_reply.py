"""Replying like a helpdesk, over HTTP in front of the fake Rasa (no model): send with and
without JavaScript, one message per idempotency key, canned text never dropped, drafts
that survive a session, the team's canned replies, confirmation before closing, the
live claim state, unread counts and the log-in's way back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from bot.api.routes.console import reply_text
from bot.campaigns.models import Campaign
from bot.console.returns import safe_return
from bot.models import CannedReply, Case, Draft, Message
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import HTML, console_client, csrf_of, login, second_step
from bot.tests.fake_rasa import FakeRasa
from bot.tests.reply_helpers import (
    actions,
    client_key_of,
    fake_handoff,
    volunteer,
    waiting_case,
)
from bot.tests.widget_client import history, say


@pytest.fixture
async def app(database_url: str, fake_rasa: FakeRasa) -> AsyncIterator[FastAPI]:
    fake_handoff(fake_rasa)
    async with fake_gateway(database_url, fake_rasa) as (application, _):
        yield application


@pytest.fixture
async def resident(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with console_client(app) as http:
        yield http


async def volunteer_texts(resident: httpx.AsyncClient, cid: str) -> list[str]:
    return [m["text"] for m in await history(resident, cid) if m["role"] == "volunteer"]


async def test_send_answers_json_for_javascript_and_a_redirect_for_a_plain_form(
    app: FastAPI, resident: httpx.AsyncClient
) -> None:
    cid, case_id = await waiting_case(app, resident)
    async with volunteer(app, "anna") as anna:
        await anna.claim(case_id)
        key = client_key_of(await anna.page(case_id))
        sent = await anna.send_json(case_id, text="Hoi, ik ben Anna.", client_key=key)
        assert sent.status_code == 200
        body = sent.json()
        assert body["message_id"] > 0 and body["client_key"] != key
        plain = await anna.http.post(
            f"/console/cases/{case_id}/reply", data={"csrf": anna.csrf, "text": "Nog iets."}
        )
        assert plain.status_code == 303
        assert plain.headers["location"] == f"/console/cases/{case_id}#antwoorden"
        empty = await anna.send_json(case_id, text="  ")
        assert empty.status_code == 400 and "leeg" in empty.json()["error"]
        # The page shows the plain word for what happened to the message.
        assert "Verstuurd" in await anna.page(case_id)
    assert await volunteer_texts(resident, cid) == ["Hoi, ik ben Anna.", "Nog iets."]


async def test_the_same_client_key_twice_is_one_message_and_one_delivery(
    app: FastAPI, resident: httpx.AsyncClient
) -> None:
    cid, case_id = await waiting_case(app, resident)
    async with volunteer(app, "anna") as anna:
        await anna.claim(case_id)
        pushed = app.state.gateway.hub.subscribe(cid)
        key = client_key_of(await anna.page(case_id))
        first = await anna.send_json(case_id, text="Bel je bank.", client_key=key)
        again = await anna.http.post(  # the no-JS form sent twice: the same key
            f"/console/cases/{case_id}/reply",
            data={"csrf": anna.csrf, "text": "Bel je bank.", "client_key": key},
        )
        assert again.status_code == 303
        # Two at the same moment with a new key: the database's unique key decides.
        both = await asyncio.gather(
            *(anna.send_json(case_id, text="Tegelijk.", client_key="k" * 20) for _ in range(2))
        )
        assert {r.status_code for r in both} == {200}
        assert both[0].json()["message_id"] == both[1].json()["message_id"]
        assert first.json()["message_id"] != both[0].json()["message_id"]
        deliveries = []
        while not pushed.empty():
            deliveries.append(pushed.get_nowait())
    assert await volunteer_texts(resident, cid) == ["Bel je bank.", "Tegelijk."]
    assert [d["text"] for d in deliveries if d["role"] == "volunteer"] == [
        "Bel je bank.",
        "Tegelijk.",
    ]
    assert [a for a, c, _ in await actions(app) if a == "reply" and c == case_id] == ["reply"] * 2


def test_a_canned_reply_is_used_alone_or_after_the_typed_text_never_dropped() -> None:
    assert reply_text("", "Bel de bank.") == "Bel de bank."
    assert reply_text("Hoi.", "") == "Hoi."
    assert reply_text("Hoi. ", "Bel de bank.") == "Hoi.\n\nBel de bank."


async def test_without_javascript_the_typed_text_and_the_canned_reply_both_go(
    app: FastAPI, resident: httpx.AsyncClient
) -> None:
    cid, case_id = await waiting_case(app, resident)
    async with volunteer(app, "anna") as anna:
        await anna.claim(case_id)
        await anna.http.post(
            f"/console/cases/{case_id}/reply",
            data={"csrf": anna.csrf, "text": "Hoi.", "canned": "Bel de bank."},
        )
        await anna.http.post(
            f"/console/cases/{case_id}/reply",
            data={"csrf": anna.csrf, "text": "", "canned": "Alleen dit."},
        )
    assert await volunteer_texts(resident, cid) == ["Hoi.\n\nBel de bank.", "Alleen dit."]


async def test_the_first_reply_and_the_holders_activity_are_kept(
    app: FastAPI, resident: httpx.AsyncClient
) -> None:
    _, case_id = await waiting_case(app, resident)
    async with volunteer(app, "anna") as anna:
        await anna.claim(case_id)
        await anna.send_json(case_id, text="Een.")
        async with app.state.gateway.sessions() as session:
            case = await session.get(Case, case_id)
            assert case is not None and case.first_reply_at is not None
            first = case.first_reply_at
        await anna.send_json(case_id, text="Twee.")
        async with app.state.gateway.sessions() as session:
            case = await session.get(Case, case_id)
            assert case is not None and case.first_reply_at == first
            assert case.holder_active_at is not None and case.holder_active_at > first


async def test_a_draft_is_kept_across_sessions_and_goes_when_sent(
    app: FastAPI, resident: httpx.AsyncClient
) -> None:
    _, case_id = await waiting_case(app, resident)
    async with volunteer(app, "anna") as anna:
        await anna.claim(case_id)
        draft_url = f"/console/cases/{case_id}/draft"
        saved = await anna.http.post(
            draft_url, data={"text": "Beste <bewoner>, ik"}, headers={"X-CSRF-Token": anna.csrf}
        )
        assert saved.json() == {"saved": True}
        without = await anna.http.post(draft_url, data={"text": "x"})
        assert without.status_code == 400  # CSRF
        assert "Beste &lt;bewoner&gt;, ik</textarea>" in await anna.page(case_id)
    # The session is gone; a new log-in finds the draft.
    async with volunteer(app, "anna", new_account=False) as again:
        page = await again.page(case_id)
        assert "Beste &lt;bewoner&gt;, ik</textarea>" in page
        # Someone else cannot save a draft on it.
        async with volunteer(app, "bram") as bram:
            refused = await bram.http.post(
                draft_url, data={"text": "x"}, headers={"X-CSRF-Token": bram.csrf}
            )
            assert refused.status_code == 403  # the case is Anna's
        await again.send_json(case_id, text="Beste bewoner, ik help je.")
        assert "</textarea>" in (page := await again.page(case_id))
        assert "Beste &lt;bewoner&gt;" not in page
    async with app.state.gateway.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Draft)) == 0


async def test_the_team_library_coordinators_manage_volunteers_use(
    app: FastAPI, resident: httpx.AsyncClient
) -> None:
    _, case_id = await waiting_case(app, resident)
    async with volunteer(app, "chris", "coordinator") as chris, volunteer(app, "anna") as anna:
        empty = (await chris.http.get("/console/canned", headers=HTML)).text
        assert "nog geen eigen standaardantwoorden" in empty
        bad = {
            "": "Geef het antwoord een korte naam.",
            "x" * 81: "De naam is te lang",
        }
        for label, error in bad.items():
            await chris.http.post(
                "/console/canned", data={"csrf": chris.csrf, "label": label, "text": "Tekst"}
            )
            assert error in (await chris.http.get("/console/canned", headers=HTML)).text
        too_long = {"csrf": chris.csrf, "label": "Lang", "text": "x" * 2001}
        await chris.http.post("/console/canned", data=too_long)
        assert "De tekst is te lang" in (await chris.http.get("/console/canned", headers=HTML)).text
        wrong_type = {"csrf": chris.csrf, "label": "A", "text": "B", "scam_type": "zomaar"}
        await chris.http.post("/console/canned", data=wrong_type)
        assert "Kies een soort" in (await chris.http.get("/console/canned", headers=HTML)).text

        form = {"csrf": chris.csrf, "label": "Bank gebeld?", "text": "Heb je je bank al gebeld?"}
        added = await chris.http.post(
            "/console/canned", data={**form, "scam_type": "phishing_message"}
        )
        assert added.status_code == 303
        async with app.state.gateway.sessions() as session:
            reply_id = await session.scalar(select(CannedReply.id))
        # A volunteer sees the library but cannot change it.
        assert (
            "Heb je je bank al gebeld?"
            in (await anna.http.get("/console/canned", headers=HTML)).text
        )
        refused = await anna.http.post("/console/canned", data={**form, "csrf": anna.csrf})
        assert refused.status_code == 403
        await anna.claim(case_id)
        page = await anna.page(case_id)
        assert '<optgroup label="Van het team">' in page and "Bank gebeld?" in page

        changed = {**form, "text": "Heb je de bank gebeld?"}
        await chris.http.post(f"/console/canned/{reply_id}", data=changed)
        assert "Heb je de bank gebeld?" in await anna.page(case_id)
        await chris.http.post(f"/console/canned/{reply_id}/archive", data={"csrf": chris.csrf})
        assert "Bank gebeld?" not in await anna.page(case_id)
    done = [(a, d) for a, _, d in await actions(app) if a.startswith("canned_")]
    assert [a for a, _ in done] == ["canned_add", "canned_change", "canned_archive"]


async def test_closing_and_handing_back_ask_first(
    app: FastAPI, resident: httpx.AsyncClient
) -> None:
    _, case_id = await waiting_case(app, resident)
    async with volunteer(app, "anna") as anna:
        await anna.claim(case_id)
        asked = await anna.http.post(
            f"/console/cases/{case_id}/close", data={"csrf": anna.csrf, "outcome": "advised"}
        )
        assert asked.status_code == 200 and "Zaak afsluiten?" in asked.text
        assert 'name="bevestigd" value="ja"' in asked.text
        asked = await anna.http.post(
            f"/console/cases/{case_id}/hand-back", data={"csrf": anna.csrf, "outcome": "bank"}
        )
        assert "Zaak teruggeven aan de assistent?" in asked.text
        async with app.state.gateway.sessions() as session:
            assert (await session.get(Case, case_id)).status == "claimed"  # type: ignore[union-attr]
        done = await anna.http.post(
            f"/console/cases/{case_id}/close",
            data={"csrf": anna.csrf, "outcome": "advised", "bevestigd": "ja"},
        )
        assert done.headers["location"] == "/console"
        async with app.state.gateway.sessions() as session:
            assert (await session.get(Case, case_id)).status == "closed"  # type: ignore[union-attr]


async def test_the_case_page_says_when_another_volunteer_took_the_case(
    app: FastAPI, resident: httpx.AsyncClient
) -> None:
    _, case_id = await waiting_case(app, resident)
    async with volunteer(app, "anna") as anna, volunteer(app, "bram") as bram:
        state = f"/console/cases/{case_id}/state"
        assert "Zaak oppakken" in (await anna.http.get(state, headers=HTML)).text
        await bram.claim(case_id)
        taken = (await anna.http.get(state, headers=HTML)).text
        assert "Zaak oppakken" not in taken and "Een andere vrijwilliger" in taken
        assert "Zaak oppakken" not in (await bram.http.get(state, headers=HTML)).text
        lost = await anna.http.post(f"/console/cases/{case_id}/claim", data={"csrf": anna.csrf})
        assert lost.headers["location"] == "/console"


async def test_the_case_page_names_the_campaign_and_its_target_group(
    app: FastAPI, resident: httpx.AsyncClient
) -> None:
    async with app.state.gateway.sessions() as session:
        session.add(
            Campaign(code="demo", name="Ouderen Utrecht", target_group="ouderen", created_by="x")
        )
        await session.commit()
    _, case_id = await waiting_case(app, resident)
    async with volunteer(app, "anna") as anna:
        page = await anna.page(case_id)
    assert "Ouderen Utrecht (doelgroep: Ouderen)" in page


async def test_unread_counts_for_held_cases_and_reading_them(
    app: FastAPI, resident: httpx.AsyncClient
) -> None:
    cid, case_id = await waiting_case(app, resident)
    async with volunteer(app, "anna") as anna:
        assert (await anna.http.get("/console/unread")).json() == {"total": 0, "cases": {}}
        await anna.claim(case_id)
        await anna.page(case_id)
        await say(resident, cid, text="Hallo, ben je er?")
        await say(resident, cid, text="Ik heb een vraag")
        unread = await anna.http.get("/console/unread")
        assert unread.json() == {"total": 2, "cases": {str(case_id): 2}}
        assert "Hallo" not in unread.text  # counts only
        # A refresh of a page not in view does not count as read; one in view does.
        messages = f"/console/cases/{case_id}/messages"
        await anna.http.get(messages, headers=HTML)
        assert (await anna.http.get("/console/unread")).json()["total"] == 2
        await anna.http.get(messages + "?gelezen=1", headers=HTML)
        assert (await anna.http.get("/console/unread")).json()["total"] == 0
        await say(resident, cid, text="Nog iets")
        assert (await anna.http.get("/console/unread")).json()["total"] == 1
        await anna.page(case_id)  # opening the page reads it
        assert (await anna.http.get("/console/unread")).json()["total"] == 0


def test_the_way_back_after_log_in_is_a_local_console_page_only() -> None:
    assert safe_return("/console/cases/141") == "/console/cases/141"
    assert safe_return("/console") == "/console"
    for bad in (
        "https://example.com/console",
        "//example.com",
        "/console//example.com",
        "/console/../widget",
        "/console/cases/1?x=1",
        "/console/login",
        "/console/cases/1/messages",
        "/consolex",
        "javascript:alert(1)",
        "",
        None,
    ):
        assert safe_return(bad) is None, bad


async def test_log_in_returns_to_the_page_the_session_ended_on(
    app: FastAPI, resident: httpx.AsyncClient
) -> None:
    _, case_id = await waiting_case(app, resident)
    async with volunteer(app, "anna"):
        pass
    async with console_client(app) as http:
        sent_away = await http.get(f"/console/cases/{case_id}", headers=HTML)
        assert sent_away.headers["location"] == f"/console/login?terug=/console/cases/{case_id}"
        evil = await http.get("/console/login?terug=https://example.com/")
        assert 'name="terug"' not in evil.text
        form = await http.get(f"/console/login?terug=/console/cases/{case_id}")
        assert f'name="terug" value="/console/cases/{case_id}"' in form.text
        data = {
            "csrf": csrf_of(form.text),
            "username": "anna",
            "password": "een-lang-wachtwoord-42",
        }
        back = await http.post(
            "/console/login", data={**data, "terug": f"/console/cases/{case_id}"}
        )
        back = await second_step(http, "anna", back)  # the code keeps the way back
        assert back.headers["location"] == f"/console/cases/{case_id}"
    async with console_client(app) as http:
        form = await http.get("/console/login")
        data = {
            "csrf": csrf_of(form.text),
            "username": "anna",
            "password": "een-lang-wachtwoord-42",
        }
        back = await http.post("/console/login", data={**data, "terug": "//example.com"})
        back = await second_step(http, "anna", back)
        assert back.headers["location"] == "/console"
        assert (await login(http, "anna")).status_code == 303


async def test_a_fragment_of_an_ended_session_is_refused_not_a_log_in_page(
    app: FastAPI, resident: httpx.AsyncClient
) -> None:
    _, case_id = await waiting_case(app, resident)
    async with console_client(app) as http:
        messages = await http.get(f"/console/cases/{case_id}/messages", headers=HTML)
        assert messages.status_code == 303
        assert messages.headers["location"] == "/console/login"  # not back to a fragment
        draft = await http.post(f"/console/cases/{case_id}/draft", data={"text": "x"})
        assert draft.status_code == 401


async def test_messages_keep_their_count_in_the_conversation(
    app: FastAPI, resident: httpx.AsyncClient
) -> None:
    """The keys stay per conversation: the same key in two cases is two messages."""
    cid_a, case_a = await waiting_case(app, resident)
    cid_b, case_b = await waiting_case(app, resident)
    async with volunteer(app, "anna") as anna:
        await anna.claim(case_a)
        await anna.claim(case_b)
        for case_id in (case_a, case_b):
            assert (await anna.send_json(case_id, text="Hoi", client_key="a" * 16)).is_success
    async with app.state.gateway.sessions() as session:
        keys = await session.execute(
            select(Message.conversation_id).where(Message.client_key == "a" * 16)
        )
        assert sorted(keys.scalars()) == sorted([cid_a, cid_b])
