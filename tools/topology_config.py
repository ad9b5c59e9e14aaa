"""What `make run` starts (RASA_REPLICAS, ACTIONS_REPLICAS, GATEWAY_WORKERS), read from
the environment and checked before anything starts (tools/run_topology.py starts it).
With nothing set: one action server, one Rasa with its in-memory stores, one gateway.

Several Rasa replicas need the shared stores: the trackers in PostgreSQL (a database of
their own next to the gateway's, `<gateway database>_tracker`) and the locks in Redis.
Several gateway workers share their state there too. Without DATABASE_URL on PostgreSQL
and REDIS_URL such a start is refused, in Dutch and English, rather than running
processes that each forget what the others heard.
"""

from __future__ import annotations

import socket
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit, urlunsplit

POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2")
REDIS_SCHEMES = ("redis",)


class Refused(Exception):
    """The environment cannot start this topology; the message says why (nl / en)."""


def _refuse(dutch: str, english: str) -> Refused:
    return Refused(f"make run: {dutch}\nmake run: {english}")


@dataclass(frozen=True)
class Topology:
    rasa_replicas: int
    actions_workers: int
    gateway_workers: int
    rasa_port: int
    actions_port: int
    gateway_port: int
    database_url: str
    redis_url: str

    @property
    def scaled(self) -> bool:
        """Rasa replicas with shared stores (else one Rasa with its in-memory stores)."""
        return self.rasa_replicas > 1

    @property
    def shares_state(self) -> bool:
        """Processes that share PostgreSQL and Redis (Rasa replicas or gateway workers)."""
        return self.scaled or self.gateway_workers > 1

    @property
    def rasa_ports(self) -> list[int]:
        return [self.rasa_port + i for i in range(self.rasa_replicas)]

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.rasa_ports]


def _count(env: Mapping[str, str], name: str) -> int:
    raw = env.get(name, "").strip() or "1"
    if not raw.isdigit() or int(raw) < 1:
        raise _refuse(
            f"{name}={raw} is geen aantal. Gebruik een heel getal, 1 of meer.",
            f"{name}={raw} is not a count. Use a whole number, 1 or more.",
        )
    return int(raw)


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip() or str(default)
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise _refuse(f"{name}={raw} is geen poort.", f"{name}={raw} is not a port.")
    return int(raw)


def read_topology(env: Mapping[str, str]) -> Topology:
    topology = Topology(
        rasa_replicas=_count(env, "RASA_REPLICAS"),
        actions_workers=_count(env, "ACTIONS_REPLICAS"),
        gateway_workers=_count(env, "GATEWAY_WORKERS"),
        rasa_port=_port(env, "RASA_PORT", 5005),
        actions_port=_port(env, "ACTIONS_PORT", 5055),
        gateway_port=_port(env, "GATEWAY_PORT", 8000),
        database_url=env.get("DATABASE_URL", "").strip(),
        redis_url=env.get("REDIS_URL", "").strip(),
    )
    others = {topology.actions_port, topology.gateway_port}
    if topology.rasa_ports[-1] > 65535 or others & set(topology.rasa_ports):
        raise _refuse(
            f"de poorten van Rasa ({topology.rasa_ports[0]} tot en met "
            f"{topology.rasa_ports[-1]}) botsen met ACTIONS_PORT of GATEWAY_PORT.",
            f"Rasa's ports ({topology.rasa_ports[0]} to {topology.rasa_ports[-1]}) clash "
            "with ACTIONS_PORT or GATEWAY_PORT.",
        )
    if topology.shares_state:
        missing = []
        if urlsplit(topology.database_url).scheme not in POSTGRES_SCHEMES:
            missing.append("DATABASE_URL (postgresql://...)")
        if urlsplit(topology.redis_url).scheme not in REDIS_SCHEMES:
            missing.append("REDIS_URL (redis://...)")
        if missing:
            what = ", ".join(
                ([f"RASA_REPLICAS={topology.rasa_replicas}"] if topology.scaled else [])
                + (
                    [f"GATEWAY_WORKERS={topology.gateway_workers}"]
                    if topology.gateway_workers > 1
                    else []
                )
            )
            raise _refuse(
                f"{what} kan alleen met PostgreSQL en Redis: daar delen de processen de "
                f"gesprekken. Zet ook {' en '.join(missing)}. Of laat RASA_REPLICAS en "
                "GATEWAY_WORKERS weg voor één Rasa en één gateway.",
                f"{what} needs PostgreSQL and Redis, where the processes share the "
                f"conversations: also set {' and '.join(missing)}; or leave RASA_REPLICAS "
                "and GATEWAY_WORKERS out for one Rasa and one gateway.",
            )
    return topology


def tracker_urls(database_url: str) -> tuple[str, str, str]:
    """From the gateway's DATABASE_URL: a psycopg URL of it, Rasa's tracker URL next to it
    on the same server (SQLAlchemy 1.4 with psycopg2) and the tracker database's name."""
    parts = urlsplit(database_url)
    gateway_db = unquote(parts.path.lstrip("/")) or "postgres"
    name = f"{gateway_db}_tracker"
    gateway = urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, ""))
    tracker = urlunsplit(("postgresql", parts.netloc, "/" + quote(name), parts.query, ""))
    return gateway, tracker, name


def lock_store_env(redis_url: str) -> dict[str, str]:
    """The variables endpoints.scaled.yml reads for Rasa's Redis lock store."""
    parts = urlsplit(redis_url)
    database = parts.path.strip("/") or "0"
    if not database.isdigit():
        raise _refuse(
            f"REDIS_URL eindigt op /{database}: dat moet een nummer zijn, zoals /0.",
            f"REDIS_URL ends in /{database}: that must be a number, such as /0.",
        )
    return {
        "RASA_LOCK_REDIS_HOST": parts.hostname or "127.0.0.1",
        "RASA_LOCK_REDIS_PORT": str(parts.port or 6379),
        "RASA_LOCK_REDIS_DB": database,
        "RASA_LOCK_REDIS_PASSWORD": unquote(parts.password or ""),
    }


def redis_answers(redis_url: str, timeout: float = 3.0) -> bool:
    """Whether a Redis answers at REDIS_URL (a PING, or a refusal asking for a password:
    both mean a Redis listens there)."""
    parts = urlsplit(redis_url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 6379), timeout=timeout
        ) as connection:
            connection.sendall(b"PING\r\n")
            reply = connection.recv(64)
    except OSError:
        return False
    return reply.startswith((b"+PONG", b"-NOAUTH", b"-WRONGPASS"))
