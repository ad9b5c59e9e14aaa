"""The website widget in a real browser (Debian's Chromium) against a live gateway and Rasa."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, Route, expect, sync_playwright
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from bot import texts
from bot.models import Message
from bot.tests.widget_client import marker
from tools.rasa_processes import RasaServers

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
KEY = "scamhelp.conversation"
TIMEOUT_MS = 60_000
GREETING = "Vertel in je eigen woorden wat er gebeurde"
PHISHING = "Ik kreeg een sms van de ING dat mijn pas verloopt, met een link"
NOTHING_DONE = "Nee, nog niets gedaan"
CORE_RULE = "Check de afzender. Twijfel je? Klik weg."
HTML = "<img src=x onerror=alert(1)><script>alert(2)</script>"
FRAUDEHELPDESK = "088-786 73 72"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture(scope="module")
def gateway(live_gateway: str, rasa: RasaServers) -> str:
    # Warm Rasa up so the first answer in a test comes within the gateway's Rasa timeout.
    rasa.say(f"warm-up-{uuid.uuid4()}", PHISHING)
    return live_gateway


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def new_page(browser: Browser, gateway: str, **options: object) -> Page:
    context = browser.new_context(base_url=gateway, **options)  # type: ignore[arg-type]
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    return page


@pytest.fixture
def page(browser: Browser, gateway: str) -> Iterator[Page]:
    page = new_page(browser, gateway)
    try:
        yield page
    finally:
        page.context.close()


def open_demo(page: Page) -> Locator:
    """Open the demo page and wait for the greeting; returns the message log."""
    page.goto("/demo")
    log = page.get_by_role("log")
    expect(log).to_contain_text(GREETING)
    return log


def message_box(page: Page) -> Locator:
    return page.get_by_role("textbox", name="Je bericht")


def stored_id(page: Page) -> str | None:
    return page.evaluate(f"sessionStorage.getItem('{KEY}')")


def send_phishing_story(page: Page, log: Locator) -> Locator:
    """Type the story with the keyboard, press Enter; returns the 'nothing done' button."""
    message_box(page).focus()
    page.keyboard.type(PHISHING)
    page.keyboard.press("Enter")
    expect(log).to_contain_text(re.compile("phishing", re.IGNORECASE))
    button = log.get_by_role("button", name=NOTHING_DONE)
    expect(button).to_be_visible()
    return button


def test_advice_and_button_with_the_keyboard(page: Page) -> None:
    log = open_demo(page)
    expect(page.get_by_role("region", name="Hulp bij oplichting")).to_be_visible()
    box = message_box(page)
    button = send_phishing_story(page, log)
    expect(box).to_have_value("")
    expect(log.locator(".scamhelp-resident").last).to_contain_text(PHISHING)

    core_rule = log.locator(".scamhelp-bot", has_text=CORE_RULE)
    before = core_rule.count()
    button.focus()
    page.keyboard.press("Enter")
    expect(log.locator(".scamhelp-resident").last).to_contain_text(NOTHING_DONE)
    expect(core_rule.nth(before)).to_be_visible()
    expect(button).to_be_disabled()


def test_conversation_id_in_session_storage_only(page: Page) -> None:
    log = open_demo(page)
    conversation_id = stored_id(page)
    assert conversation_id and UUID.fullmatch(conversation_id)
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is None
    assert conversation_id not in page.evaluate("JSON.stringify(localStorage)")

    words = f"Test {marker()}: ik kreeg een mail van de bank"
    bot_messages = log.locator(".scamhelp-bot")
    before = bot_messages.count()
    message_box(page).fill(words)
    page.keyboard.press("Enter")
    expect(bot_messages.nth(before)).to_be_visible()

    page.reload()
    log = page.get_by_role("log")
    expect(log).to_contain_text(words)
    expect(log).to_contain_text(GREETING)
    assert stored_id(page) == conversation_id

    page.get_by_role("button", name="Verwijder dit gesprek").click()
    expect(log).not_to_contain_text(words)
    expect(log).to_contain_text(GREETING)
    page.wait_for_function(
        f"(old) => sessionStorage.getItem('{KEY}') && sessionStorage.getItem('{KEY}') !== old",
        arg=conversation_id,
    )
    gone = page.request.get(f"/api/conversations/{conversation_id}/messages")
    assert gone.status == 404


def test_typed_html_shows_as_text(page: Page) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    log = open_demo(page)
    bot_messages = log.locator(".scamhelp-bot")
    before = bot_messages.count()
    message_box(page).fill(HTML)
    page.keyboard.press("Enter")
    expect(log.locator(".scamhelp-resident").last).to_contain_text(HTML)
    expect(bot_messages.nth(before)).to_be_visible()

    page.reload()  # rendered again from the stored conversation
    log = page.get_by_role("log")
    expect(log.locator(".scamhelp-resident").last).to_contain_text(HTML)
    page.wait_for_timeout(500)
    assert log.locator("img, script").count() == 0
    assert dialogs == []


def test_the_real_urgent_answer_starts_in_view(browser: Browser, gateway: str) -> None:
    """The assistant's answer to damage is many bubbles; the urgent step is the first, and
    the log keeps that one in view (a phone's height, so the answer is taller than the log)."""
    page = new_page(
        browser, gateway, viewport={"width": 390, "height": 700}, reduced_motion="reduce"
    )
    try:
        log = open_demo(page)
        message_box(page).fill("help ik heb net mijn pincode gegeven aan iemand van de bank")
        page.keyboard.press("Enter")
        urgent = log.locator(".scamhelp-bot", has_text="Dit is nu het belangrijkst")
        expect(urgent).to_be_visible()
        expect(log.locator(".scamhelp-bot")).not_to_have_count(0)
        page.wait_for_timeout(500)
        bubbles = log.locator(".scamhelp-bot").count()
        box, view = urgent.first.bounding_box(), log.bounding_box()
        assert box and view and bubbles >= 4
        assert view["y"] - 1 <= box["y"] <= view["y"] + view["height"] - 40
    finally:
        page.context.close()


def test_no_serious_accessibility_violations(page: Page) -> None:
    log = open_demo(page)
    send_phishing_story(page, log)
    results = Axe().run(page)
    violations = [
        violation
        for violation in results.response["violations"]
        if violation.get("impact") in ("serious", "critical")
    ]
    for violation in violations:
        print(violation["id"], violation["impact"], violation["help"])
        for node in violation["nodes"]:
            print("   ", node["target"], node.get("failureSummary", ""))
    assert violations == []


def test_narrow_viewport_has_no_horizontal_scroll(browser: Browser, gateway: str) -> None:
    page = new_page(browser, gateway, viewport={"width": 320, "height": 640})
    try:
        log = open_demo(page)
        send_phishing_story(page, log)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        for control in (message_box(page), page.get_by_role("button", name="Verstuur")):
            expect(control).to_be_visible()
            box = control.bounding_box()
            assert box is not None
            assert box["x"] >= 0 and box["x"] + box["width"] <= 320
            assert box["height"] >= 44
    finally:
        page.context.close()


def test_a_refusal_from_the_gateway_is_shown_in_its_own_words(page: Page) -> None:
    """A 503 with the Dutch envelope (the database away, the conversation busy) says
    what the gateway said; the text stays in the input to send again."""
    log = open_demo(page)
    words = "Iemand belt namens mijn bank en vraagt mijn pincode"
    envelope = {"error": {"code": "unavailable", "message": texts.NOT_KEPT}}
    page.route(
        "**/api/conversations/*/messages",
        lambda route: route.fulfill(status=503, json=envelope),
    )
    box = message_box(page)
    box.fill(words)
    page.keyboard.press("Enter")
    expect(log).to_contain_text(texts.NOT_KEPT)
    expect(log).to_contain_text(FRAUDEHELPDESK)
    expect(box).to_have_value(words)


def test_offline_keeps_text_and_shows_essential_advice(page: Page) -> None:
    log = open_demo(page)
    page.route("**/api/conversations/*/messages", lambda route: route.abort())
    words = "Iemand belt namens mijn bank en vraagt mijn pincode"
    box = message_box(page)
    box.fill(words)
    page.keyboard.press("Enter")
    expect(log).to_contain_text(FRAUDEHELPDESK)
    expect(log).to_contain_text("Geen verbinding. Je tekst staat er nog.")
    expect(box).to_have_value(words)

    # Back online: the same text goes out and the input empties.
    page.unroute("**/api/conversations/*/messages")
    box.focus()
    page.keyboard.press("Enter")
    expect(log.locator(".scamhelp-resident").last).to_contain_text(words)
    expect(box).to_have_value("")


def test_an_answer_lost_on_the_way_is_asked_again_and_counts_once(
    page: Page, live_database_url: str
) -> None:
    """The gateway took and answered the message, but the answer never reached the phone
    (a gateway worker that stopped mid-answer, a lost signal): the widget sends it once
    more with the same key, and the resident sees one message and one answer."""
    log = open_demo(page)
    sent: list[dict[str, str]] = []

    def lose_the_first_answer(route: Route) -> None:
        sent.append(route.request.post_data_json)
        if len(sent) == 1:
            route.fetch()  # the gateway stores and answers it ...
            route.abort()  # ... and the answer is lost on the way
        else:
            route.continue_()

    page.route("**/api/conversations/*/messages", lose_the_first_answer)
    words = f"{PHISHING} ({marker(6)})"
    message_box(page).fill(words)
    page.keyboard.press("Enter")
    expect(log.get_by_text(re.compile("Dit lijkt op phishing", re.IGNORECASE))).to_have_count(1)
    expect(log.locator(".scamhelp-resident")).to_have_count(1)
    expect(message_box(page)).to_have_value("")
    assert len(sent) == 2 and sent[0]["client_key"] == sent[1]["client_key"]
    assert sent[0]["text"] == sent[1]["text"] == words
    engine = create_engine(live_database_url)
    with Session(engine) as session:
        stored = session.scalar(select(func.count()).where(Message.text == words))
    engine.dispose()
    assert stored == 1
