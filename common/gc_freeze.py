"""Take what a server process holds once it has started out of Python's cyclic garbage
collector (gc.freeze), so that a full collection does not stop the process for long.

Why: a full collection walks every object the collector tracks. In a Rasa server with
its model loaded that is about 550,000 objects and took 243 ms here; in a gateway
worker about 170,000 objects and 46 to 60 ms. The process answers no one meanwhile, so
every message in flight waits that long: under the launch bench (tools/launch_bench.py)
those pauses set the slowest answers. The model, the app and their caches live as long
as the process, so collecting them is wasted work; after gc.freeze() a full collection
took under a millisecond. Objects freed later by their reference count are freed as
before; only cycles among the frozen objects stay until the process ends.

Used by the gateway's lifespan (bot/web.py) and by Rasa's REST channel once the model
is loaded (assistant/rest_channel.py). GC_FREEZE=0 turns it off (the gateway's tests
do, since one test process starts hundreds of apps).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Mapping


def enabled(env: Mapping[str, str] = os.environ) -> bool:
    return env.get("GC_FREEZE", "1").strip() != "0"


def freeze_startup_objects() -> int:
    """Collect the start-up's garbage, then freeze what is left; how many are frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
