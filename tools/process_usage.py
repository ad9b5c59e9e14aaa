"""The CPU and memory of every process of a live topology (tools/live_topology.py) and
of the load generator itself, over a step of tools/launch_bench.py."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

import psutil

if TYPE_CHECKING:
    from tools.launch_bench import Step
    from tools.live_topology import LiveTopology


class Usage:
    """CPU (user + system) of every topology process and of this client over the steady
    window of a step (after the ramp, until arrivals stop), as % of one core; each
    one's resident memory at the end of the step."""

    def __init__(self, topology: LiveTopology) -> None:
        self.named = {**topology.processes(), "bench client": [psutil.Process()]}
        self.cpu: dict[str, float] = {}
        self.percent: dict[str, float] = {}
        self.began = 0.0

    def begin(self) -> None:
        self.began = time.monotonic()
        self.cpu = {name: _cpu(group) for name, group in self.named.items()}

    def end(self) -> None:
        wall = time.monotonic() - self.began
        for name, group in self.named.items():
            self.percent[name] = (_cpu(group) - self.cpu[name]) / wall * 100

    async def over(self, begin_at: float, end_at: float) -> None:
        await asyncio.sleep(max(0.0, begin_at - time.monotonic()))
        self.begin()
        await asyncio.sleep(max(0.0, end_at - time.monotonic()))
        self.end()

    def measure(self, step: Step) -> None:
        step.cpu_percent = dict(self.percent)
        step.rss_mb = {
            name: sum(_rss(p) for p in group) / 2**20 for name, group in self.named.items()
        }


def _cpu(group: list[psutil.Process]) -> float:
    total = 0.0
    for process in group:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:  # a Sanic worker restarted: its seconds are gone
            continue
        total += times.user + times.system
    return total


def _rss(process: psutil.Process) -> int:
    try:
        return int(process.memory_info().rss)
    except psutil.NoSuchProcess:
        return 0
