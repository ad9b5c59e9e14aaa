"""A held case for the reply tests: a resident hands off in front of the fake Rasa, a
volunteer logs in and claims it (HTTP only, like a browser without JavaScript)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from bot.models import AuditEntry, Case
from bot.tests.console_helpers import HTML, add_user, console_client, login, page_csrf
from bot.tests.fake_rasa import FakeRasa, handoff, text
from bot.tests.widget_client import open_chat, say

ASK_HUMAN = "Kan ik een mens spreken?"
_KEY = re.compile(r'name="client_key" value="([^"]+)"')


def fake_handoff(fake_rasa: FakeRasa, scam_type: str | None = "phishing_message") -> None:
    fake_rasa.on(
        ASK_HUMAN,
        text("Ik zet je door naar een vrijwilliger."),
        handoff(scam_type=scam_type, summary="Bewoner vraagt om een mens."),
    )


async def waiting_case(
    app: FastAPI, resident: httpx.AsyncClient, consent: bool = True, first: str = ""
) -> tuple[str, int]:
    """(conversation id, case id) of a case waiting in the queue."""
    cid, _ = await open_chat(resident, campaign="demo")
    if first:
        await say(resident, cid, text=first)
    return cid, await hand_off(app, resident, cid, consent)


async def hand_off(app: FastAPI, resident: httpx.AsyncClient, cid: str, consent: bool) -> int:
    """The resident asks for a person and answers the consent question: the case id."""
    await say(resident, cid, text=ASK_HUMAN)
    await say(resident, cid, payload="!consent:yes" if consent else "!consent:no")
    async with app.state.gateway.sessions() as session:
        case_id = await session.scalar(select(Case.id).where(Case.conversation_id == cid))
    assert case_id is not None
    return int(case_id)


@dataclass
class Volunteer:
    http: httpx.AsyncClient
    csrf: str

    async def page(self, case_id: int) -> str:
        response = await self.http.get(f"/console/cases/{case_id}", headers=HTML)
        assert response.status_code == 200, response.status_code
        return response.text

    async def claim(self, case_id: int) -> None:
        claimed = await self.http.post(f"/console/cases/{case_id}/claim", data={"csrf": self.csrf})
        assert claimed.headers["location"] == f"/console/cases/{case_id}", claimed.text

    async def send_json(self, case_id: int, **form: str) -> httpx.Response:
        return await self.http.post(
            f"/console/cases/{case_id}/reply",
            data=form,
            headers={"X-CSRF-Token": self.csrf, "Accept": "application/json"},
        )


def client_key_of(html: str) -> str:
    found = _KEY.search(html)
    assert found, "no client_key in the reply form"
    return found.group(1)


@asynccontextmanager
async def volunteer(
    app: FastAPI, username: str, role: str = "volunteer", new_account: bool = True
) -> AsyncIterator[Volunteer]:
    if new_account:
        await add_user(app, username, role)
    async with console_client(app) as http:
        assert (await login(http, username)).status_code == 303
        yield Volunteer(http, await page_csrf(http))


async def actions(app: FastAPI) -> list[tuple[str, int | None, str | None]]:
    async with app.state.gateway.sessions() as session:
        rows = await session.execute(select(AuditEntry).order_by(AuditEntry.id))
        return [(row.action, row.case_id, row.detail) for row in rows.scalars()]
