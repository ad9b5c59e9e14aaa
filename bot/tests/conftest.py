"""Fixtures: real Rasa and action servers or the fake Rasa, SQLite and PostgreSQL, the
gateway in and out of process; and the tiers: tests are marked `rasa`, `postgres` and
`chromium` by the fixtures they use (pyproject.toml registers the markers)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import redis
from fastapi import FastAPI

from bot.settings import Settings
from bot.tests.fake_rasa import FakeRasa, FakeRasaServer
from bot.web import create_app
from tools.rasa_processes import ROOT, RasaServers, free_port, rasa_servers

# One test process starts hundreds of apps: no freezing of their objects here
# (common/gc_freeze.py; bot/tests/test_gc_freeze.py turns it on for itself).
os.environ.setdefault("GC_FREEZE", "0")
POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
# A database number of its own; each test also gets its own key and channel prefix.
REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
HERE = Path(__file__).resolve().parent
# A fake Rasa answers within milliseconds: only the tests that freeze it meet a timeout.
FAKE_RASA_TIMEOUT = 5.0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark by what a test really uses, so a new test lands in its tier without anyone
    remembering a marker: the `rasa` fixture (also through `app`, `client`, `live_gateway`)
    means real Rasa and a trained model, the PostgreSQL parametrization or server means
    PostgreSQL, the `browser` fixture means Chromium."""
    for item in items:
        if not Path(str(item.path)).is_relative_to(HERE):
            continue
        names = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        params: dict[str, Any] = callspec.params if callspec is not None else {}
        if "rasa" in names:
            item.add_marker(pytest.mark.rasa)
        if "postgres_server" in names or params.get("database_url") == "postgresql":
            item.add_marker(pytest.mark.postgres)
        if "browser" in names:
            item.add_marker(pytest.mark.chromium)
        if "redis_server" in names:
            item.add_marker(pytest.mark.redis)


@pytest.fixture(scope="session")
def rasa() -> Iterator[RasaServers]:
    with rasa_servers() as running:
        yield running


@pytest.fixture(scope="session")
def fake_rasa_server() -> Iterator[FakeRasa]:
    with FakeRasaServer() as fake:
        yield fake


@pytest.fixture
def fake_rasa(fake_rasa_server: FakeRasa) -> Iterator[FakeRasa]:
    """The fake Rasa, with no script and nothing received (bot/tests/fake_rasa.py)."""
    fake_rasa_server.reset()
    yield fake_rasa_server
    fake_rasa_server.reset()


@contextlib.asynccontextmanager
async def fake_gateway(
    database_url: str, fake: FakeRasa, **overrides: object
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """The gateway app (lifespan running) in front of the fake Rasa, and a client to it."""
    overrides.setdefault("rasa_timeout_seconds", FAKE_RASA_TIMEOUT)
    # The recovery loop runs once at start: a kept message is answered with the next one,
    # unless a test asks for a short interval.
    overrides.setdefault("retry_interval_seconds", 3600)
    application = create_app(settings_for(database_url, fake.url, **overrides))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
            yield application, http


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'gateway.db'}"


@pytest.fixture
async def widget(sqlite_url: str, fake_rasa: FakeRasa) -> AsyncIterator[httpx.AsyncClient]:
    """A widget client of a gateway on SQLite in front of the fake Rasa."""
    async with fake_gateway(sqlite_url, fake_rasa) as (_, http):
        yield http


@pytest.fixture(scope="session")
def postgres_server() -> str:
    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=3):
            return POSTGRES_ADMIN_URL
    except psycopg.OperationalError as error:
        raise RuntimeError(
            f"PostgreSQL is needed for the gateway tests at {POSTGRES_ADMIN_URL} "
            "(set TEST_POSTGRES_URL)"
        ) from error


@pytest.fixture(scope="session")
def redis_server() -> str:
    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        raise RuntimeError(
            f"Redis is needed for the tests of several workers at {REDIS_TEST_URL} "
            "(set TEST_REDIS_URL)"
        ) from error
    return REDIS_TEST_URL


@pytest.fixture
def redis_shared(redis_server: str) -> Iterator[dict[str, str]]:
    """Settings for gateways that share a Redis: a key and channel prefix of this test
    only; its keys are deleted afterwards."""
    prefix = f"test-{uuid.uuid4().hex[:12]}:"
    yield {"redis_url": redis_server, "redis_prefix": prefix}
    client = redis.Redis.from_url(redis_server)
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)
    client.close()


def _postgres_database(admin_url: str) -> Iterator[str]:
    name = f"scamhelp_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'gateway.db'}"
    else:
        yield from _postgres_database(request.getfixturevalue("postgres_server"))


def settings_for(database_url: str, rasa_url: str, **overrides: object) -> Settings:
    return Settings(
        database_url=database_url,
        rasa_url=rasa_url,
        pseudonym_key="test-key",
        **overrides,  # type: ignore[arg-type]
    )


@pytest.fixture
async def app(database_url: str, rasa: RasaServers) -> AsyncIterator[FastAPI]:
    application = create_app(settings_for(database_url, rasa.rasa_url))
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
        yield http


@pytest.fixture(scope="session")
def live_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('live') / 'gateway.db'}"


@contextlib.contextmanager
def serve_gateway(rasa_url: str, database_url: str, log_dir: Path, **env: str) -> Iterator[str]:
    """The gateway as its own process (uvicorn) on a free port; yields its base URL."""
    port = free_port()
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "RASA_URL": rasa_url,
        "GATEWAY_PORT": str(port),
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "PSEUDONYM_KEY": "test-key",
        "RATE_LIMIT_PER_MINUTE": "1000",
        **env,
    }
    environment.pop("TELEGRAM_TOKEN", None)
    log = log_dir / "gateway.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        cwd=ROOT,
        env=environment,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gateway did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
def live_gateway(
    rasa: RasaServers, live_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The gateway as its own process in front of real Rasa."""
    # The idle-claim sweep every second: a browser test moves a claim back in time.
    with serve_gateway(
        rasa.rasa_url, live_database_url, tmp_path_factory.mktemp("live"), CLAIM_SWEEP_SECONDS="1"
    ) as url:
        yield url
