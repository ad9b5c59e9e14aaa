"""The gateway workers' CPU priority (GATEWAY_NICE, as `nice`: 0 to 19, higher yields).

Why: on one machine the gateway workers and Rasa share the cores, and Rasa is the
stage every message passes one at a time: one event loop, about 12 ms of CPU a message.
When both want a core, a message waiting in Rasa holds up every message behind it,
while a gateway worker has slack (each used about a quarter of a core at 40 msg/s). Under
the launch bench (tools/launch_bench.py, 1 Rasa and 2 workers, 40 msg/s) the gateway's
p95 was 204 and 210 ms with the workers at nice 0, 153 and 155 ms at nice 5, 141 ms at
nice 5 again in a second run, and 159 ms at nice 10 (too far: the workers then wait).
`make run` (tools/run_topology.py) starts the gateway at 5 next to its Rasa; a gateway on
a machine of its own keeps the default, 0.

A process may always lower its own priority, so this needs no privilege; it never
raises it (that would need one).
"""

from __future__ import annotations

import logging
import os

logger = logging.getLogger(__name__)


def yield_cpu_to_rasa(nice: int) -> int:
    """Lower this process's CPU priority to `nice` (if it is above the current one);
    the priority it runs at afterwards."""
    current = os.getpriority(os.PRIO_PROCESS, 0)
    wanted = max(0, min(19, nice))
    if wanted > current:
        os.setpriority(os.PRIO_PROCESS, 0, wanted)
        logger.info("gateway worker at CPU priority nice %d (GATEWAY_NICE)", wanted)
    return os.getpriority(os.PRIO_PROCESS, 0)
