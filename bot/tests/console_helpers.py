"""Helpers for console tests: accounts, log-in, CSRF tokens, resident conversations."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from bot.__main__ import create_user
from bot.models import Case, Conversation, Message, utcnow
from bot.settings import Settings
from bot.tests.cli_accounts import PASSWORD  # one password for every test account
from tools.console_login import finish as second_step

HTML = {"Accept": "text/html"}
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


async def add_user(app: FastAPI, username: str, role: str = "volunteer") -> None:
    settings: Settings = app.state.gateway.settings
    await create_user(settings, username, role, username.capitalize(), PASSWORD)


def csrf_of(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


async def login(
    client: httpx.AsyncClient, username: str, password: str = PASSWORD
) -> httpx.Response:
    """Both steps: the password, then the code (set up at the account's first log-in,
    tools/console_login.py). The response that opened the session, or the refusal."""
    response = await password_step(client, username, password)
    return await second_step(client, username, response)


async def password_step(
    client: httpx.AsyncClient, username: str, password: str = PASSWORD
) -> httpx.Response:
    """The log-in form's first step only (to the code or set-up page, if right)."""
    form = await client.get("/console/login")
    return await client.post(
        "/console/login",
        data={"csrf": csrf_of(form.text), "username": username, "password": password},
    )


async def page_csrf(client: httpx.AsyncClient, path: str = "/console") -> str:
    response = await client.get(path, headers=HTML)
    assert response.status_code == 200, (path, response.status_code)
    return csrf_of(response.text)


def console_client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway")


async def start(client: httpx.AsyncClient, campaign: str | None = "demo") -> str:
    response = await client.post("/api/conversations", json={"campaign": campaign})
    assert response.status_code == 201
    return str(response.json()["conversation_id"])


async def say(client: httpx.AsyncClient, cid: str, **body: Any) -> httpx.Response:
    response = await client.post(f"/api/conversations/{cid}/messages", json=body)
    assert response.status_code == 200, response.text
    return response


def texts_of(response: httpx.Response) -> list[str]:
    return [m["text"] for m in response.json()["messages"]]


async def hand_off(client: httpx.AsyncClient, cid: str, consent: bool | None = True) -> None:
    """The resident asks for a person (and answers the consent question)."""
    await say(client, cid, text="Kan ik een mens spreken?")
    if consent is not None:
        await say(client, cid, payload="!consent:yes" if consent else "!consent:no")


async def case_of(app: FastAPI, cid: str) -> Case:
    async with app.state.gateway.sessions() as session:
        return (await session.execute(select(Case).where(Case.conversation_id == cid))).scalar_one()


async def move_back(app: FastAPI, cid: str, days: int) -> None:
    """Make a conversation, its messages and its cases `days` days older (retention)."""
    past = utcnow() - timedelta(days=days)
    async with app.state.gateway.sessions() as session:
        conversation = await session.get(Conversation, cid)
        assert conversation is not None
        conversation.created_at = past
        for model in (Message, Case):
            rows = await session.execute(select(model).where(model.conversation_id == cid))
            for row in rows.scalars():
                row.created_at = past
        await session.commit()
