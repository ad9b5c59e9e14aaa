"""GATEWAY_NICE (bot/scaleout/priority.py): each gateway worker lowers its own CPU
priority once its app starts, never raises it, and 0 leaves it alone."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tools.rasa_processes import ROOT

START_AND_TELL = """
import asyncio, os
from bot.tests.conftest import settings_for
from bot.web import create_app
app = create_app(settings_for("sqlite:///{db}", "http://127.0.0.1:9", nice={nice}))
async def main():
    async with app.router.lifespan_context(app):
        print(os.getpriority(os.PRIO_PROCESS, 0))
asyncio.run(main())
"""


def _priority_after_start(tmp_path: object, nice: int, start_at: int = 0) -> int:
    code = START_AND_TELL.format(db=f"{tmp_path}/gateway.db", nice=nice)
    done = subprocess.run(
        ["nice", "-n", str(start_at), sys.executable, "-c", code],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "GC_FREEZE": "0"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("nice", "start_at", "runs_at"), [(5, 0, 5), (0, 0, 0), (3, 7, 7)])
def test_the_worker_runs_at_the_priority_asked_or_lower(
    tmp_path: object, nice: int, start_at: int, runs_at: int
) -> None:
    assert _priority_after_start(tmp_path, nice, start_at) == runs_at
