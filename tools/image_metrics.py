"""How well a screenshot was read, against what a perfect reader would read.

- Character error rate: edit distance between the truth and the best-matching stretch
  of the read text, divided by the truth's length (whitespace collapsed first, since
  bubbles break lines differently). The app's own text around the message (header,
  sender, times) is not counted against the reader; text inside the stretch is.
- Domains and IBANs recovered exactly: every link's registered domain appears as a
  host in the read text (itself or a subdomain of it), and every IBAN as an IBAN with
  the same characters."""

from __future__ import annotations

import re

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

HOST = re.compile(r"(?<![\w.-])((?:[a-z0-9-]+\.)+[a-z]{2,24})(?![\w-])", re.I)
IBAN_TEXT = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b")


def collapse(text: str) -> str:
    return " ".join(text.split())


def character_error_rate(truth: str, read: str) -> float:
    """Semi-global edit distance: the read text may have more around the truth."""
    truth, read = collapse(truth), collapse(read)
    if not truth:
        return 0.0
    previous = [0] * (len(read) + 1)  # starting anywhere in the read text is free
    for i, t in enumerate(truth, 1):
        current = [i] + [0] * len(read)
        for j, r in enumerate(read, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (t != r))
        previous = current
    return min(previous) / len(truth)  # ending anywhere is free too


def hosts(text: str) -> set[str]:
    return {h.lower() for h in HOST.findall(text)}


def domain_found(domain: str, read: str) -> bool:
    domain = domain.lower()
    return any(h == domain or h.endswith("." + domain) for h in hosts(read))


def ibans(text: str) -> set[str]:
    found = set()
    for match in IBAN_TEXT.findall(text):
        compact = re.sub(r"\s", "", match)
        try:
            IBAN(compact)
        except SchwiftyException:
            continue
        found.add(compact)
    return found


def iban_found(iban: str, read: str) -> bool:
    return re.sub(r"\s", "", iban) in ibans(read)
