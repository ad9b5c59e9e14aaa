"""`python -m bot serve` with GATEWAY_WORKERS (bot/scaleout/workers.py): more than one
worker only with PostgreSQL and Redis, refused in Dutch and English otherwise, before
anything starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.scaleout.workers import refusal
from bot.settings import Settings
from tools.rasa_processes import ROOT

POSTGRES = "postgresql://postgres@127.0.0.1:5432/scamhelp"
REDIS = "redis://127.0.0.1:6379/0"


def test_one_worker_needs_nothing_shared() -> None:
    assert refusal(Settings(database_url="sqlite:///x.db", redis_url="", workers=1)) is None


def test_several_workers_with_postgresql_and_redis_may_start() -> None:
    assert refusal(Settings(database_url=POSTGRES, redis_url=REDIS, workers=2)) is None


@pytest.mark.parametrize(
    ("database_url", "redis_url", "named"),
    [
        ("sqlite:///x.db", "", ["DATABASE_URL", "REDIS_URL"]),
        (POSTGRES, "", ["REDIS_URL"]),
        ("sqlite:///x.db", REDIS, ["DATABASE_URL"]),
    ],
)
def test_several_workers_without_the_shared_stores_are_refused(
    database_url: str, redis_url: str, named: list[str]
) -> None:
    said = refusal(Settings(database_url=database_url, redis_url=redis_url, workers=2))
    assert said is not None
    dutch, english = said.splitlines()
    assert dutch.startswith("GATEWAY_WORKERS=2 kan alleen met PostgreSQL en Redis")
    assert english.startswith("GATEWAY_WORKERS=2 needs PostgreSQL and Redis")
    for name in ("DATABASE_URL", "REDIS_URL"):
        assert (name in dutch) == (name in named) and (name in english) == (name in named)


def _serve(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
    environment.update({"PYTHONPATH": str(ROOT), "PSEUDONYM_KEY": "k", "SESSION_SECRET": "s"})
    return subprocess.run(
        [sys.executable, "-m", "bot", "serve"],
        env={**environment, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_serve_refuses_before_it_starts_and_says_why(tmp_path: Path) -> None:
    done = _serve(GATEWAY_WORKERS="2", DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    assert done.returncode == 2
    assert "GATEWAY_WORKERS=2 kan alleen met PostgreSQL en Redis" in done.stderr
    assert not (tmp_path / "x.db").exists()  # nothing started, not even the migration


def test_a_count_that_is_no_number_is_a_clear_message_not_a_traceback() -> None:
    done = _serve(GATEWAY_WORKERS="twee")
    assert done.returncode == 1
    assert "Een instelling in de omgeving is geen getal" in done.stderr
    assert "Traceback" not in done.stderr
