"""`python -m bot create-user` as the README gives it, for tests that make accounts the
way a coordinator does. One place builds the command and its environment; the sync form
serves the Playwright tests (sync Playwright owns the event loop), the async form the
pytest-asyncio ones."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from dataclasses import dataclass

from tools.rasa_processes import ROOT

PASSWORD = "een-lang-wachtwoord-42"


@dataclass(frozen=True)
class CommandResult:
    returncode: int
    stdout: str
    stderr: str


def _command(username: str, role: str | None, display_name: str | None) -> list[str]:
    command = [sys.executable, "-m", "bot", "create-user", username]
    if role is not None:
        command += ["--role", role]
    if display_name is not None:
        command += ["--display-name", display_name]
    return command + ["--password-stdin"]


def _environment(database_url: str) -> dict[str, str]:
    # The keys given, so the command writes no key files under var/.
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "PSEUDONYM_KEY": os.environ.get("PSEUDONYM_KEY", "test-key"),
        "SESSION_SECRET": os.environ.get("SESSION_SECRET", "test-secret"),
    }


def create_user(
    database_url: str,
    username: str,
    role: str | None = "volunteer",
    display_name: str | None = None,
) -> CommandResult:
    done = subprocess.run(
        _command(username, role, display_name),
        input=PASSWORD + "\n",
        env=_environment(database_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return CommandResult(done.returncode, done.stdout, done.stderr)


async def create_user_async(
    database_url: str,
    username: str,
    role: str | None = "volunteer",
    display_name: str | None = None,
) -> CommandResult:
    process = await asyncio.create_subprocess_exec(
        *_command(username, role, display_name),
        cwd=ROOT,
        env=_environment(database_url),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate((PASSWORD + "\n").encode())
    assert process.returncode is not None
    return CommandResult(process.returncode, out.decode(), err.decode())
