"""What the console's browser tests share: accounts made with the README's command line,
logging in, axe findings and the check that a page fits a phone without scrolling
sideways. The fixtures (browser, gateway) stay in test_widget_browser.py."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from bot.tests.cli_accounts import PASSWORD, create_user
from bot.tests.widget_client import marker
from tools.console_login import log_in_page

# A common phone (iPhone 12 to 15) in CSS pixels: the narrowest screen volunteers use.
PHONE = {"width": 390, "height": 844}


def add_account(database_url: str, name: str = "Anna", role: str = "volunteer") -> str:
    """A new account through `python -m bot create-user`; its user name (display name `name`)."""
    username = f"{name.lower()}-{marker(6)}"
    done = create_user(database_url, username, role, display_name=name)
    assert done.returncode == 0, done.stderr
    assert f"Account {username} ({role}) created." in done.stdout
    return username


def log_in(page: Page, username: str, landing: str = "Wachtrij") -> None:
    """Password and code (the app set up at the account's first log-in)."""
    log_in_page(page, username, PASSWORD)
    expect(page.get_by_role("heading", name=landing, exact=True)).to_be_visible()


def violations(page: Page) -> list[str]:
    """Every axe finding, with the first elements it names."""
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} at {[node.get('target') for node in v.get('nodes', [])][:3]}"
        for v in results.response["violations"]
    ]


def serious_violations(page: Page) -> list[str]:
    """The axe findings of impact serious or critical."""
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


# What reaches past the viewport's right edge (tag, class, right edge), for the message.
_STICKING_OUT = """() => {
  const limit = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= limit) return [];
  return Array.from(document.querySelectorAll('body *'))
    .filter(e => e.getBoundingClientRect().right > limit + 0.5)
    .slice(-5)
    .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`
      + ` '${(e.textContent || '').trim().slice(0, 40)}'`);
}"""


def _sticking_out_now(page: Page) -> list[str]:
    found = page.evaluate(_STICKING_OUT)
    if not found and page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    ):
        return ["the page scrolls sideways"]
    return list(found)


def sticking_out(page: Page, tries: int = 4) -> list[str]:
    """Empty when nothing scrolls sideways; else the innermost elements that stick out.
    The live refresh may be replacing the list at that moment (seen once in a few runs
    on a busy machine, never reproduced at rest), so what sticks out must still stick
    out after the page has settled: measured up to `tries` times, 500 ms apart."""
    found = _sticking_out_now(page)
    for _ in range(tries - 1):
        if not found:
            return []
        page.wait_for_timeout(500)
        found = _sticking_out_now(page)
    return found


def fits_the_phone(page: Page) -> None:
    assert sticking_out(page) == [], page.url
