"""Killing the gateway in the middle of a hand-off loses no message and no case
(PostgreSQL, the gateway process killed with SIGKILL, then restarted)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from bot import texts
from bot.tests.conftest import _postgres_database
from tools.rasa_processes import ROOT, RasaServers, free_port

HANDOFF = "Kan ik een mens spreken? Ik ben bang dat ik ben opgelicht."


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    yield from _postgres_database(postgres_server)


class GatewayProcess:
    def __init__(self, database_url: str, rasa_url: str, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": database_url,
            "RASA_URL": rasa_url,
            "GATEWAY_PORT": str(self.port),
            "PSEUDONYM_KEY": "test-key",
            # Long enough that the gateway is still waiting for Rasa when it is killed.
            "RASA_TIMEOUT_SECONDS": "60",
            "RASA_RETRY_SECONDS": "1",
        }
        self.env.pop("TELEGRAM_TOKEN", None)
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_until(lambda: self._healthy(), 60, f"gateway did not start, see {self.log}")

    def _healthy(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(self.log.read_text()[-3000:])
        try:
            return httpx.get(f"{self.url}/health", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


def wait_until(condition: Callable[[], Any], seconds: float, message: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(message)


def rows(url: str, query: str, *params: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as connection:
        return list(connection.execute(query, params).fetchall())


def test_killing_the_gateway_mid_handoff_loses_nothing(
    postgres_url: str, rasa: RasaServers, tmp_path: Path
) -> None:
    gateway = GatewayProcess(postgres_url, rasa.rasa_url, tmp_path / "gateway.log")
    gateway.start()
    try:
        cid = httpx.post(f"{gateway.url}/api/conversations", json={}).json()["conversation_id"]

        # Rasa frozen: the gateway stores the message, then waits for Rasa's answer.
        os.kill(rasa.rasa_pid, signal.SIGSTOP)
        try:

            def send() -> None:
                with contextlib.suppress(httpx.HTTPError):  # the gateway dies under it
                    httpx.post(
                        f"{gateway.url}/api/conversations/{cid}/messages",
                        json={"text": HANDOFF},
                        timeout=90,
                    )

            sender = threading.Thread(target=send, daemon=True)
            sender.start()
            wait_until(
                lambda: rows(
                    postgres_url,
                    "SELECT status FROM messages WHERE conversation_id = %s AND text = %s",
                    cid,
                    HANDOFF,
                ),
                20,
                "the resident's message was not stored before Rasa answered",
            )
            gateway.kill()  # in the middle of the hand-off
        finally:
            os.kill(rasa.rasa_pid, signal.SIGCONT)

        # Rasa may or may not finish the turn it had received when its client died: the
        # restarted gateway reuses Rasa's answer if there is one, else asks again.
        wait_until(lambda: rasa.get("/status"), 60, "Rasa did not come back")
        assert rows(postgres_url, "SELECT count(*) FROM cases")[0][0] == 0  # not yet
        assert rows(
            postgres_url,
            "SELECT status FROM messages WHERE conversation_id = %s AND text = %s",
            cid,
            HANDOFF,
        ) == [("pending",)]

        gateway.start()  # the restart answers what the killed process left
        wait_until(
            lambda: rows(postgres_url, "SELECT status FROM cases WHERE conversation_id = %s", cid),
            30,
            "no case after the restart",
        )
        messages = rows(
            postgres_url,
            "SELECT role, text, status FROM messages WHERE conversation_id = %s ORDER BY id",
            cid,
        )
        resident = [m for m in messages if m[0] == "resident"]
        assert resident == [("resident", HANDOFF, "answered")]  # once, answered
        bot_texts = [m[1] for m in messages if m[0] == "bot"]
        assert texts.CONSENT_QUESTION in bot_texts
        assert rows(postgres_url, "SELECT state FROM conversations WHERE id = %s", cid) == [
            ("waiting",)
        ]
        said = [
            e
            for e in rasa.get(f"/conversations/{cid}/tracker")["events"]
            if e["event"] == "user" and e["text"] == HANDOFF
        ]
        assert len(said) == 1  # Rasa saw the message once

        # The resident's history through the API is whole, and the case takes new messages.
        history = httpx.get(f"{gateway.url}/api/conversations/{cid}/messages").json()["messages"]
        assert HANDOFF in [m["text"] for m in history]
        answer = httpx.post(
            f"{gateway.url}/api/conversations/{cid}/messages",
            json={"text": "Ik wacht op de vrijwilliger"},
        )
        assert answer.status_code == 200
        gateway.kill()
        gateway.start()
        kept = rows(
            postgres_url,
            "SELECT status FROM messages WHERE conversation_id = %s AND text = %s",
            cid,
            "Ik wacht op de vrijwilliger",
        )
        assert kept == [("to_case",)]
        assert rows(postgres_url, "SELECT count(*) FROM cases")[0][0] == 1
    finally:
        gateway.stop()
