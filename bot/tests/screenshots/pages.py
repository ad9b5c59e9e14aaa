"""The HTML of one screenshot: a message filled into its app's template (templates/)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template

from bot.tests.screenshots.messages import SUBJECTS, ScamMessage

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Trailing punctuation after a link is the sentence's, not the link's (as apps decide).
TRAILING = ".,;:!?)'\""
AVATAR_COLOURS = ("#1a73e8", "#e8710a", "#188038", "#a142f4", "#d93025", "#12a4af")
# The fake pages' brand colours (background, text); others get a neutral blue.
BRANDS = {
    "ING": ("#ff6200", "#ffffff"),
    "PostNL": ("#ed7000", "#ffffff"),
    "DHL Express": ("#ffcc00", "#d40511"),
    "Belastingdienst": ("#154273", "#ffffff"),
    "Tikkie": ("#3f51e0", "#ffffff"),
    "Windows Defender": ("#0067b8", "#ffffff"),
    "NordicCoinvest": ("#0f766e", "#ffffff"),
}
DEFAULT_BRAND = ("#1d4f91", "#ffffff")
# A page whose message names no domain still has an address in the bar.
FALLBACK_HOST = "185.73.12.40"


@dataclass(frozen=True)
class Bubble:
    text: str
    outgoing: bool  # sent by the resident (a reply), not received


@dataclass(frozen=True)
class Scene:
    """What a screenshot shows beyond the message: chrome that is not part of the truth."""

    clock: str  # e.g. '14:05', in the status bar and next to the bubbles
    battery: int  # percent
    status_bar: bool
    date: str  # the e-mail's date line


@cache
def template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


@cache
def stylesheet(name: str) -> str:
    return (TEMPLATES / "common.css").read_text(encoding="utf-8") + (TEMPLATES / name).read_text(
        encoding="utf-8"
    )


def link_pattern(message: ScamMessage) -> re.Pattern[str] | None:
    """Whole tokens holding one of the message's domains (with scheme, www, path or an
    e-mail address around it) and its phone numbers: what the apps underline."""
    parts = [rf"\S*{re.escape(domain)}\S*" for domain in message.domains]
    parts += [re.escape(phone) for phone in message.phones]
    return re.compile("|".join(parts)) if parts else None


def linkify(text: str, message: ScamMessage) -> str:
    """The text as HTML, its links and phone numbers marked as the apps show them."""
    pattern = link_pattern(message)
    if pattern is None:
        return html.escape(text)
    out: list[str] = []
    start = 0
    for match in pattern.finditer(text):
        token = match.group(0)
        link = token.rstrip(TRAILING)
        out.append(html.escape(text[start : match.start()]))
        out.append(f'<span class="link">{html.escape(link)}</span>')
        out.append(html.escape(token[len(link) :]))
        start = match.end()
    out.append(html.escape(text[start:]))
    return "".join(out)


def paragraphs(text: str, message: ScamMessage, *, links: bool = True) -> str:
    lines = text.split("\n")
    return "".join(
        f"<p>{linkify(line, message) if links else html.escape(line)}</p>" for line in lines
    )


def status_bar(scene: Scene) -> str:
    if not scene.status_bar:
        return ""
    return template("statusbar.html").substitute(clock=scene.clock, battery=scene.battery)


def avatar(name: str) -> tuple[str, str]:
    """The letter in the sender's circle (a '#' for a bare number) and its colour."""
    letter = next((c.upper() for c in name if c.isalpha()), "#")
    colour = AVATAR_COLOURS[sum(map(ord, name)) % len(AVATAR_COLOURS)]
    return letter, colour


def is_number(sender: str) -> bool:
    return sender.lstrip("+").replace(" ", "").isdigit()


def sms_page(theme: str, message: ScamMessage, bubbles: Sequence[Bubble], scene: Scene) -> str:
    letter, colour = avatar(message.sender)
    rows = "".join(
        template("sms-bubble.html").substitute(
            direction="out" if bubble.outgoing else "in",
            text="<br>".join(linkify(line, message) for line in bubble.text.split("\n")),
            time=scene.clock,
        )
        for bubble in bubbles
    )
    return template("sms.html").substitute(
        css=stylesheet("sms.css"),
        theme=theme,
        status_bar=status_bar(scene),
        avatar=letter,
        avatar_color=colour,
        sender=html.escape(message.sender),
        clock=scene.clock,
        bubbles=rows,
    )


def whatsapp_page(theme: str, message: ScamMessage, bubbles: Sequence[Bubble], scene: Scene) -> str:
    rows = "".join(
        template("whatsapp-bubble.html").substitute(
            direction="out" if bubble.outgoing else "in",
            text="<br>".join(linkify(line, message) for line in bubble.text.split("\n")),
            time=scene.clock,
            ticks='<span class="ticks">✓✓</span>' if bubble.outgoing else "",
        )
        for bubble in bubbles
    )
    unknown = template("whatsapp-unknown.html").substitute() if is_number(message.sender) else ""
    return template("whatsapp.html").substitute(
        css=stylesheet("whatsapp.css"),
        theme=theme,
        status_bar=status_bar(scene),
        sender=html.escape(message.sender),
        unknown=unknown,
        bubbles=rows,
    )


def email_page(message: ScamMessage, bubbles: Sequence[Bubble], scene: Scene) -> str:
    name, _, address = message.sender.partition(" <")
    letter, colour = avatar(name)
    return template("email.html").substitute(
        css=stylesheet("email.css"),
        subject=html.escape(SUBJECTS.get(message.key, "(geen onderwerp)")),
        account="W",
        unread=3,
        avatar=letter,
        avatar_color=colour,
        name=html.escape(name),
        address=html.escape(address.rstrip(">")),
        date=scene.date,
        body="".join(paragraphs(bubble.text, message) for bubble in bubbles),
    )


def web_page(message: ScamMessage, bubbles: Sequence[Bubble], scene: Scene) -> str:
    background, text = BRANDS.get(message.sender, DEFAULT_BRAND)
    host = message.domains[0] if message.domains else FALLBACK_HOST
    path = "/verificatie" if message.domains else "/alert/index.html"
    return template("web.html").substitute(
        css=stylesheet("web.css"),
        brand=html.escape(message.sender),
        brand_color=background,
        brand_text=text,
        url=f"{host}{path}",
        # On a web page a domain in the text is plain text, not an underlined link.
        body="".join(paragraphs(bubble.text, message, links=False) for bubble in bubbles),
    )


def page_html(style: str, message: ScamMessage, bubbles: Sequence[Bubble], scene: Scene) -> str:
    """The whole page for one of the corpus's styles ('sms-light', ..., 'web')."""
    app, _, theme = style.partition("-")
    if app == "sms":
        return sms_page(theme, message, bubbles, scene)
    if app == "whatsapp":
        return whatsapp_page(theme, message, bubbles, scene)
    if app == "email":
        return email_page(message, bubbles, scene)
    if app == "web":
        return web_page(message, bubbles, scene)
    raise ValueError(f"unknown style {style!r}")
