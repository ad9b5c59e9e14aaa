"""Resident text made harmless for volunteers: links defanged and never clickable.

The templates escape all HTML (Jinja2 autoescape); this module rewrites what a
browser, a mail program or a volunteer's copy-paste could still follow:
'https://' becomes 'hxxps://', dots in host names become '[.]'. Host names may be
in any script (ïng.nl) and use the full-width or ideographic dots a browser reads
as dots. Invisible characters a browser drops from a host name (zero-width space,
soft hyphen) and bidi controls that make text read in another order go first.
"""

from __future__ import annotations

import re

INVISIBLE = re.compile("[\u00ad\u180e\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
SCHEME = re.compile(r"\b(h)tt(ps?)(:|%3a)", re.I)
OTHER_SCHEMES = re.compile(r"\b(ftp|file|javascript|data|mailto|tel|sms|whatsapp)(:)", re.I)
DOT = "[.\uff0e\u3002\uff61]"
# host names: labels of letters, digits and dashes, ending in a 2+ letter top-level domain
HOST = re.compile(rf"\b((?:[^\W_](?:[\w-]{{0,61}}[^\W_])?{DOT})+)([^\W\d_]{{2,24}})\b")
IPV4 = re.compile(r"\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b")
EMAIL_AT = re.compile(r"(?<=[\w.+-])@(?=[\w-]+\[\.\])")


def defang(text: str) -> str:
    text = INVISIBLE.sub("", text)
    text = SCHEME.sub(lambda m: f"{m[1]}xx{m[2]}{m[3]}", text)
    text = OTHER_SCHEMES.sub(lambda m: f"{m[1]}[:]", text)
    text = HOST.sub(lambda m: re.sub(DOT, "[.]", m[1]) + m[2], text)
    text = IPV4.sub(lambda m: "[.]".join(m.groups()), text)
    return EMAIL_AT.sub("[at]", text)
