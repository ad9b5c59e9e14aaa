"""Which Rasa replica serves a conversation, and which replicas are alive.

Several Rasa servers share one tracker store (PostgreSQL) and one lock store (Redis),
so any of them can continue any conversation. The open-source Redis lock store can
still race when two servers take the same conversation's lock at once (RasaHQ/rasa#9213,
#11256), so in normal operation each conversation stays on one replica: its *home*, the
first in a rendezvous-hash order of the conversation id. The hash is SHA-256, not
Python's salted hash(), so every gateway worker and every restart picks the same home;
and adding a replica moves only the conversations that the new one wins.

A replica that fails (refused, 502-504, or slow SLOW_STRIKES times in a row) is marked
down and skipped: its
conversations go to the next replica in their own order, whose tracker is the same
shared one. A background probe (GET /status), or an answer it gives as a last resort,
marks it up again, and from then on its conversations go home. Replicas marked down are
still tried after the live ones, so a single replica behaves exactly as before there
were replicas.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

logger = logging.getLogger(__name__)
# Timeouts in a row before a replica that takes requests counts as down. One late answer
# means a busy replica: moving its conversations to the other one then overloads that
# one too (seen at 60 msg/s: each gateway worker marked a replica down 37 times in 8 s).
# A replica that hangs reaches three at once.
SLOW_STRIKES = 3


@dataclass
class Replica:
    url: str
    number: int  # 1-based, for the log (the log masker would blur an address's digits)
    down_since: float | None = None
    slow_in_a_row: int = 0

    @property
    def up(self) -> bool:
        return self.down_since is None


def _score(url: str, key: str) -> int:
    digest = hashlib.sha256(f"{url}\n{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


class ReplicaSet:
    def __init__(self, urls: Sequence[str]) -> None:
        cleaned = [url.strip().rstrip("/") for url in urls if url.strip()]
        if not cleaned:
            raise ValueError("at least one Rasa URL is needed")
        if len(set(cleaned)) != len(cleaned):
            raise ValueError("a Rasa URL is listed twice")
        self.replicas = [Replica(url, i + 1) for i, url in enumerate(cleaned)]

    def __len__(self) -> int:
        return len(self.replicas)

    def order(self, key: str) -> list[Replica]:
        """Every replica, the key's home first (highest rendezvous score)."""
        return sorted(self.replicas, key=lambda r: _score(r.url, key), reverse=True)

    def home(self, key: str) -> Replica:
        return self.order(key)[0]

    def candidates(self, key: str) -> list[Replica]:
        """The replicas to try for this key, in order: the live ones, then the ones marked
        down as a last resort. Marked down is a guess: when the live replica is slow
        under load and the home is dead, the slow one must still be tried, not only the
        home (as one Rasa that is away: tried, then the degraded answer)."""
        ordered = self.order(key)
        return [r for r in ordered if r.up] + [r for r in ordered if not r.up]

    def mark_down(self, replica: Replica, reason: str, slow: bool = False) -> None:
        """`slow`: it took the request but did not answer in time; it counts as down only
        after SLOW_STRIKES of those in a row. When no other replica is live there is
        nowhere better for its conversations, and marking it down would only make it
        flap between down and up under load."""
        if len(self.replicas) == 1 or not replica.up:
            return
        if slow:
            replica.slow_in_a_row += 1
            if replica.slow_in_a_row < SLOW_STRIKES:
                return
            if not any(other.up for other in self.replicas if other is not replica):
                return
        replica.slow_in_a_row = 0
        replica.down_since = time.monotonic()
        logger.warning(
            "Rasa replica %d of %d is down (%s): its conversations go to the next replica.",
            replica.number,
            len(self.replicas),
            reason,
        )

    def mark_up(self, replica: Replica) -> None:
        replica.slow_in_a_row = 0  # it answered: the timeouts before were load
        if replica.up:
            return
        replica.down_since = None
        logger.info(
            "Rasa replica %d of %d answers again: its conversations go back to it.",
            replica.number,
            len(self.replicas),
        )

    async def probe(self, client: httpx.AsyncClient, timeout: float) -> None:
        """Ask every replica that is down whether it answers again (GET /status)."""
        down = [replica for replica in self.replicas if not replica.up]
        results = await asyncio.gather(*(_answers(client, r.url, timeout) for r in down))
        for replica, answers in zip(down, results, strict=True):
            if answers:
                self.mark_up(replica)

    async def probe_loop(self, client: httpx.AsyncClient, timeout: float, every: float) -> None:
        while True:
            await asyncio.sleep(every)
            try:
                await self.probe(client, timeout)
            except Exception:  # keep probing whatever one round meets
                logger.exception("probing the Rasa replicas failed")


async def _answers(client: httpx.AsyncClient, url: str, timeout: float) -> bool:
    try:
        response = await client.get(f"{url}/status", timeout=timeout)
    except httpx.HTTPError:
        return False
    return response.status_code == 200
