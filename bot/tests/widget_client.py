"""The widget API as a resident's browser uses it: HTTP only, no gateway internals (so
the fake-Rasa tests keep working while the gateway's modules move)."""

from __future__ import annotations

import string
import uuid
from typing import Any

import httpx

Json = dict[str, Any]
# uuid4's hex digits mapped onto letters: a marker that is never a digit run (the
# console masks 8 or more digits, and some 6-digit runs, as a phone number).
_AS_LETTERS = str.maketrans(string.digits, "ghijklmnop")


def marker(length: int = 8) -> str:
    """A random word of letters only, to find one's own row or message in a page."""
    return uuid.uuid4().hex[:length].translate(_AS_LETTERS)


async def open_chat(http: httpx.AsyncClient, campaign: str | None = None) -> tuple[str, list[Json]]:
    """A new conversation: its id and the greeting."""
    response = await http.post("/api/conversations", json={"campaign": campaign})
    assert response.status_code == 201, response.text
    body = response.json()
    return str(body["conversation_id"]), list(body["messages"])


async def send(http: httpx.AsyncClient, cid: str, **body: Any) -> httpx.Response:
    """A typed text (text=...) or a pressed button (payload=...), any status."""
    return await http.post(f"/api/conversations/{cid}/messages", json=body)


async def say(http: httpx.AsyncClient, cid: str, **body: Any) -> Json:
    """Like send, for a message the gateway must accept; the answer's body."""
    response = await send(http, cid, **body)
    assert response.status_code == 200, response.text
    return dict(response.json())


def texts(answer: Json) -> list[str]:
    return [m["text"] for m in answer["messages"]]


def payloads(answer: Json) -> list[str]:
    """The payloads of the buttons offered in this answer, in order."""
    return [b["payload"] for m in answer["messages"] for b in m["buttons"]]


async def history(http: httpx.AsyncClient, cid: str) -> list[Json]:
    response = await http.get(f"/api/conversations/{cid}/messages")
    assert response.status_code == 200, response.text
    return list(response.json()["messages"])


def error_message(response: httpx.Response) -> str:
    return str(response.json()["error"]["message"])
