"""The volunteer console as a volunteer uses it: the account made with the README's
command line, then HTTP only (no gateway internals, like widget_client.py)."""

from __future__ import annotations

import asyncio
import os
import re
import sys

import httpx

from bot.tests.widget_client import marker
from tools.rasa_processes import ROOT

PASSWORD = "een-lang-wachtwoord-42"
HTML = {"Accept": "text/html"}
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_ROW = re.compile(r"<tr\b[^>]*data-case=.*?</tr>", re.S)


async def create_volunteer(database_url: str, role: str = "volunteer") -> str:
    """`python -m bot create-user` in the gateway's database; the new user name."""
    username = f"vrijwilliger-{marker(6)}"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "bot", "create-user", username, "--role", role, "--password-stdin"),
        cwd=ROOT,
        # The keys given, so the command writes no key files under var/.
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": database_url,
            "PSEUDONYM_KEY": "test-key",
            "SESSION_SECRET": "test-secret",
        },
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate((PASSWORD + "\n").encode())
    assert process.returncode == 0, output.decode()
    return username


async def log_in(http: httpx.AsyncClient, username: str) -> None:
    form = await http.get("/console/login")
    found = _CSRF.search(form.text)
    assert found, "no CSRF token on the log-in page"
    data = {"csrf": found.group(1), "username": username, "password": PASSWORD}
    response = await http.post("/console/login", data=data)
    assert response.status_code == 303, response.text


async def queue_rows(http: httpx.AsyncClient) -> list[str]:
    """The rows of the queue page, top first (each a <tr> as HTML)."""
    page = await http.get("/console", headers=HTML)
    assert page.status_code == 200, page.status_code
    return _ROW.findall(page.text)
