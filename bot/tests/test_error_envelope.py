"""Every error the widget API returns is the Dutch envelope {"error": {code, message}},
never FastAPI's English {"detail": ...}: unparsable bodies, wrong fields, unknown
conversations, paths and methods, and bodies over the limit."""

from __future__ import annotations

import httpx
import pytest

from bot import texts


def assert_dutch_error(response: httpx.Response, status: int, message: str) -> None:
    assert response.status_code == status
    body = response.json()
    assert "detail" not in body
    assert body["error"]["message"] == message
    assert body["error"]["code"]


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"", b"[1, 2", b"tekst zonder haakjes", b"\xff\xfe"],
)
async def test_an_unparsable_body_gets_the_dutch_envelope(
    widget: httpx.AsyncClient, content: bytes
) -> None:
    opened = await widget.post("/api/conversations", json={})
    cid = opened.json()["conversation_id"]
    response = await widget.post(
        f"/api/conversations/{cid}/messages",
        content=content,
        headers={"Content-Type": "application/json"},
    )
    assert_dutch_error(response, 400, texts.UNREADABLE)


async def test_an_unparsable_new_conversation_gets_the_dutch_envelope(
    widget: httpx.AsyncClient,
) -> None:
    response = await widget.post(
        "/api/conversations", content=b"{", headers={"Content-Type": "application/json"}
    )
    assert_dutch_error(response, 400, texts.UNREADABLE)


async def test_wrong_fields_get_the_dutch_envelope(widget: httpx.AsyncClient) -> None:
    cid = (await widget.post("/api/conversations", json={})).json()["conversation_id"]
    response = await widget.post(f"/api/conversations/{cid}/messages", json={"text": 12})
    assert_dutch_error(response, 400, texts.UNREADABLE)
    both = await widget.post(
        f"/api/conversations/{cid}/messages", json={"text": "a", "payload": "/x"}
    )
    assert_dutch_error(both, 400, texts.UNREADABLE)


async def test_unknown_paths_methods_and_conversations_get_the_dutch_envelope(
    widget: httpx.AsyncClient,
) -> None:
    assert_dutch_error(await widget.get("/api/bestaat-niet"), 404, texts.NOT_FOUND)
    assert_dutch_error(await widget.put("/api/conversations"), 405, texts.METHOD_NOT_ALLOWED)
    unknown = await widget.post("/api/conversations/onbekend/messages", json={"text": "hoi"})
    assert_dutch_error(unknown, 404, texts.UNKNOWN_CONVERSATION)


async def test_a_body_over_the_limit_gets_the_dutch_envelope(widget: httpx.AsyncClient) -> None:
    cid = (await widget.post("/api/conversations", json={})).json()["conversation_id"]
    response = await widget.post(f"/api/conversations/{cid}/messages", json={"text": "x" * 200_000})
    assert_dutch_error(response, 413, texts.BODY_TOO_LARGE)


async def test_console_pages_keep_their_own_not_found(widget: httpx.AsyncClient) -> None:
    # Outside /api/ FastAPI's own refusal stays (the console is not the widget).
    response = await widget.get("/bestaat-niet")
    assert response.status_code == 404
