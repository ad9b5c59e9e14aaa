"""The hand-off to a volunteer and back, against a real Rasa, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import re

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from bot import texts
from bot.helpdesk.queue_wait import still_waiting_text
from bot.helpdesk.retention import run_retention
from bot.models import AuditEntry, Case, Conversation, Message, Volunteer
from bot.tests.console_helpers import (
    HTML,
    add_user,
    case_of,
    console_client,
    hand_off,
    login,
    move_back,
    page_csrf,
    say,
    start,
    texts_of,
)
from tools.rasa_processes import RasaServers

PAID = "Ik heb 300 euro overgemaakt naar iemand die zich voordeed als mijn dochter"


def user_turns(rasa: RasaServers, cid: str) -> list[str]:
    events = rasa.get(f"/conversations/{cid}/tracker")["events"]
    return [e["text"] for e in events if e["event"] == "user"]


async def test_an_online_volunteer_is_announced_with_the_expected_wait(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_user(app, "anna")
    async with console_client(app) as volunteer:
        assert (await login(volunteer, "anna")).status_code == 303
        cid = await start(client)
        said = texts_of(await say(client, cid, text="Kan ik een mens spreken?"))
    online = [t for t in said if t.startswith("Er is nu een vrijwilliger online.")]
    assert online and "ongeveer 15 minuten" in online[0]  # DEFAULT_WAIT_MINUTES, nothing measured
    assert not any("geen vrijwilliger online" in t for t in said)


async def test_while_waiting_messages_go_to_the_case_not_to_rasa(
    app: FastAPI, client: httpx.AsyncClient, rasa: RasaServers
) -> None:
    cid = await start(client)
    await hand_off(client, cid, consent=None)
    turns = user_turns(rasa, cid)
    first = await say(client, cid, text="Hallo, is daar iemand?")
    assert texts_of(first) == [still_waiting_text(0)]
    assert [b["payload"] for b in first.json()["messages"][0]["buttons"]] == ["!back_to_bot"]
    second = await say(client, cid, text="Ik wacht nog steeds")
    assert texts_of(second) == []  # told once, not after every message
    assert user_turns(rasa, cid) == turns  # the assistant did not see them
    async with app.state.gateway.sessions() as session:
        statuses = (
            await session.execute(
                select(Message.status).where(
                    Message.conversation_id == cid, Message.role == "resident"
                )
            )
        ).scalars()
        assert list(statuses)[-2:] == ["to_case", "to_case"]


async def test_typed_yes_answers_the_consent_question(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    cid = await start(client)
    await hand_off(client, cid, consent=None)
    assert texts_of(await say(client, cid, text="Ja hoor")) == [texts.CONSENT_GIVEN]
    assert (await case_of(app, cid)).consent is True


async def test_without_consent_the_volunteer_sees_only_what_came_after(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_user(app, "anna")
    cid = await start(client)
    await say(client, cid, text="Mijn buurman kreeg een sms over zijn pakket, geheim-1234")
    await hand_off(client, cid, consent=False)
    await say(client, cid, text="Dit mag de vrijwilliger lezen")
    case = await case_of(app, cid)
    async with console_client(app) as volunteer:
        await login(volunteer, "anna")
        page = (await volunteer.get(f"/console/cases/{case.id}", headers=HTML)).text
    assert "Dit mag de vrijwilliger lezen" in page
    assert "geheim-1234" not in page and "Kan ik een mens spreken?" not in page
    assert "Geen toestemming" in page and case.summary not in page


async def test_claim_reply_and_hand_back(
    app: FastAPI, client: httpx.AsyncClient, rasa: RasaServers
) -> None:
    await add_user(app, "anna")
    cid = await start(client)
    await hand_off(client, cid, consent=True)
    case = await case_of(app, cid)
    events = app.state.gateway.hub.subscribe(cid)
    async with console_client(app) as volunteer:
        await login(volunteer, "anna")
        queue = (await volunteer.get("/console", headers=HTML)).text
        assert f"/console/cases/{case.id}" in queue
        page = (await volunteer.get(f"/console/cases/{case.id}", headers=HTML)).text
        assert "Kan ik een mens spreken?" in page  # consent: the conversation so far
        csrf = await page_csrf(volunteer, f"/console/cases/{case.id}")
        claimed = await volunteer.post(f"/console/cases/{case.id}/claim", data={"csrf": csrf})
        assert claimed.headers["location"] == f"/console/cases/{case.id}"
        joined = await asyncio.wait_for(events.get(), 5)
        assert joined["text"] == texts.VOLUNTEER_JOINED.format(name="Anna")

        page = (await volunteer.get(f"/console/cases/{case.id}", headers=HTML)).text
        assert "Standaardantwoord" in page and "Fraudehelpdesk" in page  # canned replies
        reply = "Hoi, ik ben Anna. Bel eerst je eigen bank."
        sent = await volunteer.post(
            f"/console/cases/{case.id}/reply", data={"csrf": csrf, "text": reply}
        )
        assert sent.status_code == 303
        pushed = await asyncio.wait_for(events.get(), 5)
        assert pushed["role"] == "volunteer" and pushed["text"] == reply
        history = (await client.get(f"/api/conversations/{cid}/messages")).json()["messages"]
        assert history[-1]["role"] == "volunteer" and history[-1]["text"] == reply

        # The resident's answer goes to the volunteer, not to the assistant.
        turns = user_turns(rasa, cid)
        assert texts_of(await say(client, cid, text="Dank je, dat doe ik")) == []
        assert user_turns(rasa, cid) == turns
        page = (await volunteer.get(f"/console/cases/{case.id}/messages", headers=HTML)).text
        assert "Dank je, dat doe ik" in page

        back = await volunteer.post(
            f"/console/cases/{case.id}/hand-back",
            data={"csrf": csrf, "outcome": "bank", "bevestigd": "ja"},
        )
        assert back.status_code == 303
    notice = await asyncio.wait_for(events.get(), 5)
    assert notice["text"] == texts.VOLUNTEER_HANDED_BACK
    answer = await say(client, cid, text="Ik kreeg een sms van de ING met een link")
    assert "phishing" in texts_of(answer)[0].lower()  # the assistant answers again
    kinds = [e["event"] for e in rasa.get(f"/conversations/{cid}/tracker")["events"]]
    assert kinds.count("pause") == 1 and kinds.count("resume") == 1
    assert kinds.index("pause") < kinds.index("resume")
    closed = await case_of(app, cid)
    assert closed.status == "closed" and closed.outcome == "bank" and closed.ending == "hand_back"
    async with app.state.gateway.sessions() as session:
        actions = (
            await session.execute(
                select(AuditEntry.action)
                .where(AuditEntry.case_id == case.id)
                .order_by(AuditEntry.id)
            )
        ).scalars()
        assert {"open", "claim", "reply", "hand_back"} <= set(actions)


async def test_urgent_cases_go_first_in_the_queue(app: FastAPI, client: httpx.AsyncClient) -> None:
    await add_user(app, "anna")
    calm = await start(client)
    await hand_off(client, calm)
    urgent = await start(client)
    response = await say(client, urgent, text=PAID)
    assert texts_of(response)[0].startswith("Dit is nu het belangrijkst: bel meteen je eigen bank")
    await say(client, urgent, payload="/ask_human")
    assert (await case_of(app, urgent)).urgent and not (await case_of(app, calm)).urgent
    async with console_client(app) as volunteer:
        await login(volunteer, "anna")
        queue = (await volunteer.get("/console/queue", headers=HTML)).text
    order = [int(n) for n in re.findall(r'data-case="(\d+)"', queue)]
    assert order == [(await case_of(app, urgent)).id, (await case_of(app, calm)).id]
    assert "Dringend" in queue.split('data-case="')[1]  # in words, not by colour alone


async def test_a_volunteer_sees_only_open_cases_and_their_own(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_user(app, "anna")
    await add_user(app, "bram")
    cid = await start(client)
    await hand_off(client, cid)
    case = await case_of(app, cid)
    async with console_client(app) as anna, console_client(app) as bram:
        await login(anna, "anna")
        await login(bram, "bram")
        csrf = await page_csrf(anna, f"/console/cases/{case.id}")
        await anna.post(f"/console/cases/{case.id}/claim", data={"csrf": csrf})
        # Not a bare 404: Bram is told who has it.
        other = await bram.get(f"/console/cases/{case.id}", headers=HTML)
        assert other.status_code == 403 and "Deze zaak is bij Anna" in other.text
        assert f"/console/cases/{case.id}" not in (await bram.get("/console/queue")).text
        bram_csrf = await page_csrf(bram)
        reply = await bram.post(
            f"/console/cases/{case.id}/reply", data={"csrf": bram_csrf, "text": "hoi"}
        )
        assert reply.status_code == 303 and reply.headers["location"] == "/console"
        assert "Deze zaak is bij Anna" in (await bram.get("/console", headers=HTML)).text
        assert (await anna.get(f"/console/cases/{case.id}", headers=HTML)).status_code == 200


async def test_resident_goes_back_to_the_assistant_while_waiting(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    cid = await start(client)
    await hand_off(client, cid)
    back = await say(client, cid, payload="!back_to_bot")
    assert texts_of(back) == [texts.BACK_TO_BOT]
    case = await case_of(app, cid)
    assert case.status == "closed" and case.outcome == "withdrawn"
    answer = await say(client, cid, text="Ik kreeg een sms van de ING met een link")
    assert "phishing" in texts_of(answer)[0].lower()


async def test_verwijder_mijn_gegevens_erases_conversation_and_case_content(
    app: FastAPI, client: httpx.AsyncClient, rasa: RasaServers
) -> None:
    cid = await start(client)
    await say(client, cid, text="Ik kreeg een sms van de ING, mijn IBAN is NL91ABNA0417164300")
    await hand_off(client, cid)
    asked = await say(client, cid, text="Verwijder al mijn gegevens aub")
    assert texts_of(asked) == [texts.ERASE_QUESTION]
    done = await say(client, cid, payload="!erase:yes")
    assert done.json()["erased"] is True and texts_of(done) == [texts.ERASED]
    history = (await client.get(f"/api/conversations/{cid}/messages")).json()["messages"]
    assert [m["text"] for m in history] == [texts.ERASED]
    case = await case_of(app, cid)
    assert case.summary == "" and case.content_erased_at is not None
    assert case.status == "closed" and case.outcome == "erased"
    assert not user_turns(rasa, cid)
    async with app.state.gateway.sessions() as session:
        texts_left = (
            await session.execute(select(Message.text).where(Message.conversation_id == cid))
        ).scalars()
        assert "NL91ABNA0417164300" not in " ".join(texts_left)
    # The conversation goes on with the assistant.
    assert (
        "phishing"
        in texts_of(await say(client, cid, text="Ik kreeg een sms met een link"))[0].lower()
    )


async def test_erasure_can_be_cancelled(client: httpx.AsyncClient) -> None:
    cid = await start(client)
    await say(client, cid, text="Ik kreeg een sms van de ING met een link")
    await say(client, cid, text="wis mijn gegevens")
    kept = await say(client, cid, payload="!erase:no")
    assert texts_of(kept) == [texts.ERASE_CANCELLED]
    history = (await client.get(f"/api/conversations/{cid}/messages")).json()["messages"]
    assert "Ik kreeg een sms van de ING met een link" in [m["text"] for m in history]


async def test_retention_deletes_content_and_keeps_the_figures(
    app: FastAPI, client: httpx.AsyncClient, rasa: RasaServers
) -> None:
    old = await start(client)
    await hand_off(client, old)
    fresh = await start(client)
    await say(client, fresh, text="Ik kreeg een sms van de ING met een link")
    gateway = app.state.gateway
    await move_back(app, old, days=31)
    case_id = (await case_of(app, old)).id
    result = await run_retention(gateway)
    assert result.conversations == 1
    async with gateway.sessions() as session:
        assert await session.get(Conversation, old) is None
        assert await session.get(Conversation, fresh) is not None
        kept = await session.get(Case, case_id)
        assert kept is not None and kept.conversation_id is None and kept.summary == ""
        assert kept.reason == "ask_human" and kept.created_at is not None
        assert kept.outcome == "expired"
    assert not user_turns(rasa, old)


async def test_coordinator_sets_hours_and_retention(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_user(app, "chris", "coordinator")
    async with console_client(app) as coordinator:
        await login(coordinator, "chris")
        csrf = await page_csrf(coordinator, "/console/team")
        bad = await coordinator.post(
            "/console/team/settings", data={"csrf": csrf, "hours": "altijd", "retention": "30"}
        )
        assert "kan ik niet lezen" in (await coordinator.get(bad.headers["location"])).text
        ok = await coordinator.post(
            "/console/team/settings",
            data={"csrf": csrf, "hours": "za 10:00-13:00", "retention": "14"},
        )
        assert "Instellingen opgeslagen." in (await coordinator.get(ok.headers["location"])).text
        added = await coordinator.post(
            "/console/team/volunteers",
            data={
                "csrf": csrf,
                "username": "dirk",
                "display_name": "Dirk",
                "role": "volunteer",
                "password": "kort",
            },
        )
        refused = (await coordinator.get(added.headers["location"])).text  # password too short
        assert 'role="alert"' in refused
        # Logged out, the coordinator no longer counts as a volunteer online.
        assert (await coordinator.post("/console/logout", data={"csrf": csrf})).status_code == 303
    async with app.state.gateway.sessions() as session:
        assert await app.state.gateway.config.retention_days(session) == 14
        assert not (
            await session.execute(select(Volunteer).where(Volunteer.username == "dirk"))
        ).first()
    cid = await start(client)
    said = texts_of(await say(client, cid, text="Kan ik een mens spreken?"))
    assert any("zaterdag van 10.00 tot 13.00 uur" in t for t in said), said


async def test_a_handoff_state_without_an_open_case_falls_back_to_the_assistant(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    cid = await start(client)
    async with app.state.gateway.sessions() as session:
        conversation = await session.get(Conversation, cid)
        assert conversation is not None
        conversation.state = "volunteer"  # e.g. left so by hand in the database
        await session.commit()
    answer = await say(client, cid, text="Ik kreeg een sms van de ING met een link")
    assert "phishing" in texts_of(answer)[0].lower()
