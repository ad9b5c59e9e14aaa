"""Start a real Rasa server and action server on free loopback ports (tests, bench)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The Rasa environment's CLI, also when called from the gateway's environment.
RASA = Path(os.environ.get("SCAMHELP_RASA_BIN", ROOT / ".venv-rasa" / "bin" / "rasa"))
MODEL = ROOT / "models" / "scamhelp.tar.gz"
START_TIMEOUT = 240.0
# Set by `make quick`: a test in the model-free tier that starts real Rasa is mismarked.
NO_REAL_RASA = "SCAMHELP_NO_REAL_RASA"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def process_env(actions_port: int) -> dict[str, str]:
    """The environment of a Rasa or action server started from here."""
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            # endpoints.yml reads the action server's port from here.
            "ACTIONS_PORT": str(actions_port),
            # The action server on loopback only (rasa_sdk reads SANIC_HOST).
            "SANIC_HOST": "127.0.0.1",
        }
    )
    return env


def _wait(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} did not start; see {log}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {START_TIMEOUT:.0f} s; see {log}")


@dataclass
class RasaServers:
    rasa_url: str
    actions_url: str
    rasa_pid: int
    logs: Path
    actions_pid: int = 0

    def post(self, path: str, body: dict[str, Any], timeout: float = 30.0) -> Any:
        request = urllib.request.Request(
            self.rasa_url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())

    def get(self, path: str, timeout: float = 30.0) -> Any:
        with urllib.request.urlopen(self.rasa_url + path, timeout=timeout) as response:
            return json.loads(response.read())

    def say(self, sender: str, message: str) -> list[dict[str, Any]]:
        return self.post("/webhooks/rest/webhook", {"sender": sender, "message": message})


@contextmanager
def rasa_servers(model: Path = MODEL) -> Iterator[RasaServers]:
    """Run the action server and Rasa (REST channel + API) until the block ends, with the
    project's own endpoints.yml (so the tests use the file `make run` uses)."""
    if os.environ.get(NO_REAL_RASA):
        raise RuntimeError(
            "this test starts real Rasa but runs in the model-free tier (make quick): "
            "mark it `rasa` (conftest marks tests that use the `rasa` fixture)"
        )
    if not model.exists():
        raise FileNotFoundError(f"{model} is missing: run `make train` first")
    logs = Path(tempfile.mkdtemp(prefix="scamhelp-rasa-"))
    actions_port, rasa_port = free_port(), free_port()
    env = process_env(actions_port)
    processes: list[subprocess.Popen[bytes]] = []
    try:
        actions_log = logs / "actions.log"
        actions = subprocess.Popen(
            [str(RASA), "run", "actions", "--actions", "actions", "--port", str(actions_port)],
            cwd=ROOT,
            env=env,
            stdout=actions_log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        processes.append(actions)
        rasa_log = logs / "rasa.log"
        rasa = subprocess.Popen(
            [
                str(RASA),
                "run",
                "--model",
                str(model),
                "--enable-api",
                "--interface",
                "127.0.0.1",
                "--port",
                str(rasa_port),
                "--credentials",
                str(ROOT / "credentials.yml"),
                "--endpoints",
                str(ROOT / "endpoints.yml"),
            ],
            cwd=ROOT,
            env=env,
            stdout=rasa_log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        processes.append(rasa)
        _wait(f"http://127.0.0.1:{actions_port}/health", actions, actions_log)
        _wait(f"http://127.0.0.1:{rasa_port}/status", rasa, rasa_log)
        yield RasaServers(
            rasa_url=f"http://127.0.0.1:{rasa_port}",
            actions_url=f"http://127.0.0.1:{actions_port}",
            rasa_pid=rasa.pid,
            logs=logs,
            actions_pid=actions.pid,
        )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
