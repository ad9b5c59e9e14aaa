"""Fixtures: real Rasa and action servers, SQLite and PostgreSQL, the gateway in and out
of process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from fastapi import FastAPI

from bot.settings import Settings
from bot.web import create_app
from tools.rasa_processes import ROOT, RasaServers, free_port, rasa_servers

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture(scope="session")
def rasa() -> Iterator[RasaServers]:
    with rasa_servers() as running:
        yield running


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


@pytest.fixture(scope="session")
def live_gateway(
    rasa: RasaServers, live_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The gateway as its own process (uvicorn) on a free port; yields its base URL."""
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": live_database_url,
        "RASA_URL": rasa.rasa_url,
        "GATEWAY_PORT": str(port),
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "PSEUDONYM_KEY": "test-key",
        "RATE_LIMIT_PER_MINUTE": "1000",
    }
    env.pop("TELEGRAM_TOKEN", None)
    log = tmp_path_factory.mktemp("live") / "gateway.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        cwd=ROOT,
        env=env,
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
