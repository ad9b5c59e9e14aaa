"""`make bench`: the campaign-launch load of issue 13, open loop, through the widget API
of the scaled topology (tools/live_topology.py: R Rasa replicas, W gateway workers, the
action server, on PostgreSQL and Redis), then the same load against one Rasa replica's
REST webhook directly, so the gateway's overhead stays visible.

The load: residents arrive as a Poisson process at rate/5 a second (given its count,
rate/5 x seconds: arrival_offsets). Each opens a
conversation (POST /api/conversations) and sends 5 consecutive sentences of
tests/nlu/test_set.yml (from a random start), each one a think time after the reply to
the one before (the greeting, for the first): exponential, mean 1 s. A resident never
waits for another, and arrivals never wait for replies: a slow system meets the same
arrivals (open loop). A resident handed to a volunteer (the consent question in the
answer; directly: the hand-off payload) ends there, since the gateway stops asking Rasa;
so does one that met an error. Arrivals stop after --seconds; the residents still in
flight get up to 30 s to finish, and each that did not counts as one error (unfinished).
The same seed gives both targets the same arrivals, sentences and think times.

Timed: every message POST. Percentiles are over the answered messages (HTTP 200,
degraded ones included); errors are non-200 answers, timeouts (--timeout, 10 s),
connection errors and unfinished residents. Degraded: Rasa answered too late and the
resident got only the essential advice (`degraded: true`). Per step: offered and sent
msg/s (hand-offs end residents early, so fewer than 5 a resident are sent), answers a
second after the first 5 s (the ramp: a resident lasts about 5 s), and for every process
its CPU (user + system, % of one core) over that same steady window and its resident
memory at the end of the step; the bench client's own too. All load comes from
127.0.0.1: RATE_LIMIT_PER_MINUTE (per resident, and times 10 per client address:
bot/conversation/gateway.py) is raised for the run; the return-link limit is not met.
Prints figures and asserts nothing; writes results/launch_bench.json.

Each topology (--topologies RxW: R Rasa replicas, W gateway workers) is started, loaded
and stopped in turn. The default compares the two ways `make run` can take a launch:
1x2, one Rasa with its in-memory stores behind two gateway workers (what fits one
2-core machine), and 2x2, two Rasa replicas sharing PostgreSQL and Redis (the topology
that scales out to more machines, and that keeps answering when one replica dies).

    .venv-bot/bin/python tools/launch_bench.py [--rates 20 40 60] [--seconds 30]
        [--topologies 1x2 2x2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import ssl
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx
import psutil
import psycopg

from bot.texts import CONSENT_QUESTION
from common.payloads import Handoff
from tests.conftest import load_examples
from tools.launch_report import PER_RESIDENT, RAMP_SECONDS, print_step, print_summary, verdict
from tools.live_topology import ADMIN_URL, REDIS_URL, LiveTopology, live_topology, postgres_database
from tools.process_usage import Usage
from tools.rasa_processes import ROOT
from tools.stats import percentile
from tools.topology_config import redis_answers

THINK_SECONDS = 1.0  # mean of the exponential think time
DRAIN_SECONDS = 30.0
PAUSE_SECONDS = 5.0  # between steps, after what was kept is answered
SETTLE_SECONDS = 180.0  # at most, for the recovery loop to answer what was kept
SEED = 13
# Raised for the run: the limit per resident, and (times 10) per client address.
BENCH_ENV = {"RATE_LIMIT_PER_MINUTE": "1000000"}


@dataclass
class Step:
    target: str  # "gateway" or "direct"
    rate: float
    seconds: float
    residents: int = 0
    sent: int = 0
    non_200: int = 0
    timeouts: int = 0
    connection_errors: int = 0
    unfinished: int = 0
    degraded: int = 0
    handed_off: int = 0
    achieved: float = 0.0
    sent_rate: float = 0.0
    cpu_percent: dict[str, float] = field(default_factory=dict)
    rss_mb: dict[str, float] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list, repr=False)
    answered_at: list[float] = field(default_factory=list, repr=False)
    sent_at: list[float] = field(default_factory=list, repr=False)

    @property
    def errors(self) -> int:
        return self.non_200 + self.timeouts + self.connection_errors + self.unfinished

    def ms(self, q: float) -> float:
        return percentile(self.latencies, q) * 1000 if self.latencies else math.nan

    def summary(self) -> dict[str, Any]:
        figures = {k: v for k, v in asdict(self).items() if not k.endswith(("_at", "latencies"))}
        quantiles = {f"p{q}_ms": self.ms(q / 100) for q in (50, 95, 99)}
        return {**figures, "errors": self.errors, **quantiles}


def test_sentences() -> list[str]:
    """The held-out sentences, intent by intent (consecutive ones tell one kind of case)."""
    examples = load_examples(ROOT / "tests" / "nlu" / "test_set.yml")
    return [text for intent in sorted(examples) for text in examples[intent]]


async def call(
    client: httpx.AsyncClient, step: Step, url: str, body: dict[str, Any], timed: bool = True
) -> Any:
    """The JSON answer of one POST, or None after an error (counted in `step`)."""
    began = time.monotonic()
    if timed:
        step.sent += 1
        step.sent_at.append(began)
    try:
        response = await client.post(url, json=body)
        if response.status_code not in (200, 201):
            step.non_200 += 1
            return None
        answer = response.json()
    except httpx.TimeoutException:
        step.timeouts += 1
        return None
    except (httpx.TransportError, ValueError):
        step.connection_errors += 1
        return None
    if timed:
        step.answered_at.append(time.monotonic())
        step.latencies.append(step.answered_at[-1] - began)
    return answer


async def resident_via_gateway(
    client: httpx.AsyncClient, base: str, sentences: list[str], rng: random.Random, step: Step
) -> None:
    opened = await call(client, step, f"{base}/api/conversations", {}, timed=False)
    if opened is None:
        return
    url = f"{base}/api/conversations/{opened['conversation_id']}/messages"
    for text in sentences:
        await asyncio.sleep(rng.expovariate(1 / THINK_SECONDS))
        answer = await call(client, step, url, {"text": text})
        if answer is None:
            return
        step.degraded += bool(answer["degraded"])
        said = [message.get("text") for message in answer["messages"]]
        if CONSENT_QUESTION in said or answer.get("state") in ("waiting", "volunteer"):
            step.handed_off += 1  # the gateway keeps the rest for the volunteer
            return


async def resident_direct(
    client: httpx.AsyncClient, base: str, sentences: list[str], rng: random.Random, step: Step
) -> None:
    sender = f"launch-{rng.getrandbits(48):012x}"
    for text in sentences:
        await asyncio.sleep(rng.expovariate(1 / THINK_SECONDS))
        body = {"sender": sender, "message": text}
        answer = await call(client, step, f"{base}/webhooks/rest/webhook", body)
        if answer is None:
            return
        if any(Handoff.KEY in (message.get("custom") or {}) for message in answer):
            step.handed_off += 1  # where the gateway would stop asking Rasa
            return


def arrival_offsets(rate: float, seconds: float) -> list[float]:
    """When residents arrive, in seconds from the start: a Poisson process at rate/5 a
    second, drawn given its count, which is the mean (rate/5 x seconds). Given the count,
    a Poisson process's arrival times are independent and uniform over the window; fixing
    the count keeps the offered load at the rate named (a free count over 30 s strays by
    about 6 %, and once drew 14 % more residents than the rate)."""
    draw = random.Random(f"{SEED}-{rate:g}-arrivals")
    count = round(rate / PER_RESIDENT * seconds)
    return sorted(draw.uniform(0, seconds) for _ in range(count))


Resident = Callable[[httpx.AsyncClient, str, list[str], random.Random, Step], Awaitable[None]]


async def own_connection(
    resident: Resident,
    base: str,
    sentences: list[str],
    rng: random.Random,
    step: Step,
    timeout: float,
    tls: ssl.SSLContext,
) -> None:
    """One resident on a connection of its own, as each resident's browser has (a pool
    shared by all residents carried most requests on a few connections, and so on one
    gateway worker). keepalive_expiry under uvicorn's 5 s: the client, not the server,
    closes an idle one."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1, keepalive_expiry=2)
    async with httpx.AsyncClient(timeout=timeout, limits=limits, verify=tls) as client:
        await resident(client, base, sentences, rng, step)


async def open_loop(
    resident: Resident,
    base: str,
    step: Step,
    corpus: list[str],
    timeout: float,
    usage: Usage | None = None,
) -> None:
    """Poisson arrivals at step.rate/5 a second for step.seconds, each resident its own
    task; then the drain. Arrival times are kept on an absolute schedule, so a client
    that falls behind catches up instead of offering less."""
    tls = ssl.create_default_context()  # made once: each client would load the CAs again
    tasks: list[asyncio.Task[None]] = []
    start = time.monotonic()
    ramp = min(RAMP_SECONDS, step.seconds / 2)
    window = (start + ramp, start + step.seconds)
    sampling = asyncio.create_task(usage.over(*window)) if usage else None
    for offset in arrival_offsets(step.rate, step.seconds):
        await asyncio.sleep(max(0.0, start + offset - time.monotonic()))
        rng = random.Random(f"{SEED}-{step.rate:g}-{len(tasks)}")
        first = rng.randrange(len(corpus))
        sentences = [corpus[(first + i) % len(corpus)] for i in range(PER_RESIDENT)]
        visit = own_connection(resident, base, sentences, rng, step, timeout, tls)
        tasks.append(asyncio.create_task(visit))
    step.residents = len(tasks)
    if tasks:
        _, pending = await asyncio.wait(tasks, timeout=DRAIN_SECONDS)
        step.unfinished = len(pending)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    if sampling is not None:
        await sampling
    steady = step.seconds - ramp
    step.achieved = sum(window[0] <= t <= window[1] for t in step.answered_at) / steady
    step.sent_rate = sum(window[0] <= t <= window[1] for t in step.sent_at) / steady


def run_step(
    topology: LiveTopology, target: str, rate: float, args: argparse.Namespace, corpus: list[str]
) -> Step:
    step = Step(target=target, rate=rate, seconds=args.seconds)
    resident, base = (
        (resident_via_gateway, topology.gateway_url)
        if target == "gateway"
        else (resident_direct, topology.rasa_urls[0])
    )
    usage = Usage(topology)
    asyncio.run(open_loop(resident, base, step, corpus, args.timeout, usage))
    usage.measure(step)
    print_step(step)
    settle(topology)
    time.sleep(PAUSE_SECONDS)
    return step


def settle(topology: LiveTopology) -> None:
    """Until the recovery loop has answered every kept (degraded) message, so its
    resends do not load the next step."""
    began = time.monotonic()
    query = "SELECT count(*) FROM messages WHERE status = 'pending'"
    with psycopg.connect(topology.database_url, autocommit=True) as connection:
        while True:
            row = connection.execute(query).fetchone()
            waiting = int(row[0]) if row else 0
            if waiting == 0 or time.monotonic() - began > SETTLE_SECONDS:
                break
            time.sleep(1)
    if waiting or time.monotonic() - began > 1:
        print(
            f"  kept messages answered by the recovery loop in {time.monotonic() - began:.0f} s"
            + (f"; {waiting} still waiting" if waiting else "")
        )


def warm_up(topology: LiveTopology, corpus: list[str]) -> None:
    """A few conversations on each path, not counted: first-use costs out of the steps."""
    for name, resident, base in (
        ("gateway", resident_via_gateway, topology.gateway_url),
        ("Rasa replica 1", resident_direct, topology.rasa_urls[0]),
    ):
        step = Step(target="warm-up", rate=10, seconds=3)
        asyncio.run(open_loop(resident, base, step, corpus, 30))
        print(f"  warm-up, {name}: {step.sent} messages, {step.errors} errors (not counted)")


def services_answer() -> str | None:
    """Why the bench cannot run here (None: PostgreSQL and Redis answer)."""
    try:
        psycopg.connect(ADMIN_URL, connect_timeout=3).close()
    except psycopg.Error:
        return f"PostgreSQL at {ADMIN_URL} did not answer"
    if not redis_answers(REDIS_URL):
        return f"Redis at {REDIS_URL} did not answer"
    return None


def topology_of(text: str) -> tuple[int, int]:
    """'2x2' as (Rasa replicas, gateway workers)."""
    replicas, _, workers = text.partition("x")
    if not (replicas.isdigit() and workers.isdigit() and int(replicas) and int(workers)):
        raise argparse.ArgumentTypeError(f"{text}: use RxW, such as 1x2 or 2x2")
    return int(replicas), int(workers)


def bench_topology(
    replicas: int, workers: int, args: argparse.Namespace, corpus: list[str]
) -> tuple[list[Step], list[Step]]:
    print(
        f"\n=== {replicas} Rasa {'replicas' if replicas > 1 else 'process'} "
        f"({'shared stores: PostgreSQL and Redis' if replicas > 1 else 'in-memory stores'}), "
        f"{workers} gateway workers ==="
    )
    with (
        postgres_database() as database,
        live_topology(
            database, rasa_replicas=replicas, gateway_workers=workers, env=BENCH_ENV
        ) as topology,
    ):
        print(f"  the processes' output: {topology.log}")
        warm_up(topology, corpus)
        via = [run_step(topology, "gateway", rate, args, corpus) for rate in args.rates]
        direct = [run_step(topology, "direct", rate, args, corpus) for rate in args.rates]
    print_summary(via, direct)
    return via, direct


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rates", type=float, nargs="+", default=[20, 40, 60])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument(
        "--topologies",
        type=topology_of,
        nargs="+",
        default=[(1, 2), (2, 2)],
        help="RxW: R Rasa replicas, W gateway workers (default: 1x2 2x2)",
    )
    parser.add_argument("--timeout", type=float, default=10, help="seconds per request")
    args = parser.parse_args()
    missing = services_answer()
    if missing is not None:
        print(f"launch bench skipped: {missing} (it needs PostgreSQL and Redis).")
        return
    corpus = test_sentences()
    print(
        f"launch bench: open loop, {args.rates} msg/s for {args.seconds:g} s each, "
        f"topologies {' '.join(f'{r}x{w}' for r, w in args.topologies)}, "
        f"{psutil.cpu_count()} cores"
    )
    results: dict[str, Any] = {}
    verdicts: list[str] = []
    for replicas, workers in args.topologies:
        via, direct = bench_topology(replicas, workers, args, corpus)
        name = f"{replicas}x{workers}"
        results[name] = [s.summary() for s in via + direct]
        verdicts.append(f"  {name}: {verdict(via)}")
    print("\ntarget per topology (R Rasa x W gateway workers):\n" + "\n".join(verdicts))
    out = ROOT / "results" / "launch_bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"figures written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
