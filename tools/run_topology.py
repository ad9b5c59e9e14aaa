"""`make run`: the action server, RASA_REPLICAS Rasa servers on consecutive ports
(RASA_PORT, RASA_PORT+1, ...) and the gateway with GATEWAY_WORKERS workers, which is told
the replicas in RASA_URLS. With nothing set that is one of each on SQLite and in-memory
stores; the same code starts both. Ctrl+C stops all.

With several replicas every Rasa reads endpoints.scaled.yml: trackers in PostgreSQL (a
database `<gateway database>_tracker`, created here if missing), locks in Redis. The
action server runs ACTIONS_REPLICAS Sanic worker processes on its one port (rasa_sdk's
ACTION_SERVER_SANIC_WORKERS): Rasa's action_endpoint takes one URL.

A Rasa that stops is reported, not restarted, and the rest keep running: the gateway
sends its conversations to the others (bot/rasa_replicas.py). When the gateway stops,
everything stops. Run from the gateway's environment: `python -m tools.run_topology`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from types import FrameType

import psycopg

from tools.rasa_processes import MODEL, RASA, ROOT, process_env
from tools.topology_config import (
    Refused,
    Topology,
    lock_store_env,
    read_topology,
    redis_answers,
    tracker_urls,
)

RASA_PY = RASA.parent / "python"
READY_SECONDS = 300
SAME_MACHINE_GATEWAY_NICE = 5  # measured: bot/scaleout/priority.py


def say(line: str) -> None:
    print(f"make run: {line}", flush=True)


def prepare_stores(topology: Topology) -> dict[str, str]:
    """Check Redis and the gateway's PostgreSQL database and create Rasa's tracker
    database next to it; the variables endpoints.scaled.yml reads."""
    if not redis_answers(topology.redis_url):
        raise Refused(
            "make run: Redis antwoordt niet op REDIS_URL.\n"
            "make run: Redis at REDIS_URL did not answer."
        )
    gateway, tracker, name = tracker_urls(topology.database_url)
    try:
        with psycopg.connect(gateway, autocommit=True, connect_timeout=5) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if exists is None:
                connection.execute(f'CREATE DATABASE "{name}"')
                say(f"database {name} created for Rasa's trackers.")
    except psycopg.Error as error:
        raise Refused(
            "make run: de database van DATABASE_URL antwoordt niet, of de database voor "
            f"Rasa kan niet worden gemaakt.\nmake run: the database at DATABASE_URL did not "
            f"answer, or Rasa's database could not be created: {error}"
        ) from error
    return {
        "RASA_TRACKER_URL": tracker,
        **lock_store_env(topology.redis_url),
        # How long Rasa's Redis lock of a conversation outlives a replica killed while it
        # held it (Rasa's default is 60 s, all that time the conversation's messages are
        # degraded). A turn takes well under a second, and the gateway hands a
        # conversation one message at a time and gives up after RASA_TIMEOUT_SECONDS.
        "TICKET_LOCK_LIFETIME": os.environ.get("TICKET_LOCK_LIFETIME", "") or "10",
    }


def _quiet_rasa(*args: str) -> list[str]:
    # tools/quiet_rasa.py: the rasa CLI without Python's deprecation warnings.
    return [str(RASA_PY), "-m", "tools.quiet_rasa", *args]


def commands(topology: Topology) -> list[tuple[str, list[str]]]:
    """(name, command) of the action server and every Rasa replica."""
    endpoints = "endpoints.scaled.yml" if topology.scaled else "endpoints.yml"
    actions = _quiet_rasa("run", "actions", "--actions", "actions", "--quiet")
    started = [("action server", [*actions, "--port", str(topology.actions_port)])]
    for number, port in enumerate(topology.rasa_ports, start=1):
        rasa = _quiet_rasa(
            "run", "--quiet", "--model", str(MODEL), "--enable-api",
            "--interface", "127.0.0.1", "--port", str(port),
            "--credentials", "credentials.yml", "--endpoints", endpoints,
        )  # fmt: skip
        started.append((f"Rasa replica {number} of {topology.rasa_replicas}", rasa))
    return started


def wait_for_tracker_table(tracker_url: str, first: subprocess.Popen[bytes]) -> None:
    """Until the first replica has created Rasa's `events` table (or stopped, or 2
    minutes passed: the others then start anyway)."""
    deadline = time.monotonic() + 120
    while first.poll() is None and time.monotonic() < deadline:
        try:
            with psycopg.connect(tracker_url, connect_timeout=5) as connection:
                row = connection.execute("SELECT to_regclass('public.events')").fetchone()
            if row is not None and row[0] is not None:
                return
        except psycopg.Error:
            pass
        time.sleep(1)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def announce_ready(topology: Topology, processes: dict[str, subprocess.Popen[bytes]]) -> None:
    """One line per replica once it answers, then where to go (as the default make run)."""
    deadline = time.monotonic() + READY_SECONDS
    waiting = dict(zip(topology.rasa_urls, list(processes)[1:], strict=True))
    while waiting and time.monotonic() < deadline:
        for url, name in list(waiting.items()):
            if _answers(f"{url}/status"):
                say(f"{name} is ready on {url}.")
                del waiting[url]
        time.sleep(1)
    if waiting:
        say(f"{', '.join(waiting.values())} did not answer in 5 minutes (see above).")
    if len(waiting) < topology.rasa_replicas:
        gateway = f"http://127.0.0.1:{topology.gateway_port}"
        say(f"Rasa is ready. Widget demo: {gateway}/demo, console: {gateway}/console")


def run(topology: Topology) -> int:
    env = process_env(topology.actions_port)
    env["ACTIONS_URL"] = f"http://127.0.0.1:{topology.actions_port}/webhook"
    env["ACTION_SERVER_SANIC_WORKERS"] = str(topology.actions_workers)
    if topology.shares_state:
        env.update(prepare_stores(topology))
    say(
        f"action server on http://127.0.0.1:{topology.actions_port} "
        f"({topology.actions_workers} worker(s)), {topology.rasa_replicas} Rasa on "
        f"{', '.join(topology.rasa_urls)} ({MODEL.relative_to(ROOT)}, "
        f"{'shared PostgreSQL and Redis stores' if topology.scaled else 'in-memory stores'}), "
        f"gateway on http://127.0.0.1:{topology.gateway_port} "
        f"({topology.gateway_workers} worker(s)). Ctrl+C stops all."
    )
    processes: dict[str, subprocess.Popen[bytes]] = {}
    for number, (name, command) in enumerate(commands(topology)):
        if number == 2 and topology.scaled:  # [action server, replica 1, replica 2, ...]
            # Replicas started together race to create Rasa's table (a long warning).
            wait_for_tracker_table(env["RASA_TRACKER_URL"], list(processes.values())[1])
        processes[name] = subprocess.Popen(command, cwd=ROOT, env=env)
    gateway_env = {**os.environ, "PYTHONPATH": str(ROOT)}
    gateway_env["RASA_URLS"] = ",".join(topology.rasa_urls)
    gateway_env["GATEWAY_PORT"] = str(topology.gateway_port)
    gateway_env["GATEWAY_WORKERS"] = str(topology.gateway_workers)
    # On one machine the gateway yields the CPU to Rasa (bot/scaleout/priority.py).
    gateway_env.setdefault("GATEWAY_NICE", str(SAME_MACHINE_GATEWAY_NICE))
    gateway = subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=ROOT, env=gateway_env)
    threading.Thread(target=announce_ready, args=(topology, processes), daemon=True).start()

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    reported: set[str] = set()
    try:
        while gateway.poll() is None:
            for name, process in processes.items():
                if process.poll() is not None and name not in reported:
                    reported.add(name)
                    say(f"{name} stopped (exit code {process.returncode}); the rest keep running.")
            time.sleep(0.5)
        return gateway.returncode
    except KeyboardInterrupt:
        return 0
    finally:
        everything = [gateway, *processes.values()]
        for process in everything:
            if process.poll() is None:
                process.terminate()
        for process in everything:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def main() -> int:
    try:
        topology = read_topology(os.environ)
        if not MODEL.exists():
            raise Refused(f"make run: {MODEL} ontbreekt.\nmake run: {MODEL} is missing.")
        return run(topology)
    except Refused as refused:
        print(refused, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
