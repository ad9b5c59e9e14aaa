"""A fake Telegram Bot API server on loopback (the one stand-in the project allows).

python-telegram-bot talks to it through its base_url exactly as to Telegram.
It records every call, serves queued updates to getUpdates, and can answer
429 'Too Many Requests' to the next sendMessage calls. Files sent to it (sendDocument,
a multipart upload) are recorded with their name and bytes.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tools.rasa_processes import free_port

BOT_USER = {"id": 777, "is_bot": True, "first_name": "Hulp", "username": "hulp_bij_oplichting_bot"}


@dataclass
class FakeTelegram:
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    fail_sends_with_429: int = 0
    url: str = ""
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1000))
    # file_id -> the bytes getFile and the file download serve (photos, documents).
    files: dict[str, bytes] = field(default_factory=dict)
    # What the gateway uploaded, in order: (method, field, file name, bytes).
    uploads: list[tuple[str, str, str, bytes]] = field(default_factory=list)

    def sent(self) -> list[dict[str, Any]]:
        return [params for method, params in self.calls if method == "sendMessage"]

    def texts(self) -> list[str]:
        return [str(p.get("text")) for p in self.sent()]

    def documents(self) -> list[dict[str, Any]]:
        """The sendDocument calls' parameters (the file itself: `uploads`)."""
        return [params for method, params in self.calls if method == "sendDocument"]

    async def _params(self, request: Request, method: str) -> dict[str, Any]:
        content_type = request.headers.get("content-type", "")
        if "json" in content_type:
            raw: dict[str, Any] = await request.json()
        elif "multipart/form-data" in content_type:  # a file upload (sendDocument)
            raw = {}
            async with request.form() as form:
                for key, value in form.multi_items():
                    if isinstance(value, UploadFile):
                        data = await value.read()
                        self.uploads.append((method, key, value.filename or "", data))
                        raw[key] = f"attach://{key}"
                    else:
                        raw[key] = value
        else:  # python-telegram-bot posts URL-encoded forms
            raw = dict(parse_qsl((await request.body()).decode()))
        params = {}
        for key, value in raw.items():
            if isinstance(value, str) and value[:1] in "[{":
                try:
                    value = json.loads(value)
                except ValueError:
                    pass
            params[key] = value
        return params

    async def endpoint(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        params = await self._params(request, method)
        if method == "sendMessage" and self.fail_sends_with_429 > 0:
            self.fail_sends_with_429 -= 1
            self.calls.append(("sendMessage:429", params))
            return JSONResponse(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": "Too Many Requests: retry after 1",
                    "parameters": {"retry_after": 1},
                },
                status_code=429,
            )
        self.calls.append((method, params))
        if method == "getMe":
            return self._ok(BOT_USER)
        if method == "sendMessage":
            chat_id = int(params["chat_id"])
            return self._ok(
                {
                    "message_id": next(self._ids),
                    "date": int(time.time()),
                    "chat": {"id": chat_id, "type": "private"},
                    "from": BOT_USER,
                    "text": params.get("text", ""),
                }
            )
        if method == "sendDocument":
            return self._ok(
                {
                    "message_id": next(self._ids),
                    "date": int(time.time()),
                    "chat": {"id": int(params["chat_id"]), "type": "private"},
                    "from": BOT_USER,
                    "caption": params.get("caption", ""),
                    "document": {"file_id": f"doc{next(self._ids)}", "file_unique_id": "d"},
                }
            )
        if method == "getUpdates":
            deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
            while not self.updates and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            batch, self.updates = self.updates, []
            return self._ok(batch)
        if method == "getFile":
            file_id = str(params["file_id"])
            if file_id not in self.files:
                return JSONResponse(
                    {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"},
                    status_code=400,
                )
            return self._ok(
                {
                    "file_id": file_id,
                    "file_unique_id": f"u-{file_id}",
                    "file_size": len(self.files[file_id]),
                    "file_path": f"photos/{file_id}.jpg",
                }
            )
        if method == "getWebhookInfo":
            return self._ok({"url": "", "has_custom_certificate": False, "pending_update_count": 0})
        return self._ok(True)

    async def download(self, request: Request) -> Response:
        file_id = request.path_params["path"].removeprefix("photos/").removesuffix(".jpg")
        self.calls.append(("download", {"file_id": file_id}))
        return Response(self.files[file_id], media_type="application/octet-stream")

    @staticmethod
    def _ok(result: Any) -> JSONResponse:
        return JSONResponse({"ok": True, "result": result})


class FakeTelegramServer:
    """Runs FakeTelegram with uvicorn in a thread on a free loopback port."""

    def __init__(self) -> None:
        self.state = FakeTelegram()
        app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self.state.endpoint, methods=["GET", "POST"]),
                Route("/file/bot{token}/{path:path}", self.state.download, methods=["GET"]),
            ]
        )
        self.port = free_port()
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.state.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FakeTelegram:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake Telegram server did not start")
            time.sleep(0.05)
        return self.state

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


_update_ids = itertools.count(1)


def user(uid: int) -> dict[str, Any]:
    return {"id": uid, "is_bot": False, "first_name": "Bewoner"}


def text_update(uid: int, text: str) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": next(_update_ids),
        "date": int(time.time()),
        "chat": {"id": uid, "type": "private"},
        "from": user(uid),
        "text": text,
    }
    if text.startswith("/"):
        length = len(text.split()[0])
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return {"update_id": next(_update_ids), "message": message}


def photo_update(
    uid: int, file_id: str = "f1", caption: str | None = None, album: str | None = None
) -> dict[str, Any]:
    """A photo as Telegram sends it: a small thumbnail size first, the largest last."""
    message: dict[str, Any] = {
        "message_id": next(_update_ids),
        "date": int(time.time()),
        "chat": {"id": uid, "type": "private"},
        "from": user(uid),
        "photo": [
            {"file_id": "thumb", "file_unique_id": "t1", "width": 90, "height": 90},
            {"file_id": file_id, "file_unique_id": f"u-{file_id}", "width": 900, "height": 400},
        ],
    }
    if caption is not None:
        message["caption"] = caption
    if album is not None:
        message["media_group_id"] = album
    return {"update_id": next(_update_ids), "message": message}


def document_update(uid: int, file_id: str, mime_type: str, size: int = 1000) -> dict[str, Any]:
    return {
        "update_id": next(_update_ids),
        "message": {
            "message_id": next(_update_ids),
            "date": int(time.time()),
            "chat": {"id": uid, "type": "private"},
            "from": user(uid),
            "document": {
                "file_id": file_id,
                "file_unique_id": f"u-{file_id}",
                "file_name": "bestand",
                "mime_type": mime_type,
                "file_size": size,
            },
        },
    }


def callback_update(uid: int, data: str) -> dict[str, Any]:
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": f"cb{next(_update_ids)}",
            "from": user(uid),
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": uid, "type": "private"},
                "text": "knoppen",
            },
        },
    }
