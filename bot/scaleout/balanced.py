"""Gateway workers that share the load evenly: each one listens on a socket of its own on
the one port (SO_REUSEPORT), and the kernel spreads new connections over them.

Why: uvicorn's supervisor binds one socket and hands it to every worker, and they all
accept from it. Linux then wakes the worker that waited last, so one worker took most
connections: under the launch bench (tools/launch_bench.py) one used 42 % of a core
and the other 11 %, and the busy one's queue set the latency. With a socket per worker
in one SO_REUSEPORT group, the kernel picks the worker by a hash of each new
connection's addresses, which spreads many residents' connections about evenly.

How: uvicorn's supervisor (``Multiprocess``) makes its workers from the class
``uvicorn.supervisors.multiprocess.Process``, at start and whenever one dies. For the
supervisor of `python -m bot serve` that class is :class:`BalancedWorker`, which is
uvicorn's own worker in all but the socket it serves: its own, bound with SO_REUSEPORT
in the worker process. The supervisor holds a socket bound the same way, not listening
(no connection is ever routed to it), so a port that is taken fails at start, as before.
A uvicorn whose supervisor has another shape is left alone: its workers then share one
socket, as uvicorn has it (correct, less even).
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from uvicorn.supervisors import multiprocess

logger = logging.getLogger(__name__)


def reuse_port_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to (host, port) in the port's SO_REUSEPORT group."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


class BalancedWorker(multiprocess.Process):
    """uvicorn's worker process, serving a SO_REUSEPORT socket of its own."""

    def target(self, sockets: list[socket.socket] | None = None) -> None:  # pragma: no cover
        # Runs in the worker process (uvicorn covers its own target in the same way).
        own = [reuse_port_socket(*sock.getsockname()[:2]) for sock in sockets or []]
        for sock in sockets or []:
            sock.close()  # the supervisor's copy: never listened on here
        super().target(own)


def supported() -> bool:
    """Whether this uvicorn makes its workers from the class this module replaces."""
    return (
        hasattr(socket, "SO_REUSEPORT")
        and isinstance(getattr(multiprocess, "Process", None), type)
        and "target" in vars(multiprocess.Process)
    )


@contextmanager
def balanced_workers() -> Iterator[bool]:
    """While the block runs, uvicorn's supervisor starts :class:`BalancedWorker`s.
    Yields whether it does (False: the shape of uvicorn is not the expected one)."""
    if not supported():
        logger.warning("bot.scaleout.balanced: uvicorn's workers share one socket (unbalanced)")
        yield False
        return
    original = multiprocess.Process
    multiprocess.Process = BalancedWorker  # type: ignore[misc]
    try:
        yield True
    finally:
        multiprocess.Process = original  # type: ignore[misc]
