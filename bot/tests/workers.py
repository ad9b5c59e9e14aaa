"""Several gateway workers in one test: two apps (two `create_app`, lifespans running)
on the same database and Redis, in front of the fake Rasa; an app served over real
HTTP for event streams (httpx's ASGI transport waits for a response to end); and the
reading of a server-sent event stream."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from bot.tests.conftest import fake_gateway
from bot.tests.fake_rasa import FakeRasa
from tools.rasa_processes import free_port

Json = dict[str, Any]
WAIT_SECONDS = 10.0


@dataclass
class Worker:
    app: FastAPI
    http: httpx.AsyncClient


@contextlib.asynccontextmanager
async def two_workers(
    database_url: str, fake: FakeRasa, **overrides: object
) -> AsyncIterator[tuple[Worker, Worker]]:
    async with (
        fake_gateway(database_url, fake, **overrides) as (app_a, http_a),
        fake_gateway(database_url, fake, **overrides) as (app_b, http_b),
    ):
        yield Worker(app_a, http_a), Worker(app_b, http_b)


@contextlib.asynccontextmanager
async def served(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app over loopback HTTP (its lifespan already runs)."""
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        lifespan="off",
        log_level="warning",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        await until(lambda: server.started)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            yield http
    finally:
        server.should_exit = True
        await task


async def until(condition: Callable[[], bool], seconds: float = WAIT_SECONDS) -> None:
    """Wait for something that must happen soon; fail the test if it does not."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited in vain"
        await asyncio.sleep(0.02)


async def until_async(
    value: Callable[[], Awaitable[object]], expected: object, seconds: float = WAIT_SECONDS
) -> None:
    """Like until, for a value that takes a query."""
    deadline = time.monotonic() + seconds
    while await value() != expected:
        assert time.monotonic() < deadline, "waited in vain"
        await asyncio.sleep(0.05)


class EventReader:
    """The lines of an open event stream, read as they come."""

    def __init__(self, response: httpx.Response) -> None:
        self.lines = response.aiter_lines()
        self.seen: list[str] = []

    async def line(self) -> str | None:
        """The next line; None when the stream ended."""
        try:
            line = await asyncio.wait_for(anext(self.lines), WAIT_SECONDS)
        except StopAsyncIteration:
            return None
        self.seen.append(line)
        return line

    async def event(self, wanted: Callable[[Json], bool]) -> Json:
        """The first data event that is wanted (fails if the stream ends first)."""
        while True:
            line = await self.line()
            assert line is not None, f"the stream ended: {self.seen}"
            if line.startswith("data: "):
                event = json.loads(line.removeprefix("data: "))
                if wanted(event):
                    return dict(event)

    async def rest(self) -> list[str]:
        """Every line up to the end of the stream (fails if it does not end soon)."""
        while await self.line() is not None:
            pass
        return self.seen
