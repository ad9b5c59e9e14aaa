"""Where someone is logged in (issue 18), in Debian's Chromium against a live gateway
in front of the fake Rasa: the lists on 'Mijn account' and on a team member's page are
axe clean and fit a phone; a volunteer logs out their other browser; a coordinator
cannot end all of a volunteer's sessions without ticking the box, and then does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bot.db import sync_url
from bot.models import Volunteer
from bot.tests.browser_helpers import PHONE, add_account, log_in, sticking_out, violations
from bot.tests.conftest import serve_gateway
from bot.tests.fake_rasa import FakeRasa
from bot.tests.test_widget_browser import browser, new_page  # noqa: F401  (fixture)

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('sessions') / 'gateway.db'}"


@pytest.fixture(scope="module")
def gateway(
    fake_rasa_server: FakeRasa, database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with serve_gateway(fake_rasa_server.url, database, tmp_path_factory.mktemp("logs")) as url:
        yield url


def volunteer_id(database: str, username: str) -> int:
    engine = create_engine(sync_url(database))
    try:
        with Session(engine) as session:
            found = session.scalar(select(Volunteer.id).where(Volunteer.username == username))
            assert found is not None
            return found
    finally:
        engine.dispose()


def logged_in(browser: Browser, gateway: str, username: str, agent: str) -> Page:  # noqa: F811
    page = new_page(browser, gateway, user_agent=agent)
    log_in(page, username)
    return page


def check(page: Page, url: str) -> list[str]:
    problems = []
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.goto(url)
        if size is PHONE and (out := sticking_out(page)):
            problems.append(f"{url}: scrolls sideways at 390 px: {out}")
        problems += [f"{url} at {size['width']} px: {v}" for v in violations(page)]
    return problems


def test_a_volunteer_logs_out_their_other_browser(
    browser: Browser,  # noqa: F811
    gateway: str,
    database: str,
    fake_rasa: FakeRasa,
) -> None:
    vera = add_account(database, "Vera")
    laptop = logged_in(browser, gateway, vera, FIREFOX)
    phone = logged_in(browser, gateway, vera, IPHONE)
    try:
        assert check(laptop, "/console/account") == []
        laptop.goto("/console/account")
        sessions = laptop.get_by_role("table")
        expect(sessions.get_by_role("row")).to_have_count(3)  # the heading and two
        expect(sessions).to_contain_text("Firefox op Windows (dit apparaat)")
        laptop.get_by_role("button", name="Log uit op Mobile Safari op iOS").click()
        expect(laptop.get_by_role("status")).to_have_text(
            "Je bent uitgelogd op Mobile Safari op iOS."
        )
        expect(laptop.get_by_role("table").get_by_role("row")).to_have_count(2)
        phone.goto("/console/account")
        expect(phone.get_by_label("Gebruikersnaam")).to_be_visible()  # the log-in form
    finally:
        laptop.context.close()
        phone.context.close()


def test_a_coordinator_logs_a_volunteer_out_everywhere(
    browser: Browser,  # noqa: F811
    gateway: str,
    database: str,
    fake_rasa: FakeRasa,
) -> None:
    coco = add_account(database, "Coco", "coordinator")
    vera = add_account(database, "Vera")
    member = f"/console/team/volunteers/{volunteer_id(database, vera)}"
    coordinator = logged_in(browser, gateway, coco, FIREFOX)
    devices = [logged_in(browser, gateway, vera, agent) for agent in (FIREFOX, IPHONE)]
    try:
        assert check(coordinator, member) == []
        coordinator.goto(member)
        expect(coordinator.get_by_role("table")).to_contain_text("Mobile Safari op iOS")
        everywhere = coordinator.get_by_role("button", name="Overal uitloggen")
        everywhere.click()  # the box is not ticked: the browser does not send the form
        expect(coordinator.get_by_role("table").get_by_role("row")).to_have_count(3)
        coordinator.get_by_label("Ja, log Vera overal uit").check()
        everywhere.click()
        expect(coordinator.get_by_role("status")).to_have_text(
            "Vera is overal uitgelogd (2 sessies beëindigd)."
        )
        expect(coordinator.get_by_text("Vera is nu nergens ingelogd.")).to_be_visible()
        for device in devices:
            device.goto("/console")
            expect(device.get_by_label("Gebruikersnaam")).to_be_visible()
        coordinator.goto("/console/audit")
        expect(coordinator.get_by_text("overal uitgelogd: 2 sessies beëindigd")).to_be_visible()
    finally:
        for page in (coordinator, *devices):
            page.context.close()
