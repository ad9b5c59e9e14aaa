"""The scaled topology as `make run` starts it (tools/run_topology.py, as a process), on
free loopback ports and a PostgreSQL database and Redis prefix of its own, for the load
bench and the fault tests: its gateway URL, and every process it runs by name (the
gateway's supervisor and workers, each Rasa replica, the action server), so a test can
kill one and a bench can read each one's CPU and memory.

Run from the gateway's environment (psutil, psycopg)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
import psycopg

from tools.rasa_processes import MODEL, ROOT, free_port

START_SECONDS = 420.0
ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


def _consecutive_free_ports(count: int) -> int:
    """A first port of `count` free consecutive ones (the replicas' RASA_PORT, +1, ...)."""
    for _ in range(50):
        first = free_port()
        if first + count > 65535:
            continue
        try:
            for port in range(first, first + count):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise RuntimeError("no free consecutive ports")


@dataclass
class LiveTopology:
    launcher: subprocess.Popen[bytes]
    gateway_url: str
    rasa_urls: list[str]
    rasa_ports: list[int]
    actions_port: int
    database_url: str
    log: Path

    def _children(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.launcher.pid).children()
        except psutil.NoSuchProcess:
            return []

    def gateway(self) -> psutil.Process | None:
        """The gateway's uvicorn supervisor (or its one process, with one worker)."""
        for child in self._children():
            if _cmdline(child)[1:4] == ["-m", "bot", "serve"]:
                return child
        return None

    def gateway_workers(self) -> list[psutil.Process]:
        """The worker processes uvicorn forked (spawned) from the supervisor."""
        supervisor = self.gateway()
        if supervisor is None:
            return []
        try:
            children = supervisor.children()
        except psutil.NoSuchProcess:
            return []
        return [c for c in children if "spawn_main" in " ".join(_cmdline(c))]

    def rasa_replica(self, number: int) -> psutil.Process | None:
        """Replica `number` (1-based), found by the port it was told."""
        port = str(self.rasa_ports[number - 1])
        for child in self._children():
            line = _cmdline(child)
            if (
                "actions" not in line
                and "--port" in line
                and line[line.index("--port") + 1] == port
            ):
                return child
        return None

    def action_server(self) -> psutil.Process | None:
        for child in self._children():
            if "actions" in _cmdline(child):
                return child
        return None

    def processes(self) -> dict[str, list[psutil.Process]]:
        """Every process by role, with its own worker children counted in (the action
        server's Sanic workers); the gateway's workers each on their own."""
        named: dict[str, list[psutil.Process]] = {}
        supervisor = self.gateway()
        if supervisor is not None:
            named["gateway supervisor"] = [supervisor]
        for number, worker in enumerate(self.gateway_workers(), start=1):
            named[f"gateway worker {number}"] = [worker]
        for number in range(1, len(self.rasa_ports) + 1):
            replica = self.rasa_replica(number)
            if replica is not None:
                named[f"Rasa replica {number}"] = [replica]
        actions = self.action_server()
        if actions is not None:
            named["action server"] = [actions, *_descendants(actions)]
        return named

    def wait_until_ready(self, workers: int, seconds: float = START_SECONDS) -> None:
        """Until every replica answers /status, the gateway /health, and uvicorn runs
        `workers` workers (it starts a new one for one that died)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.launcher.poll() is not None:
                raise RuntimeError(f"make run stopped; see {self.log}:\n{self.tail()}")
            if (
                all(answers(f"{url}/status") for url in self.rasa_urls)
                and answers(f"{self.gateway_url}/health")
                and (workers == 1 or len(self.gateway_workers()) == workers)
            ):
                return
            time.sleep(1)
        raise TimeoutError(f"the topology was not ready in {seconds:.0f} s; see {self.log}")

    def tail(self, characters: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-characters:]


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return []


def _descendants(process: psutil.Process) -> list[psutil.Process]:
    try:
        return process.children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def postgres_database(admin_url: str = ADMIN_URL) -> Iterator[str]:
    """A new PostgreSQL database (and Rasa's `<name>_tracker` after it), dropped after."""
    name = f"scamhelp_live_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{admin_url.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            for database in (name, f"{name}_tracker"):
                connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@contextmanager
def live_topology(
    database_url: str,
    redis_url: str = REDIS_URL,
    rasa_replicas: int = 2,
    gateway_workers: int = 2,
    actions_replicas: int = 1,
    env: Mapping[str, str] | None = None,
) -> Iterator[LiveTopology]:
    """`make run`'s launcher with this topology, until the block ends (then Ctrl+C's
    SIGINT, as a person stops it)."""
    if not MODEL.exists():
        raise FileNotFoundError(f"{MODEL} is missing: run `make train` first")
    rasa_port = _consecutive_free_ports(rasa_replicas)
    actions_port, gateway_port = free_port(), free_port()
    log = Path(tempfile.mkdtemp(prefix="scamhelp-topology-")) / "make-run.log"
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "RASA_URL"))},
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "REDIS_PREFIX": f"live-{uuid.uuid4().hex[:10]}:",
        "RASA_REPLICAS": str(rasa_replicas),
        "GATEWAY_WORKERS": str(gateway_workers),
        "ACTIONS_REPLICAS": str(actions_replicas),
        "RASA_PORT": str(rasa_port),
        "ACTIONS_PORT": str(actions_port),
        "GATEWAY_PORT": str(gateway_port),
        "PSEUDONYM_KEY": "live-topology",
        "SESSION_SECRET": "live-topology",
        **(env or {}),
    }
    launcher = subprocess.Popen(
        [sys.executable, "-m", "tools.run_topology"],
        cwd=ROOT,
        env=environment,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own group: nothing outlives the block
    )
    topology = LiveTopology(
        launcher=launcher,
        gateway_url=f"http://127.0.0.1:{gateway_port}",
        rasa_urls=[f"http://127.0.0.1:{rasa_port + i}" for i in range(rasa_replicas)],
        rasa_ports=[rasa_port + i for i in range(rasa_replicas)],
        actions_port=actions_port,
        database_url=database_url,
        log=log,
    )
    try:
        topology.wait_until_ready(gateway_workers)
        yield topology
    finally:
        if launcher.poll() is None:
            launcher.send_signal(signal.SIGINT)
            try:
                launcher.wait(timeout=60)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(launcher.pid, signal.SIGKILL)  # whatever is left of the group
        except ProcessLookupError:
            pass
