"""`make bench`: CPU per message and throughput of ONE Rasa process (no gateway).

Starts Rasa and the action server (tools/rasa_processes.py) and sends the sentences of
tests/nlu/test_set.yml to Rasa's REST webhook, five per conversation, first from one
sender at a time and then from CONCURRENT senders at once. For each load it prints the
messages answered per second and the CPU milliseconds per message of the Rasa process
and of the action server (utime + stime from /proc/<pid>/stat). Takes about a minute.
Prints figures and asserts nothing; writes them to results/rasa_load_bench.json.

    python tools/rasa_load_bench.py [--messages 300] [--concurrent 10]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import threading
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tools.nlu_eval import labelled
from tools.rasa_processes import ROOT, rasa_servers
from tools.stats import percentile

WEBHOOK = "/webhooks/rest/webhook"
PER_CONVERSATION = 5
WARM_UP = 40
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (fields 14 and 15 of /proc/<pid>/stat)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # the name may contain spaces
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_SECOND


@dataclass
class LoadResult:
    senders: int
    messages: int
    errors: int
    seconds: float
    messages_per_second: float
    rasa_cpu_ms_per_message: float
    actions_cpu_ms_per_message: float
    p50_ms: float
    p95_ms: float


class Sender:
    """One resident: a kept-alive connection and a conversation of up to five messages."""

    def __init__(self, rasa_url: str, label: str) -> None:
        parts = urlsplit(rasa_url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.label = label
        self.sent = 0
        self.conversation = ""

    def say(self, text: str) -> bool:
        if self.sent % PER_CONVERSATION == 0:
            self.conversation = f"load-{self.label}-{uuid.uuid4().hex[:12]}"
        self.sent += 1
        body = json.dumps({"sender": self.conversation, "message": text})
        try:
            self.connection.request(
                "POST", WEBHOOK, body, headers={"Content-Type": "application/json"}
            )
            response = self.connection.getresponse()
            answer = json.loads(response.read())
        except (OSError, http.client.HTTPException, ValueError):
            self.connection.close()  # reconnects on the next request
            return False
        return response.status == 200 and isinstance(answer, list) and bool(answer)


def run_load(
    rasa_url: str, pids: tuple[int, int], texts: list[str], senders: int, total: int
) -> LoadResult:
    """`total` messages from `senders` concurrent senders, each as fast as answered."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def work(index: int) -> None:
        sender = Sender(rasa_url, f"{senders}-{index}")
        for n in range(index, total, senders):
            start = time.perf_counter()
            ok = sender.say(texts[n % len(texts)])
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += not ok
        sender.connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(senders)]
    cpu_before = [cpu_seconds(pid) for pid in pids]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - start
    rasa_cpu, actions_cpu = (cpu_seconds(pid) - b for pid, b in zip(pids, cpu_before, strict=True))
    answered = max(1, total - errors[0])
    return LoadResult(
        senders=senders,
        messages=total,
        errors=errors[0],
        seconds=seconds,
        messages_per_second=answered / seconds,
        rasa_cpu_ms_per_message=rasa_cpu * 1000 / answered,
        actions_cpu_ms_per_message=actions_cpu * 1000 / answered,
        p50_ms=percentile(latencies, 0.5),
        p95_ms=percentile(latencies, 0.95),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=300, help="messages per load")
    parser.add_argument("--concurrent", type=int, default=10, help="senders at once")
    args = parser.parse_args()
    texts, _ = labelled("tests/nlu/test_set.yml")

    with rasa_servers() as servers:
        pids = (servers.rasa_pid, servers.actions_pid)
        run_load(servers.rasa_url, pids, texts, 1, WARM_UP)  # first-use costs out
        results = [
            run_load(servers.rasa_url, pids, texts, senders, args.messages)
            for senders in (1, args.concurrent)
        ]

    print(
        f"\nOne Rasa process, REST webhook with the action server, {args.messages} messages "
        f"per load ({PER_CONVERSATION} per conversation, tests/nlu/test_set.yml)"
    )
    print(
        f"  {'senders':>7} {'msg/s':>7} {'Rasa CPU ms/msg':>16} {'actions CPU ms/msg':>19}"
        f" {'p50 ms':>7} {'p95 ms':>7} {'errors':>6}"
    )
    for r in results:
        print(
            f"  {r.senders:>7} {r.messages_per_second:>7.1f} {r.rasa_cpu_ms_per_message:>16.1f}"
            f" {r.actions_cpu_ms_per_message:>19.1f} {r.p50_ms:>7.1f} {r.p95_ms:>7.1f}"
            f" {r.errors:>6}"
        )
    out = ROOT / "results" / "rasa_load_bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps([asdict(r) for r in results], indent=2))
    print(f"figures written to {os.path.relpath(out, ROOT)}")


if __name__ == "__main__":
    main()
