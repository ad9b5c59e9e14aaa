"""Campaign codes and the links residents follow: the widget page and a Telegram deep link.

Codes follow Telegram's deep-link rules (1-64 characters of A-Z, a-z, 0-9, _ and -), so one
code works in both links and needs no escaping in a URL.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Collection
from urllib.parse import urlsplit

from bot.campaigns.labels import UNKNOWN

MAX_CODE_LENGTH = 64
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Codes the figures use themselves; a campaign may not take them.
RESERVED_CODES = frozenset({UNKNOWN})


class InvalidCode(ValueError):
    """A code a campaign cannot have; the message is Dutch, for the console."""


def is_valid_code(code: str) -> bool:
    """True for a code a link may carry (Telegram's rules); reserved words included."""
    return CODE_PATTERN.fullmatch(code) is not None


def validate_code(code: str) -> str:
    """The code for a new campaign (surrounding spaces removed), or InvalidCode."""
    code = code.strip()
    if not code:
        raise InvalidCode("Vul een code in.")
    if len(code) > MAX_CODE_LENGTH:
        raise InvalidCode(f"Een code heeft hoogstens {MAX_CODE_LENGTH} tekens.")
    if not is_valid_code(code):
        raise InvalidCode(
            "Gebruik in de code alleen letters (a-z, A-Z), cijfers, - en _. "
            "Geen spaties en geen letters met accenten."
        )
    if code.lower() in RESERVED_CODES:
        raise InvalidCode(f"De code '{code}' is al in gebruik. Kies een andere code.")
    return code


def suggest_code(name: str, taken: Collection[str] = ()) -> str:
    """A valid code made from a campaign name ('Laat je niet interneppen!' ->
    'laat-je-niet-interneppen'), with -2, -3, ... when the code is taken."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    slug = slug[:MAX_CODE_LENGTH].rstrip("-") or "campagne"
    if slug in RESERVED_CODES:
        slug = "campagne-" + slug
    taken_lower = {code.lower() for code in taken}
    candidate, number = slug, 1
    while candidate.lower() in taken_lower:
        number += 1
        suffix = f"-{number}"
        candidate = slug[: MAX_CODE_LENGTH - len(suffix)].rstrip("-") + suffix
    return candidate


def web_link(public_url: str, code: str) -> str:
    """The short link that opens the widget page with the campaign attached."""
    return f"{public_url.rstrip('/')}/c/{code}"


def telegram_link(bot_username: str, code: str) -> str:
    """The Telegram deep link: the bot receives '/start <code>'."""
    return f"https://t.me/{bot_username.lstrip('@')}?start={code}"


def campaign_label(code: str | None, known_codes: Collection[str]) -> str:
    """How a conversation's campaign code is counted: the code itself when a campaign has
    it, 'onbekend' for any other code (a typo, an old poster, made-up text), '' for none."""
    if not code:
        return ""
    return code if code in known_codes else UNKNOWN


LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain"})


def unreachable_address(public_url: str) -> bool:
    """True when PUBLIC_URL is an address residents' phones cannot reach: loopback,
    a private network, link-local, or a bare 'localhost'. Links and QR codes made with
    it would fail on every poster."""
    host = (urlsplit(public_url).hostname or "").lower()
    if not host or host in LOCAL_NAMES or host.endswith((".local", ".internal", ".lan")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a domain name: fine
    return address.is_loopback or address.is_private or address.is_link_local
