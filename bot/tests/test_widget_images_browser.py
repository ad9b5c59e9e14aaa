"""The widget's image button (bot/widget/widget-images.js) in a real browser (Debian's
Chromium) against a live gateway process that reads screenshots with its real OCR
(Tesseract), in front of the fake Rasa: what the assistant says after the reading does
not matter here, so no trained model is needed."""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator

import pytest
from PIL import Image, ImageDraw, ImageFont
from playwright.sync_api import Browser, FilePayload, Locator, Page, Request, expect

from bot import texts
from bot.tests.browser_helpers import serious_violations
from bot.tests.conftest import serve_gateway
from bot.tests.fake_rasa import GREETING, FakeRasa
from bot.tests.test_widget_browser import browser, new_page  # noqa: F401  (fixture)

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SMS = ("ING: uw pas verloopt vandaag.", "Verleng via https://ing-pasverlengen.com")
BUTTON = "Stuur een foto of schermafbeelding"
DROP_HINT = "Laat los om de afbeelding te sturen."
KEY = "scamhelp.conversation"
MB = 1024 * 1024


def scam_sms_png() -> bytes:
    """A screenshot of a scam SMS: large black letters on white."""
    font = ImageFont.truetype(FONT, 28)
    picture = Image.new("RGB", (820, 150), "white")
    draw = ImageDraw.Draw(picture)
    for number, line in enumerate(SMS):
        draw.text((30, 30 + 50 * number), line, font=font, fill="black")
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


PNG = scam_sms_png()


@pytest.fixture(scope="module")
def gateway(fake_rasa_server: FakeRasa, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The gateway as its own process, as `live_gateway` starts it, but in front of the
    fake Rasa: it starts in seconds and needs no model."""
    folder = tmp_path_factory.mktemp("images")
    database = f"sqlite:///{folder / 'gateway.db'}"
    with serve_gateway(fake_rasa_server.url, database, folder) as url:
        yield url


def chooser_page(browser: Browser, gateway: str, **options: object) -> Page:  # noqa: F811
    page = new_page(browser, gateway, **options)
    # File choosers are intercepted from the start: expect_file_chooser() turns that on
    # without waiting for Chromium to confirm, and Enter clicks as the key goes down (Space
    # as it comes up). A chooser opened before the interception is on is cancelled at once
    # (headless has no dialog to show): Enter failed in about one run in three.
    page.on("filechooser", lambda chooser: None)
    return page


@pytest.fixture
def page(browser: Browser, gateway: str, fake_rasa: FakeRasa) -> Iterator[Page]:  # noqa: F811
    page = chooser_page(browser, gateway)
    try:
        yield page
    finally:
        page.context.close()


def open_demo(page: Page) -> Locator:
    page.goto("/demo")
    log = page.get_by_role("log")
    expect(log).to_contain_text(GREETING)
    expect(image_button(page)).to_be_visible()
    return log


def image_button(page: Page) -> Locator:
    return page.get_by_role("button", name=BUTTON)


def message_box(page: Page) -> Locator:
    return page.get_by_role("textbox", name="Je bericht")


def uploads_of(page: Page) -> list[Request]:
    """The requests to the images endpoint from now on."""
    seen: list[Request] = []
    page.on("request", lambda r: seen.append(r) if r.url.endswith("/images") else None)
    return seen


def last_notice(log: Locator) -> Locator:
    """The words of the newest notice (without the screen reader's 'Assistent: ')."""
    return log.locator(".scamhelp-notice .scamhelp-text").last


def read_replies(log: Locator) -> Locator:
    return log.locator(".scamhelp-bot .scamhelp-text", has_text=texts.IMAGE_READ_INTRO)


def expect_read(log: Locator, count: int) -> None:
    """`count` readings on screen, the newest right after the resident's picture, and
    nothing left waiting."""
    expect(read_replies(log)).to_have_count(count)
    expect(log.locator(".scamhelp-wait")).to_have_count(0)
    newest = log.locator(".scamhelp-upload + .scamhelp-bot .scamhelp-text").last
    expect(newest).to_have_text(re.compile("^" + re.escape(texts.IMAGE_READ_INTRO)))
    expect(newest).to_contain_text("pasverlengen")


def choose(page: Page, key: str, *files: FilePayload) -> None:
    """Press `key` on the focused image button and pick `files` in the file chooser."""
    with page.expect_file_chooser() as chosen:
        page.keyboard.press(key)
    chooser = chosen.value
    assert chooser.is_multiple()
    chooser.set_files(list(files))


def png_file(name: str = "sms.png", data: bytes = PNG) -> FilePayload:
    return {"name": name, "mimeType": "image/png", "buffer": data}


# A File made in the page from base64, in a DataTransfer; then a paste on the text box or
# drag events and a drop on the chat, as the browser sends them. Returns whether the
# widget took the event (defaultPrevented) and whether the drop hint showed and went.
DISPATCH = """([how, b64, name, type, plain]) => {
  const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
  const dt = new DataTransfer();
  dt.items.add(new File([bytes], name, {type}));
  if (plain) dt.setData('text/plain', plain);
  const init = {bubbles: true, cancelable: true};
  if (how === 'paste') {
    const event = new ClipboardEvent('paste', {...init, clipboardData: dt});
    document.querySelector('.scamhelp-input').dispatchEvent(event);
    return {taken: event.defaultPrevented, hinted: false};
  }
  const log = document.querySelector('.scamhelp-log');
  log.dispatchEvent(new DragEvent('dragenter', {...init, dataTransfer: dt}));
  log.dispatchEvent(new DragEvent('dragover', {...init, dataTransfer: dt}));
  const hint = document.querySelector('.scamhelp-drop');
  const hinted = !hint.hidden && hint.getBoundingClientRect().height > 0;
  const event = new DragEvent('drop', {...init, dataTransfer: dt});
  log.dispatchEvent(event);
  return {taken: event.defaultPrevented, hinted: hinted && hint.hidden};
}"""


def dispatch(
    page: Page,
    how: str,
    data: bytes = PNG,
    name: str = "sms.png",
    kind: str = "image/png",
    plain: str = "",
) -> dict[str, bool]:
    b64 = base64.b64encode(data).decode("ascii")
    return dict(page.evaluate(DISPATCH, [how, b64, name, kind, plain]))


def test_a_screenshot_chosen_with_the_keyboard_is_read_and_not_kept(
    page: Page, fake_rasa: FakeRasa
) -> None:
    log = open_demo(page)
    uploads = uploads_of(page)
    words = "Is dit echt van mijn bank?"
    box = message_box(page)
    box.fill(words)
    box.focus()
    page.keyboard.press("Tab")
    expect(image_button(page)).to_be_focused()
    choose(page, "Enter", png_file())

    mine = log.locator(".scamhelp-resident").last
    expect(mine).to_contain_text("Afbeelding verstuurd")
    expect(mine).to_contain_text(words)
    expect_read(log, 1)
    expect(box).to_have_value("")
    assert len(uploads) == 1
    assert uploads[0].headers["content-type"].startswith("multipart/form-data; boundary=")
    # The resident's words went along (Chromium does not show a file's bytes in the
    # request): the assistant got them first, then what was read.
    cid = page.evaluate(f"sessionStorage.getItem('{KEY}')")
    [told] = fake_rasa.messages(cid)
    assert told.startswith(words) and "pasverlengen" in told

    # The thumbnail came from an object URL that is revoked once drawn; nothing of the
    # picture is in the page's storage.
    thumb = mine.locator("img.scamhelp-thumb")
    expect(thumb).to_be_visible()
    src = thumb.get_attribute("src") or ""
    assert src.startswith("blob:")
    fetched = page.evaluate("(u) => fetch(u).then(() => 'kept', () => 'revoked')", src)
    assert fetched == "revoked"
    kept = page.evaluate("[Object.keys(sessionStorage), localStorage.length]")
    assert set(kept[0]) <= {KEY, "scamhelp.linkOffered"} and kept[1] == 0

    # With the reading and its thumbnail on screen.
    assert serious_violations(page) == []


def test_too_large_or_not_an_image_is_refused_in_dutch_and_the_widget_goes_on(
    page: Page,
) -> None:
    log = open_demo(page)
    uploads = uploads_of(page)
    button = image_button(page)

    # Refused in the browser, in the gateway's words, before anything is uploaded.
    button.focus()
    choose(page, " ", png_file("groot.png", PNG + b"\0" * (10 * MB)))
    expect(last_notice(log)).to_have_text(texts.IMAGE_TOO_LARGE)
    button.focus()
    letter: FilePayload = {
        "name": "brief.pdf",
        "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4",
    }
    choose(page, "Enter", letter)
    expect(last_notice(log)).to_have_text(texts.NOT_AN_IMAGE)
    button.focus()
    choose(page, "Enter", *(png_file(f"sms{n}.png") for n in range(5)))
    expect(last_notice(log)).to_have_text(texts.TOO_MANY_IMAGES.format(limit=4))
    assert uploads == []

    # Refused by the gateway (a picture cut off on the way): its envelope's message, no
    # bubble of a picture that was not taken, nothing left waiting.
    button.focus()
    choose(page, "Enter", png_file("kapot.png", PNG[: len(PNG) // 2]))
    expect(last_notice(log)).to_have_text(texts.IMAGE_BROKEN)
    expect(log.locator(".scamhelp-upload")).to_have_count(0)
    expect(log.locator(".scamhelp-wait")).to_have_count(0)
    assert len(uploads) == 1

    # The resident tries again and it works.
    button.focus()
    choose(page, "Enter", png_file())
    expect_read(log, 1)


def test_a_pasted_or_dropped_screenshot_is_sent(page: Page) -> None:
    log = open_demo(page)
    uploads = uploads_of(page)
    assert dispatch(page, "paste")["taken"]
    expect_read(log, 1)

    dropped = dispatch(page, "drop")
    assert dropped == {"taken": True, "hinted": True}
    expect_read(log, 2)

    # A dropped file that is no picture: a Dutch notice, nothing sent.
    assert dispatch(page, "drop", b"Beste klant", "brief.txt", "text/plain")["taken"]
    expect(last_notice(log)).to_have_text(texts.NOT_AN_IMAGE)
    # Text in the clipboard next to a picture (copied from a spreadsheet): pasted as text.
    assert not dispatch(page, "paste", plain="Beste klant, uw pas verloopt")["taken"]
    page.wait_for_timeout(300)
    assert len(uploads) == 2


def test_the_image_button_fits_a_phone_with_a_focus_ring_and_no_axe_findings(
    browser: Browser,  # noqa: F811
    gateway: str,
    fake_rasa: FakeRasa,
) -> None:
    page = chooser_page(browser, gateway, viewport={"width": 320, "height": 640})
    try:
        open_demo(page)
        button = image_button(page)
        box = button.bounding_box()
        assert box is not None
        assert box["width"] >= 44 and box["height"] >= 44
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        expect(button).to_contain_text("Foto")
        expect(button).to_have_attribute("title", BUTTON)

        message_box(page).focus()
        page.keyboard.press("Tab")
        expect(button).to_be_focused()
        ring = button.evaluate(
            "b => { const s = getComputedStyle(b); return [s.outlineStyle, s.outlineWidth]; }"
        )
        assert ring[0] != "none" and float(ring[1].rstrip("px")) >= 2
        assert serious_violations(page) == []
    finally:
        page.context.close()
