"""Resident text made harmless for volunteers: links defanged and never clickable.

The templates escape all HTML (Jinja2 autoescape); this module rewrites what a
browser, a mail program or a volunteer's copy-paste could still follow:
'https://' becomes 'hxxps://', dots in host names become '[.]'.
"""

from __future__ import annotations

import re

SCHEME = re.compile(r"\b(h)tt(ps?)(:|%3a)", re.I)
OTHER_SCHEMES = re.compile(r"\b(ftp|file|javascript|data|mailto|tel|sms|whatsapp)(:)", re.I)
# host names: labels with letters/digits/dashes, ending in a 2+ letter top-level domain
HOST = re.compile(r"\b((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+)([a-z]{2,24})\b", re.I)
IPV4 = re.compile(r"\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b")
EMAIL_AT = re.compile(r"(?<=[\w.+-])@(?=[\w-]+\[\.\])")


def defang(text: str) -> str:
    text = SCHEME.sub(lambda m: f"{m[1]}xx{m[2]}{m[3]}", text)
    text = OTHER_SCHEMES.sub(lambda m: f"{m[1]}[:]", text)
    text = HOST.sub(lambda m: m[1].replace(".", "[.]") + m[2], text)
    text = IPV4.sub(lambda m: "[.]".join(m.groups()), text)
    return EMAIL_AT.sub("[at]", text)
