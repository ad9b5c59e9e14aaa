"""The widget for everyone (issue 17), in Debian's Chromium against a live gateway in
front of the fake Rasa: read aloud, the glossary, pictograms, the urgent step in view,
the launcher, reflow and zoom, reduced motion. What the assistant says is scripted here;
the real assistant's urgent answer is in test_widget_browser.py."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from bot.languages.texts import NOT_DUTCH_NL
from bot.tests.browser_helpers import serious_violations
from bot.tests.conftest import serve_gateway
from bot.tests.fake_rasa import GREETING, FakeRasa, text
from bot.tests.test_widget_browser import browser, new_page  # noqa: F401  (fixture)
from common.glossary import load as glossary

URGENT = (
    "Dit is nu het belangrijkst: bel meteen je eigen bank. "
    "Gebruik het nummer op je bankpas of in je bank-app."
)
MORE = "Dit is stap {n}. " + "Lees dit rustig door, het is een lange uitleg. " * 6
ANSWER = (
    [text(URGENT)]
    + [text(MORE.format(n=n)) for n in range(2, 8)]
    + [text("Wil je hulp?", ("Praat met een vrijwilliger", "/ask_human"), ("Nee", "/deny"))]
)
PAID = "Ik heb 500 euro betaald aan de bank"
SHORT = "Check de afzender. Twijfel je? Klik weg. Kijk op politie.nl of bel 0900-8844."
LAUNCHER = "Hulp bij oplichting: open de chat"
FORWARD = (
    "Stuur het bericht door naar de Fraudehelpdesk en bewaar een screenshot. "
    "Heb je betaald? Bel dan je bank."
)
ACCOUNT = "Noteer het rekeningnummer van de oplichter. Bel je bank."
ADDRESSES = (
    "Mail valse-email@fraudehelpdesk.nl of kijk op fraudehelpdesk.nl. Of bel de Fraudehelpdesk."
)
EXPLAINED = glossary().entry_for("rekeningnummer")
assert EXPLAINED is not None

# A speech synthesis that records what it is asked to say: headless Chromium has no
# voices. It keeps 'speaking' until cancelled or __finishSpeaking() is called.
SPEECH = """(voices) => {
  const spoken = []; window.__spoken = spoken; window.__cancelled = 0;
  class Utterance { constructor(text) { this.text = text; this.lang = ''; this.voice = null; } }
  const synth = {
    speaking: false, queue: [], current: null,
    getVoices() { return voices; },
    speak(u) {
      spoken.push({text: u.text, lang: u.lang}); this.queue.push(u);
      if (!this.speaking) this.next();
    },
    next() {
      const u = this.queue.shift();
      this.current = u || null; this.speaking = !!u;
      if (u) this.timer = setTimeout(() => u.onstart && u.onstart({}), 0);
    },
    cancel() {
      window.__cancelled++; this.queue = []; clearTimeout(this.timer);
      const u = this.current; this.current = null; this.speaking = false;
      if (u && u.onend) u.onend({});
    },
    addEventListener() {},
  };
  window.__finishSpeaking = () => {
    const u = synth.current; if (u && u.onend) u.onend({}); synth.next();
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = Utterance;
}"""
NL_NL = [{"name": "Nederlands", "lang": "nl-NL", "localService": True}]


@pytest.fixture(scope="module")
def gateway(fake_rasa_server: FakeRasa, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("access")
    with serve_gateway(fake_rasa_server.url, f"sqlite:///{folder / 'gateway.db'}", folder) as url:
        yield url


def speaking_page(
    chromium: Browser, gateway: str, voices: list[dict] | None = None, **options: object
) -> Page:
    page = new_page(chromium, gateway, **options)
    if voices is not None:
        page.add_init_script(f"({SPEECH})({json.dumps(voices)})")
    return page


@pytest.fixture
def page(browser: Browser, gateway: str, fake_rasa: FakeRasa) -> Iterator[Page]:  # noqa: F811
    fake_rasa.on(PAID, *ANSWER)
    fake_rasa.on(re.compile("politie"), text(SHORT))
    fake_rasa.on(re.compile("rekening"), text(ACCOUNT))
    fake_rasa.on(re.compile("mailen"), text(ADDRESSES))
    fake_rasa.on(re.compile("met het bericht"), text(FORWARD))
    page = speaking_page(browser, gateway, NL_NL)
    try:
        yield page
    finally:
        page.context.close()


def open_demo(page: Page, mode: str = "inline") -> Locator:
    page.goto("/demo" if mode == "inline" else "/demo?mode=launcher")
    if mode == "launcher":
        page.get_by_role("button", name=LAUNCHER).click()
    log = page.get_by_role("log")
    expect(log).to_contain_text(GREETING)
    return log


def send(page: Page, words: str) -> None:
    box = page.get_by_role("textbox", name="Je bericht")
    box.fill(words)
    box.press("Enter")


def in_view(log: Locator, item: Locator) -> bool:
    """True when the item's top and at least 40 px of it are inside the log's visible box."""
    box, view = item.bounding_box(), log.bounding_box()
    assert box and view
    return view["y"] - 1 <= box["y"] and box["y"] + 40 <= view["y"] + view["height"]


# --- the urgent step in view -----------------------------------------------------------
def test_the_urgent_bubble_stays_in_view_when_eight_come_at_once(page: Page) -> None:
    page.emulate_media(reduced_motion="reduce")
    log = open_demo(page)
    send(page, PAID)
    expect(log.get_by_role("button", name="Praat met een vrijwilliger")).to_be_visible()
    urgent = log.locator(".scamhelp-msg", has_text="Dit is nu het belangrijkst")
    page.wait_for_timeout(300)
    assert in_view(log, urgent)
    # The last bubble is below, out of sight: the log did not jump to the end.
    assert not in_view(log, log.locator(".scamhelp-msg").last)
    # In the order they are read: the urgent step is the first new bubble after the
    # resident's own, inside the live log.
    order = log.locator(".scamhelp-msg").evaluate_all(
        "items => items.map(i => i.getAttribute('data-role') + ':'"
        " + i.querySelector('.scamhelp-text').textContent)"
    )
    mine = order.index(f"resident:{PAID}")
    assert order[mine + 1].startswith("bot:Dit is nu het belangrijkst")
    assert log.get_attribute("aria-live") == "polite"


def test_a_short_answer_shows_whole_and_a_reload_ends_at_the_last_bubble(page: Page) -> None:
    page.emulate_media(reduced_motion="reduce")
    log = open_demo(page)
    send(page, PAID)
    expect(log.get_by_role("button", name="Praat met een vrijwilliger")).to_be_visible()
    send(page, "Waar doe ik aangifte, politie?")
    last = log.locator(".scamhelp-msg").last
    expect(last).to_contain_text("Klik weg")
    page.wait_for_timeout(300)
    assert in_view(log, last)
    page.reload()
    log = page.get_by_role("log")
    expect(log.locator(".scamhelp-msg").last).to_contain_text("Klik weg")
    page.wait_for_timeout(300)
    assert in_view(log, log.locator(".scamhelp-msg").last)


# --- read aloud ------------------------------------------------------------------------
def test_read_aloud_speaks_the_bubble_in_dutch_and_stops(page: Page) -> None:
    log = open_demo(page)
    send(page, "Waar doe ik aangifte, politie?")
    bubble = log.locator(".scamhelp-msg", has_text="Check de afzender")
    read = bubble.get_by_role("button", name="Lees dit bericht voor")
    read.click()
    spoken = page.evaluate("window.__spoken")
    assert spoken[-1]["lang"] == "nl-NL"
    # Links by their name, numbers in groups: not letter by letter.
    assert spoken[-1]["text"] == (
        "Check de afzender. Twijfel je? Klik weg. Kijk op politie punt nl of bel 0900 8844."
    )
    stop = bubble.get_by_role("button", name="Stop met voorlezen")
    expect(stop).to_be_visible()
    stop.click()
    assert page.evaluate("window.__cancelled") >= 1
    expect(bubble.get_by_role("button", name="Lees dit bericht voor")).to_be_visible()
    # Escape stops it too.
    read.click()
    expect(stop).to_be_visible()
    cancelled = page.evaluate("window.__cancelled")
    page.keyboard.press("Escape")
    assert page.evaluate("window.__cancelled") == cancelled + 1
    expect(bubble.get_by_role("button", name="Lees dit bericht voor")).to_be_visible()


def test_read_everything_reads_each_new_bubble_and_the_log_stops_announcing(page: Page) -> None:
    log = open_demo(page)
    switch = page.get_by_role("switch", name="Lees alles voor")
    expect(switch).to_have_attribute("aria-checked", "false")
    switch.click()
    expect(switch).to_have_attribute("aria-checked", "true")
    # A screen reader would read the new bubbles too: the live region is off meanwhile.
    assert log.get_attribute("aria-live") == "off"
    before = len(page.evaluate("window.__spoken"))
    send(page, PAID)
    expect(log.get_by_role("button", name="Praat met een vrijwilliger")).to_be_visible()
    spoken = page.evaluate("window.__spoken")[before:]
    assert spoken[0]["text"].startswith("Dit is nu het belangrijkst")
    assert len(spoken) == len(ANSWER) and {s["lang"] for s in spoken} == {"nl-NL"}
    switch.click()
    assert log.get_attribute("aria-live") == "polite"
    assert page.evaluate("window.__cancelled") >= 1


@pytest.mark.parametrize(
    ("voices", "lang"),
    [
        ([], None),
        ([{"name": "English", "lang": "en-GB", "localService": True}], None),
        # A voice of an online service would send the conversation there.
        ([{"name": "Online", "lang": "nl-NL", "localService": False}], None),
        ([{"name": "Vlaams", "lang": "nl_BE", "localService": True}], "nl-BE"),
    ],
)
def test_read_aloud_only_with_a_dutch_voice_on_the_device(
    browser: Browser,  # noqa: F811
    gateway: str,
    voices: list[dict],
    lang: str | None,
) -> None:
    page = speaking_page(browser, gateway, voices)
    try:
        log = open_demo(page)
        page.wait_for_timeout(500)
        buttons = log.get_by_role("button", name="Lees dit bericht voor")
        if lang is None:
            assert buttons.count() == 0
            assert page.get_by_role("switch", name="Lees alles voor").count() == 0
        else:
            buttons.first.click()
            assert page.evaluate("window.__spoken")[-1]["lang"] == lang
    finally:
        page.context.close()


def test_no_voice_at_all_shows_no_read_button(browser: Browser, gateway: str) -> None:  # noqa: F811
    # Headless Chromium as it is: speechSynthesis without voices.
    page = speaking_page(browser, gateway)
    try:
        log = open_demo(page)
        page.wait_for_timeout(500)
        assert log.get_by_role("button", name="Lees dit bericht voor").count() == 0
    finally:
        page.context.close()


# --- the glossary -----------------------------------------------------------------------
def test_a_hard_word_opens_its_explanation_as_a_disclosure(page: Page) -> None:
    log = open_demo(page)
    send(page, "Welk rekeningnummer?")
    bubble = log.locator(".scamhelp-msg", has_text="Noteer het")
    term = bubble.get_by_role("button", name="rekeningnummer: uitleg")
    info = bubble.locator(".scamhelp-term-info")
    expect(term).to_have_attribute("aria-expanded", "false")
    expect(info).to_be_hidden()
    assert term.get_attribute("aria-controls") == info.get_attribute("id")
    # The text reads as before: the word is a button inside it.
    expect(bubble.locator(".scamhelp-text")).to_have_text(ACCOUNT)
    # Tapped: open, and it stays open; tapped again: closed.
    term.click()
    expect(info).to_be_visible()
    expect(info).to_have_text(f"{EXPLAINED.term}: {EXPLAINED.explanation}")
    expect(term).to_have_attribute("aria-expanded", "true")
    page.get_by_role("textbox", name="Je bericht").focus()
    expect(info).to_be_visible()
    term.click()
    expect(info).to_be_hidden()
    # Reached with the keyboard: shown while focused; Enter keeps it; Escape closes it.
    page.get_by_role("textbox", name="Je bericht").focus()
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        if term.evaluate("b => b === document.activeElement"):
            break
    expect(term).to_be_focused()
    expect(info).to_be_visible()
    page.keyboard.press("Shift+Tab")
    expect(info).to_be_hidden()
    page.keyboard.press("Tab")
    expect(info).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(info).to_be_visible()
    term.focus()
    page.keyboard.press("Escape")
    expect(info).to_be_hidden()
    expect(term).to_have_attribute("aria-expanded", "false")
    # Read aloud: the bubble's words, not the explanation.
    term.click()
    bubble.get_by_role("button", name="Lees dit bericht voor").click()
    assert page.evaluate("window.__spoken")[-1]["text"] == ACCOUNT


def test_one_button_per_word_and_never_in_the_residents_own_words(page: Page) -> None:
    log = open_demo(page)
    send(page, "Welk rekeningnummer?")
    expect(log.locator(".scamhelp-term")).to_have_count(1)
    # The resident's own words are never marked.
    assert log.locator(".scamhelp-resident .scamhelp-term").count() == 0
    # Nor a part of an e-mail address or a website: only the word itself.
    send(page, "Waar kan ik dat mailen?")
    bubble = log.locator(".scamhelp-msg", has_text="Mail valse-email")
    expect(bubble.locator(".scamhelp-term")).to_have_count(1)
    expect(bubble.locator(".scamhelp-term")).to_have_text("Fraudehelpdesk")
    expect(bubble.locator(".scamhelp-text")).to_have_text(ADDRESSES)


# --- pictograms ------------------------------------------------------------------------
def test_pictograms_sit_beside_the_steps_with_their_words(page: Page) -> None:
    log = open_demo(page)
    send(page, PAID)
    urgent = log.locator(".scamhelp-msg", has_text="Dit is nu het belangrijkst")
    badge = urgent.locator(".scamhelp-step")
    expect(badge).to_have_text("Bel je bank")
    assert badge.locator("svg[data-step='bank']").count() == 1
    volunteer = log.get_by_role("button", name="Praat met een vrijwilliger")
    assert volunteer.locator("svg[data-step='volunteer'][aria-hidden='true']").count() == 1
    send(page, "Waar doe ik aangifte, politie?")
    short = log.locator(".scamhelp-msg", has_text="Check de afzender")
    # 'bel 0900-8844' is no 'bel je bank': the step this text names is 'Klik weg'.
    expect(short.locator(".scamhelp-step")).to_have_text("Klik weg")
    # A step named only at the end of a bubble about something else gets no icon.
    send(page, "Wat doe ik met het bericht?")
    later = log.locator(".scamhelp-msg", has_text="Stuur het bericht door")
    expect(later).to_contain_text("Bel dan je bank.")
    assert later.locator(".scamhelp-step").count() == 0


# --- other languages, honestly -------------------------------------------------------
FOREIGN = {
    "en": "Someone called me from the bank and I gave them my code, what should I do?",
    "tr": "Bankadan bir mesaj geldi, hesabım bloke olmuş diyor. Ne yapmalıyım?",
    "ar": "وصلتني رسالة من البنك تقول إن حسابي محظور. ماذا أفعل؟",
    "pl": "Dostałem SMS-a z banku, że moje konto jest zablokowane. Co mam zrobić?",
    "uk": "Мені прийшло повідомлення від банку, що мій рахунок заблоковано. Що робити?",
}
MIXED = "ik kreeg een sms: your parcel is waiting, klik hier. Wat moet ik doen?"


@pytest.mark.parametrize("lang", FOREIGN)
def test_a_message_that_is_not_dutch_gets_the_honest_answer_in_both_languages(
    page: Page, fake_rasa: FakeRasa, lang: str
) -> None:
    log = open_demo(page)
    send(page, FOREIGN[lang])
    other = log.locator(f".scamhelp-text[lang='{lang}']")
    expect(other).to_have_count(1)
    expect(other).to_contain_text("088-786 73 72")
    assert other.get_attribute("dir") == ("rtl" if lang == "ar" else None)
    dutch = log.locator(".scamhelp-msg", has_text="Ik werk alleen in het Nederlands")
    expect(dutch.locator(".scamhelp-text")).to_have_text(NOT_DUTCH_NL)
    expect(log.get_by_role("button", name="Praat met een vrijwilliger")).to_be_visible()
    # The Dutch bubble comes first, in view; the other is read in its own language: with
    # only a Dutch voice on the device it gets no 'Lees voor', and no Dutch glossary.
    order = log.locator(".scamhelp-msg").evaluate_all(
        "items => items.map(i => i.querySelector('.scamhelp-text').lang || 'nl')"
    )
    assert order[-2:] == ["nl", lang]
    other_bubble = log.locator(".scamhelp-msg", has=other)
    assert other_bubble.get_by_role("button", name="Lees dit bericht voor").count() == 0
    assert other_bubble.locator(".scamhelp-term, .scamhelp-step").count() == 0
    assert FOREIGN[lang] not in fake_rasa.messages()
    assert serious_violations(page) == []


def test_dutch_with_an_english_phrase_goes_to_the_assistant(
    page: Page, fake_rasa: FakeRasa
) -> None:
    fake_rasa.on(MIXED, text("Dit lijkt op phishing."))
    log = open_demo(page)
    send(page, MIXED)
    expect(log.locator(".scamhelp-msg").last).to_contain_text("Dit lijkt op phishing.")
    assert log.locator(".scamhelp-text[lang]").count() == 0
    assert MIXED in fake_rasa.messages()


# --- the launcher ----------------------------------------------------------------------
def test_the_launcher_is_a_dialog_that_starts_the_conversation_when_opened(page: Page) -> None:
    page.goto("/demo?mode=launcher")
    launcher = page.get_by_role("button", name=LAUNCHER)
    expect(launcher).to_have_attribute("aria-expanded", "false")
    page.wait_for_timeout(500)
    # A page view alone starts no conversation.
    assert page.evaluate("sessionStorage.getItem('scamhelp.conversation')") is None
    assert page.get_by_role("dialog").count() == 0
    launcher.click()
    dialog = page.get_by_role("dialog", name="Hulp bij oplichting")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("log")).to_contain_text(GREETING)
    expect(page.get_by_role("textbox", name="Je bericht")).to_be_focused()
    assert dialog.get_attribute("aria-modal") == "true"
    dialog.get_by_role("button", name="Sluit de chat").click()
    expect(dialog).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")


def test_the_launcher_with_the_keyboard_only(page: Page) -> None:
    page.goto("/demo?mode=launcher")
    launcher = page.get_by_role("button", name=LAUNCHER)
    expect(launcher).to_be_visible()
    for _ in range(10):
        page.keyboard.press("Tab")
        if launcher.evaluate("b => b === document.activeElement"):
            break
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    box = page.get_by_role("textbox", name="Je bericht")
    expect(box).to_be_focused()
    expect(page.get_by_role("log")).to_contain_text(GREETING)
    page.keyboard.type(PAID)
    page.keyboard.press("Enter")
    volunteer = page.get_by_role("button", name="Praat met een vrijwilliger")
    expect(volunteer).to_be_visible()
    # Tab reaches the answer button and never leaves the dialog.
    dialog = page.get_by_role("dialog")
    for _ in range(80):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('[role=dialog]') !== null")
        if volunteer.evaluate("b => b === document.activeElement"):
            break
    expect(volunteer).to_be_focused()
    # Just before it: its bubble's read-aloud button.
    page.keyboard.press("Shift+Tab")
    read = page.locator(".scamhelp-msg", has=volunteer).get_by_role(
        "button", name="Lees dit bericht voor"
    )
    expect(read).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("window.__spoken")[-1] == {"text": "Wil je hulp?", "lang": "nl-NL"}
    # Escape first stops the voice, and leaves the dialog open.
    page.keyboard.press("Escape")
    expect(dialog).to_be_visible()
    assert page.evaluate("window.__cancelled") >= 1
    page.keyboard.press("Tab")
    expect(volunteer).to_be_focused()
    page.keyboard.press("Space")
    expect(volunteer).to_be_disabled()
    # A hard word: back from the text box to it, open its explanation, read the bubble.
    expect(box).to_be_focused()
    page.keyboard.type("Welk rekeningnummer?")
    page.keyboard.press("Enter")
    bubble = page.locator(".scamhelp-msg", has_text="Noteer het")
    term = bubble.get_by_role("button", name="rekeningnummer: uitleg")
    expect(term).to_be_visible()
    for _ in range(20):
        page.keyboard.press("Shift+Tab")
        if term.evaluate("b => b === document.activeElement"):
            break
    expect(term).to_be_focused()
    page.keyboard.press("Enter")
    expect(term).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(bubble.get_by_role("button", name="Lees dit bericht voor")).to_be_focused()
    expect(bubble.locator(".scamhelp-term-info")).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("window.__spoken")[-1] == {"text": ACCOUNT, "lang": "nl-NL"}
    page.keyboard.press("Escape")  # stops the voice
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")  # closes the dialog
    expect(dialog).to_be_hidden()
    expect(launcher).to_be_focused()


# --- axe, reflow and zoom, reduced motion ---------------------------------------------
@pytest.mark.parametrize("mode", ["inline", "launcher"])
def test_no_serious_accessibility_findings(page: Page, mode: str) -> None:
    log = open_demo(page, mode)
    send(page, PAID)
    expect(log.get_by_role("button", name="Praat met een vrijwilliger")).to_be_visible()
    assert serious_violations(page) == []
    # With a glossary explanation open, and while a bubble is read aloud.
    send(page, "Welk rekeningnummer?")
    log.get_by_role("button", name="rekeningnummer: uitleg").click()
    expect(log.locator(".scamhelp-term-info")).to_be_visible()
    log.get_by_role("button", name="Lees dit bericht voor").last.click()
    expect(log.get_by_role("button", name="Stop met voorlezen")).to_be_visible()
    assert serious_violations(page) == []


VIEWS = {
    "phone 320": {"viewport": {"width": 320, "height": 640}},
    # A 640 x 480 window at 200% zoom: 320 x 240 CSS pixels, two device pixels each.
    "zoom 200%": {"viewport": {"width": 320, "height": 240}, "device_scale_factor": 2},
}
# Every control the widget shows: none may be cut off or out of reach (the launcher
# button lies under its open panel on purpose; it was pressed to open it).
CONTROLS = (
    ".scamhelp-widget button:not([disabled]), .scamhelp-widget textarea,"
    " .scamhelp-launcher[aria-expanded='false']"
)
REACHABLE = """(selector) => {
  const width = document.documentElement.clientWidth;
  const bad = [];
  for (const c of document.querySelectorAll(selector)) {
    if (!c.getClientRects().length || c.closest('[hidden]')) continue;
    c.scrollIntoView({block: 'center', inline: 'nearest'});
    const r = c.getBoundingClientRect();
    const x = Math.max(0, r.left + r.width / 2);
    const y = Math.max(0, r.top + Math.min(r.height / 2, 10));
    const at = document.elementFromPoint(x, y);
    if (r.left < -0.5 || r.right > width + 0.5 || !(at && (at === c || c.contains(at))))
      bad.push((c.getAttribute('aria-label') || c.textContent || c.tagName).trim().slice(0, 40));
  }
  return bad;
}"""


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("mode", ["inline", "launcher"])
def test_reflow_without_sideways_scrolling_and_every_control_reachable(
    browser: Browser,  # noqa: F811
    gateway: str,
    fake_rasa: FakeRasa,
    view: str,
    mode: str,
) -> None:
    fake_rasa.on(PAID, *ANSWER)
    page = speaking_page(browser, gateway, NL_NL, reduced_motion="reduce", **VIEWS[view])
    try:
        log = open_demo(page, mode)
        send(page, PAID)
        expect(log.get_by_role("button", name="Praat met een vrijwilliger")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert (
            page.evaluate(
                # Nothing cut off sideways inside a box either (screen-reader-only text aside).
                "Array.from(document.querySelectorAll('.scamhelp-widget *:not(.scamhelp-sr)'))"
                ".filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX"
                " !== 'visible' && e.tagName !== 'TEXTAREA').map(e => e.className)"
            )
            == []
        )
        assert page.evaluate(REACHABLE, CONTROLS) == []
    finally:
        page.context.close()


def test_reduced_motion_is_respected(browser: Browser, gateway: str) -> None:  # noqa: F811
    for motion, scrolling in (("reduce", "auto"), ("no-preference", "smooth")):
        page = speaking_page(browser, gateway, NL_NL, reduced_motion=motion)
        try:
            page.goto("/demo?mode=launcher")
            page.get_by_role("button", name=LAUNCHER).click()
            expect(page.get_by_role("log")).to_contain_text(GREETING)
            assert (
                page.evaluate(
                    "getComputedStyle(document.querySelector('.scamhelp-log')).scrollBehavior"
                )
                == scrolling
            )
            animation = page.evaluate(
                "getComputedStyle(document.querySelector('.scamhelp-panel')).animationName"
            )
            assert (animation == "none") == (motion == "reduce")
        finally:
            page.context.close()
