"""Gateway load test: concurrent simulated residents against the widget API and,
in the same run, against Rasa's REST webhook directly (the gateway's overhead).

Closed loop: each simulated resident sends its next message as soon as the
previous reply arrived, starting a new conversation every 5 messages. The
gateway's per-resident rate limit is raised for the run (it would otherwise
throttle this closed loop). Run with the gateway environment:

    .venv-bot/bin/python tools/gateway_bench.py [--seconds 60] [--residents 20 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bot.texts import CONSENT_QUESTION
from tools.rasa_processes import ROOT, free_port, rasa_servers
from tools.stats import percentile

TEST_SET = ROOT / "tests" / "nlu" / "test_set.yml"
MESSAGES_PER_CONVERSATION = 5


def texts() -> list[str]:
    lines = TEST_SET.read_text(encoding="utf-8").splitlines()
    return [line.strip()[2:] for line in lines if line.startswith("    - ")]


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    def percentile(self, q: float) -> float:
        """Milliseconds."""
        return percentile(self.latencies, q) * 1000


async def timed(send: Callable[[], Awaitable[bool]], result: Result) -> None:
    """One request: its latency if it succeeded, else an error."""
    began = time.perf_counter()
    try:
        ok = await send()
    except (httpx.HTTPError, ValueError, KeyError):
        ok = False
    if ok:
        result.latencies.append(time.perf_counter() - began)
    else:
        result.errors += 1


async def resident_via_gateway(
    client: httpx.AsyncClient,
    base: str,
    corpus: list[str],
    start: int,
    stop_at: float,
    result: Result,
) -> None:
    i = start
    while time.monotonic() < stop_at:
        try:
            opened = await client.post(f"{base}/api/conversations", json={})
            cid = opened.json()["conversation_id"]
        except (httpx.HTTPError, ValueError, KeyError):
            result.errors += 1
            continue
        handed_off: list[bool] = []
        for _ in range(MESSAGES_PER_CONVERSATION):
            if time.monotonic() >= stop_at or handed_off:
                # After a hand-off the gateway keeps messages for the volunteer and does not
                # ask Rasa: start a new conversation so every timed message goes to Rasa.
                break
            text = corpus[i % len(corpus)]

            async def send(
                cid: str = cid, text: str = text, handed_off: list[bool] = handed_off
            ) -> bool:
                response = await client.post(
                    f"{base}/api/conversations/{cid}/messages", json={"text": text}
                )
                if response.status_code != 200 or response.json()["degraded"]:
                    return False
                # The gateway's consent question follows every hand-off.
                said = [m["text"] for m in response.json()["messages"]]
                if CONSENT_QUESTION in said:
                    handed_off.append(True)
                return True

            await timed(send, result)
            i += 1


async def resident_via_rasa(
    client: httpx.AsyncClient,
    base: str,
    corpus: list[str],
    start: int,
    stop_at: float,
    result: Result,
) -> None:
    i, conversation = start, 0
    while time.monotonic() < stop_at:
        sender = f"bench-{start}-{conversation}"
        conversation += 1
        for _ in range(MESSAGES_PER_CONVERSATION):
            if time.monotonic() >= stop_at:
                return
            text = corpus[i % len(corpus)]

            async def send(sender: str = sender, text: str = text) -> bool:
                response = await client.post(
                    f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": text}
                )
                return response.status_code == 200 and bool(response.json())

            await timed(send, result)
            i += 1


async def run(target, base: str, residents: int, seconds: float, corpus: list[str]) -> Result:
    result = Result()
    limits = httpx.Limits(max_connections=residents + 5, max_keepalive_connections=residents + 5)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        stop_at = time.monotonic() + seconds
        await asyncio.gather(
            *(target(client, base, corpus, n * 7, stop_at, result) for n in range(residents))
        )
    return result


def start_gateway(rasa_url: str, workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.db'}"),
        "RASA_URL": rasa_url,
        "RASA_TIMEOUT_SECONDS": "10",
        "GATEWAY_PORT": str(port),
        "RATE_LIMIT_PER_MINUTE": "1000000",
        "PSEUDONYM_KEY": "bench",
    }
    env.pop("TELEGRAM_TOKEN", None)
    log = (workdir / "gateway.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("gateway did not start")


def report(name: str, residents: int, seconds: float, result: Result) -> None:
    rate = len(result.latencies) / seconds
    print(
        f"  {name:8} {residents:3} residents: {rate:7.1f} msg/s  "
        f"p50 {result.percentile(0.5):7.1f} ms  p95 {result.percentile(0.95):7.1f} ms  "
        f"p99 {result.percentile(0.99):7.1f} ms  errors {result.errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--residents", type=int, nargs="+", default=[20, 50])
    args = parser.parse_args()
    corpus = texts()
    workdir = Path(os.environ.get("TMPDIR", "/tmp")) / f"gateway-bench-{os.getpid()}"
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"gateway load test: closed loop, {args.seconds:.0f} s per run, loopback")
    with rasa_servers() as rasa:
        gateway, url = start_gateway(rasa.rasa_url, workdir)
        try:
            for residents in args.residents:
                direct = asyncio.run(
                    run(resident_via_rasa, rasa.rasa_url, residents, args.seconds, corpus)
                )
                report("rasa", residents, args.seconds, direct)
                via = asyncio.run(run(resident_via_gateway, url, residents, args.seconds, corpus))
                report("gateway", residents, args.seconds, via)
                ratio = via.percentile(0.95) / max(direct.percentile(0.95), 1e-9)
                print(f"  gateway p95 / rasa p95 at {residents} residents: {ratio:.2f}")
        finally:
            gateway.terminate()
            gateway.wait(timeout=20)


if __name__ == "__main__":
    main()
