"""A volunteer's console and a resident's widget over HTTP on the live topology, for the
Redis fault test (bot/tests/test_scaled_faults.py): the volunteer made with the
README's command line and logged in, a case claimed, replies sent; the resident's
history polled and event streams opened as the widget does."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass

import httpx
import psycopg

from bot.tests.console_helpers import csrf_of
from bot.tests.volunteer_client import create_volunteer, log_in
from bot.tests.workers import EventReader


@dataclass
class Desk:
    """A volunteer with the case of one resident, over the console's HTTP."""

    http: httpx.AsyncClient
    case_id: int
    csrf: str

    async def reply(self, words: str) -> None:
        answer = await self.http.post(
            f"/console/cases/{self.case_id}/reply",
            data={"csrf": self.csrf, "text": words},
            headers={"Accept": "application/json"},
        )
        assert answer.status_code == 200, answer.text


async def volunteer_with_case(
    gateway_url: str, database_url: str, resident: httpx.AsyncClient, cid: str
) -> Desk:
    """The resident asks for a person (and consents); a new volunteer claims the case."""
    for body in ({"text": "Kan ik een mens spreken?"}, {"payload": "!consent:yes"}):
        answer = await resident.post(f"/api/conversations/{cid}/messages", json=body)
        assert answer.status_code == 200, answer.text
    assert answer.json()["state"] == "waiting"
    name = await create_volunteer(database_url)
    http = httpx.AsyncClient(base_url=gateway_url, timeout=30)
    await log_in(http, name)
    case_id = case_of(database_url, cid)
    page = await http.get(f"/console/cases/{case_id}", headers={"Accept": "text/html"})
    csrf = csrf_of(page.text)
    claimed = await http.post(f"/console/cases/{case_id}/claim", data={"csrf": csrf})
    assert claimed.status_code == 303, claimed.text
    return Desk(http, case_id, csrf)


def case_of(database_url: str, cid: str) -> int:
    with psycopg.connect(database_url) as connection:
        row = connection.execute(
            "SELECT id FROM cases WHERE conversation_id = %s", (cid,)
        ).fetchone()
    assert row is not None
    return int(row[0])


async def shown(resident: httpx.AsyncClient, cid: str) -> list[str]:
    answer = await resident.get(f"/api/conversations/{cid}/messages")
    assert answer.status_code == 200, answer.text
    return [m["text"] for m in answer.json()["messages"]]


async def until_shown(resident: httpx.AsyncClient, cid: str, words: str) -> None:
    """The widget's catching up (GET messages), as while its stream is paused."""
    deadline = time.monotonic() + 30
    while words not in await shown(resident, cid):
        assert time.monotonic() < deadline, f"{words!r} never reached the resident"
        await asyncio.sleep(0.5)


async def carried_by_a_new_stream(resident: httpx.AsyncClient, cid: str, desk: Desk) -> int:
    """Open streams (as the widget reconnects) until one carries a volunteer's reply;
    how many replies that took. Each reply reaches the resident in any case."""
    deadline = time.monotonic() + 90
    attempt = 0
    while True:
        attempt += 1
        assert time.monotonic() < deadline, "no stream carried events again"
        words = f"Nog een antwoord ({attempt})"
        async with resident.stream("GET", f"/api/conversations/{cid}/events") as response:
            stream = EventReader(response)
            assert await stream.line() == ": verbonden"
            await desk.reply(words)
            with contextlib.suppress(TimeoutError):
                while (line := await stream.line()) is not None:
                    if line.startswith("data: ") and words in line:
                        return attempt
        await until_shown(resident, cid, words)
        await asyncio.sleep(1)
