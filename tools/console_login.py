"""The console's second log-in step for tests and benches: the codes a volunteer's
phone app would show, computed with pyotp from the secret read off the set-up page.

A code's time step works once per account (bot/console/two_factor.py), and the server
accepts the current step and the next (a phone clock one step ahead). So within one
30-second step an account can log in twice with codes; after that this helper uses one
of the recovery codes it read off the page that showed them. No waiting, no sleeping.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx
import pyotp

if TYPE_CHECKING:  # Playwright only where a browser logs in
    from playwright.sync_api import Page

CODE_PAGE = "/console/login/code"
SETUP_PAGE = "/console/login/setup"
START = "/console/login/start"
STEP_SECONDS = 30
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_SECRET = re.compile(r'<code id="secret" class="secret">([A-Z2-7 ]+)</code>')
_RECOVERY = re.compile(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>")


@dataclass
class _Account:
    secret: str
    last_step: int | None = None
    recovery: list[str] = field(default_factory=list)


class Authenticator:
    """The phone app and the paper with recovery codes, for every account this process
    set up (keyed by user name, whatever its case; a new set-up replaces the old)."""

    def __init__(self) -> None:
        self._accounts: dict[str, _Account] = {}
        self._lock = threading.Lock()

    def set_up(self, username: str, secret: str) -> str:
        """Remember the secret shown at set-up; the code that confirms it."""
        with self._lock:
            self._accounts[username.lower()] = _Account("".join(secret.split()))
        return self.code(username)

    def keep_recovery_codes(self, username: str, codes: list[str]) -> None:
        with self._lock:
            self._accounts[username.lower()].recovery = list(codes)

    def knows(self, username: str) -> bool:
        return username.lower() in self._accounts

    def secret(self, username: str) -> str:
        return self._accounts[username.lower()].secret

    def code(self, username: str, now: float | None = None) -> str:
        """A code the server takes now and has not seen: this step's, else the next
        step's, else a recovery code."""
        with self._lock:
            account = self._accounts.get(username.lower())
            assert account is not None, f"{username} was never set up by this process"
            current = int(time.time() if now is None else now) // STEP_SECONDS
            step = current if account.last_step is None else max(current, account.last_step + 1)
            if step <= current + 1:
                account.last_step = step
                return pyotp.TOTP(account.secret).generate_otp(step)
            assert account.recovery, f"{username}: no code left in this 30-second step"
            return account.recovery.pop(0)


AUTHENTICATOR = Authenticator()


def _path(response: httpx.Response) -> str:
    return urlsplit(response.headers.get("location", "")).path


def _csrf(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def _secret(html: str) -> str:
    found = _SECRET.search(html)
    assert found, "no secret on the set-up page"
    return found.group(1)


async def finish(
    client: httpx.AsyncClient, username: str, response: httpx.Response
) -> httpx.Response:
    """After the password step's response: the code or the set-up, up to the response
    that opens the session (or the refusal). Any other response is returned as it is."""
    if response.status_code != 303 or _path(response) not in (CODE_PAGE, SETUP_PAGE):
        return response
    if _path(response) == SETUP_PAGE:
        page = await client.get(SETUP_PAGE)
        code = AUTHENTICATOR.set_up(username, _secret(page.text))
        shown = await client.post(SETUP_PAGE, data={"csrf": _csrf(page.text), "code": code})
        if shown.status_code != 200:
            return shown
        AUTHENTICATOR.keep_recovery_codes(username, _RECOVERY.findall(shown.text))
        return await client.post(START, data={"csrf": _csrf(shown.text)})
    page = await client.get(CODE_PAGE)
    data = {"csrf": _csrf(page.text), "code": AUTHENTICATOR.code(username)}
    return await client.post(CODE_PAGE, data=data)


def finish_sync(client: httpx.Client, username: str, response: httpx.Response) -> httpx.Response:
    """The same for a synchronous client (the benches)."""
    if response.status_code != 303 or _path(response) not in (CODE_PAGE, SETUP_PAGE):
        return response
    if _path(response) == SETUP_PAGE:
        page = client.get(SETUP_PAGE)
        code = AUTHENTICATOR.set_up(username, _secret(page.text))
        shown = client.post(SETUP_PAGE, data={"csrf": _csrf(page.text), "code": code})
        if shown.status_code != 200:
            return shown
        AUTHENTICATOR.keep_recovery_codes(username, _RECOVERY.findall(shown.text))
        return client.post(START, data={"csrf": _csrf(shown.text)})
    page = client.get(CODE_PAGE)
    return client.post(
        CODE_PAGE, data={"csrf": _csrf(page.text), "code": AUTHENTICATOR.code(username)}
    )


def log_in_page(page: Page, username: str, password: str) -> None:
    """Both steps in a browser, as a volunteer does them (the set-up at the first
    log-in: the secret read off the page, the recovery codes kept)."""
    page.goto("/console/login")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    second_step_page(page, username)


def second_step_page(page: Page, username: str) -> None:
    """After the password was sent: the code page (or the set-up), if it comes."""
    page.wait_for_url(lambda url: urlsplit(url).path != "/console/login")
    path = urlsplit(page.url).path
    if path == SETUP_PAGE:
        code = AUTHENTICATOR.set_up(username, page.locator("#secret").inner_text())
        page.get_by_label("Code uit je app").fill(code)
        page.get_by_role("button", name="Bevestigen").click()
        page.locator("#recovery-codes").wait_for()
        codes = page.locator("#recovery-codes code").all_inner_texts()
        AUTHENTICATOR.keep_recovery_codes(username, codes)
        page.get_by_role("button", name="Ik heb ze bewaard. Verder").click()
    elif path == CODE_PAGE:
        page.get_by_label("Code uit je app").fill(AUTHENTICATOR.code(username))
        page.get_by_role("button", name="Inloggen").click()
