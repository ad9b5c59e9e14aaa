"""The volunteer console as a volunteer uses it: the account made with the README's
command line, then HTTP only (no gateway internals, like widget_client.py)."""

from __future__ import annotations

import re

import httpx

from bot.tests.cli_accounts import PASSWORD, create_user_async
from bot.tests.widget_client import marker
from tools.console_login import finish

HTML = {"Accept": "text/html"}
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_ROW = re.compile(r"<tr\b[^>]*data-case=.*?</tr>", re.S)


async def create_volunteer(database_url: str, role: str = "volunteer") -> str:
    """`python -m bot create-user` in the gateway's database; the new user name."""
    username = f"vrijwilliger-{marker(6)}"
    done = await create_user_async(database_url, username, role)
    assert done.returncode == 0, done.stdout + done.stderr
    return username


async def log_in(http: httpx.AsyncClient, username: str) -> None:
    form = await http.get("/console/login")
    found = _CSRF.search(form.text)
    assert found, "no CSRF token on the log-in page"
    data = {"csrf": found.group(1), "username": username, "password": PASSWORD}
    response = await finish(http, username, await http.post("/console/login", data=data))
    assert response.status_code == 303, response.text


async def queue_rows(http: httpx.AsyncClient) -> list[str]:
    """The rows of the queue page, top first (each a <tr> as HTML)."""
    page = await http.get("/console", headers=HTML)
    assert page.status_code == 200, page.status_code
    return _ROW.findall(page.text)
