"""A deterministic synthetic stream of scam messages that residents paste into the assistant.

It is for testing and benchmarking the clustering of pasted messages into "waves": a wave is
one scam campaign (near-duplicate texts) that many residents report within some days. Each
:class:`Report` carries its ground-truth wave label, or ``None`` for an unrelated one-off.

This is team-written synthetic data, not real messages. The templates in wave_stream_texts.py
were written by the team after reading public descriptions of Dutch scam campaigns; they keep
the traits (a fake bank's formal 'u', urgency, small fees, tracking codes, lookalike domains,
shortened links) but not the words. All names, numbers, IBANs and domains are made up.

``stream(seed, variant)``:

- variant ``"main"``: 308 reports in the 12 waves of :data:`WAVES` (8 to 40 each) plus 57
  one-offs, over 30 days (``minute`` counts from the start; the list is in time order), some
  waves busy in the last 7 days;
- variant ``"holdout"``: the same 12 campaign ideas and plan, written with a separate set of
  template sentences, plus its own 56 one-offs: for checking thresholds on unseen wording.

Within a wave texts vary as real campaigns do: greeting, sender tag, codes, amounts, dates,
names; one or two sentences reworded, sometimes two swapped or one left out, a short form,
a typo, all lower case. About 3 in 10 reports have the resident's own words in ``own_words``
(a part before and a part after the message are joined by " … "); in half of those they are
also in ``text``, around the message, as pasted in one go. Link domains change per day in
some waves, per report in others, or are shortened links; in some waves a phone number or an
IBAN is the stable element. Confusable on purpose: ``postnl-fee``/``postnl-address``,
``ing-pass``/``ing-update`` and ``belasting-refund``/``toeslagen-nabetaling`` are pairs of
different campaigns in one organisation's name, and several one-offs share a wave's topic.
Numbers that residents give as their own never equal a scammer's number.

The same seed gives the same list; another seed gives other surface variants of the same
waves.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.tests import wave_stream_texts as texts
from bot.tests.wave_stream_texts import Campaign

try:
    from schwifty import IBAN as _SchwiftyIBAN
except ImportError:  # pragma: no cover - the bot venv has it
    _SchwiftyIBAN = None


@dataclass(frozen=True)
class Report:
    text: str  # the scam message as the resident pasted it
    wave: str | None  # ground-truth wave label; None for an unrelated one-off message
    resident: str  # a resident id like "r017"
    minute: int  # minutes since the stream started (non-decreasing order in the list)
    own_words: str = ""  # optional words of the resident around it


# label, reports, first day, days it runs, how front-loaded the reports are (1: evenly)
_PLAN: tuple[tuple[str, int, int, float, float], ...] = (
    ("postnl-fee", 40, 2, 20, 1.3),
    ("postnl-address", 24, 18, 9, 1.8),
    ("belasting-refund", 34, 5, 9, 2.0),
    ("toeslagen-nabetaling", 16, 24, 5, 1.5),
    ("cjib-fine", 20, 10, 6, 1.8),
    ("ing-pass", 38, 8, 10, 1.6),
    ("ing-update", 28, 14, 9, 1.6),
    ("hoi-mam", 32, 0, 30, 1.0),
    ("digid-expiry", 26, 23, 6.9, 1.4),
    ("marktplaats-shipping", 30, 3, 25, 1.0),
    ("kpn-bill", 12, 16, 4, 1.5),
    ("bol-prize", 8, 26, 3.9, 1.2),
)
WAVES: tuple[str, ...] = tuple(plan[0] for plan in _PLAN)
DAYS = 30
_DAY = 1440
_START = datetime(2025, 3, 3)  # minute 0, a Monday
_VARIANTS = {
    "main": (texts.MAIN, texts.ONE_OFFS_MAIN),
    "holdout": (texts.HOLDOUT, texts.ONE_OFFS_HOLDOUT),
}
_ALNUM = string.ascii_letters + string.digits


def stream(seed: int = 0, variant: str = "main") -> list[Report]:
    """The reports of one synthetic stream, in time order; the same for the same arguments."""
    if variant not in _VARIANTS:
        raise ValueError(f"unknown variant {variant!r}: use 'main' or 'holdout'")
    campaigns, one_offs = _VARIANTS[variant]
    rng = random.Random(seed) if variant == "main" else random.Random(f"holdout/{seed}")
    numbers = _Numbers(rng)
    drafts: list[_Draft] = []
    for label, size, first_day, span, power in _PLAN:
        wave = _Wave(campaigns[label], rng, numbers)
        start = max(0, first_day + rng.randint(-1, 1)) * _DAY
        minutes = sorted(
            min(DAYS * _DAY - 1, start + int(span * _DAY * rng.random() ** power))
            for _ in range(size)
        )
        for minute in minutes:
            fills = _Fills(_makers(rng, numbers, wave, minute))
            text = _noisy(_render(wave, fills, rng), rng)
            drafts.append(_Draft(minute, label, len(drafts), text, len(drafts)))
    for template in one_offs:
        minute = rng.randrange(DAYS * _DAY)
        text = _noisy(template.format_map(_Fills(_makers(rng, numbers, None, minute))), rng)
        drafts.append(_Draft(minute, None, len(drafts), text, len(drafts)))
    _share_residents(drafts, rng)
    _add_own_words(drafts, rng, numbers)
    drafts.sort(key=lambda d: (d.minute, d.order))
    ids: dict[int, str] = {}
    for draft in drafts:
        ids.setdefault(draft.resident, f"r{len(ids) + 1:03d}")
    return [Report(d.text, d.wave, ids[d.resident], d.minute, d.own_words) for d in drafts]


@dataclass
class _Draft:
    minute: int
    wave: str | None
    order: int  # creation order: ties in minute keep it
    text: str
    resident: int  # a key; ids are given in order of first appearance
    own_words: str = ""


class _Numbers:
    """Phone numbers as keys ('0612345678', '447700900123'); scammers' and residents' never
    coincide."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.scam: set[str] = set()
        self.own: set[str] = set()

    def _draw(self, foreign: bool, taken: set[str]) -> str:
        while True:
            if foreign:
                key = "447" + _digits(self.rng, 9)
            else:
                key = "06" + str(self.rng.randint(1, 5)) + _digits(self.rng, 7)
            if key not in self.scam and key not in self.own:
                taken.add(key)
                return key

    def scammer(self, foreign: bool = False) -> str:
        return self._draw(foreign, self.scam)

    def resident(self) -> str:
        return self._draw(False, self.own)


class _Wave:
    """The per-stream state of one campaign: its base wording and its stable elements."""

    def __init__(self, campaign: Campaign, rng: random.Random, numbers: _Numbers) -> None:
        self.campaign = campaign
        self.base = [rng.randrange(len(alternatives)) for alternatives in campaign.lines]
        self.hosts = [stem + tld for stem in campaign.domains for tld in texts.TLDS]
        self.fixed = rng.choice(self.hosts) if self.hosts else ""
        self.by_day: dict[int, str] = {}
        self.phones = [numbers.scammer(), numbers.scammer(foreign=True)][: campaign.phones]
        self.iban = _iban(rng)
        self.holder = _name(rng)

    def link(self, minute: int, rng: random.Random) -> str:
        mode, day = self.campaign.link, minute // _DAY
        if mode == "short" or not self.hosts or (mode == "daily" and rng.random() < 0.12):
            return _short_link(rng)
        if mode == "daily":
            if day not in self.by_day:
                self.by_day[day] = rng.choice(self.hosts)
            host = self.by_day[day]
        elif mode == "fixed":
            host = self.fixed
        else:
            host = rng.choice(self.hosts)
        code = rng.choice((_digits(rng, 4), _letters(rng, 5).lower()))
        path = rng.choice(("", "", "/", "/nl", f"/{code}", f"/?id={code}", "/login"))
        return rng.choice(("", "", "https://", "www.")) + host + path


class _Fills(dict):
    """Placeholder values made on first use, so a report's {code} is the same everywhere."""

    def __init__(self, makers: dict[str, Callable[[], str]]) -> None:
        super().__init__()
        self.makers = makers

    def __missing__(self, key: str) -> str:
        self[key] = value = self.makers[key]()
        return value


def _makers(
    rng: random.Random, numbers: _Numbers, wave: _Wave | None, minute: int
) -> dict[str, Callable[[], str]]:
    amounts = wave.campaign.amounts if wave else (5.0, 450.0)

    def phone() -> str:
        key = rng.choice(wave.phones) if wave else numbers.scammer(rng.random() < 0.3)
        return _phone_text(key, rng)

    return {
        "first": lambda: rng.choice(texts.FIRST_NAMES),
        "buyer": lambda: rng.choice(texts.FIRST_NAMES),
        "last": lambda: rng.choice(texts.LAST_NAMES),
        "name": lambda: _name(rng),
        "holder": lambda: wave.holder if wave else _name(rng),
        "iban": lambda: _iban_text(wave.iban if wave else _iban(rng), rng),
        "phone": phone,
        "link": lambda: wave.link(minute, rng) if wave else _short_link(rng),
        "shortlink": lambda: _short_link(rng),
        "amount": lambda: _money(
            round(rng.uniform(*amounts), 2) if len(amounts) == 2 else rng.choice(amounts), rng
        ),
        "date": lambda: _date(minute, rng),
        "track": lambda: "3S" + _letters(rng, 4) + _digits(rng, 9),
        "code": lambda: _letters(rng, 2) + _digits(rng, 6),
        "cjib": lambda: str(rng.randint(1, 9)) + _digits(rng, 15),
        "pin": lambda: _digits(rng, 6),
        "parent": lambda: rng.choice(texts.PARENTS),
        "item": lambda: rng.choice(texts.ITEMS),
        "prize": lambda: rng.choice(texts.PRIZES),
        "toeslag": lambda: rng.choice(texts.TOESLAGEN),
    }


def _render(wave: _Wave, fills: _Fills, rng: random.Random) -> str:
    """One report's message: the wave's base wording with this report's variations."""
    campaign = wave.campaign
    if campaign.short and rng.random() < 0.09:
        return rng.choice(campaign.short).format_map(fills)
    picks = list(wave.base)
    for line in rng.sample(range(len(picks)), rng.choice((0, 0, 1, 1, 1, 2))):
        picks[line] = rng.randrange(len(campaign.lines[line]))
    drop = 0.35 if len(campaign.optional) > 2 else 0.25
    order = [i for i in range(len(picks)) if i not in campaign.optional or rng.random() > drop]
    if campaign.swap and rng.random() < 0.25 and all(i in order for i in campaign.swap):
        a, b = (order.index(i) for i in campaign.swap)
        order[a], order[b] = order[b], order[a]
    greeting = rng.choice(campaign.greetings) if rng.random() < 0.65 else ""
    head = " ".join(part for part in (rng.choice(campaign.tags), greeting) if part)
    closing = rng.choice(campaign.closings) if rng.random() < 0.6 else ""
    body = [campaign.lines[i][picks[i]] for i in order]
    separator = "\n" if campaign.mail and rng.random() < 0.7 else " "
    return separator.join(part for part in (head, *body, closing) if part).format_map(fills)


def _noisy(text: str, rng: random.Random) -> str:
    """Now and then a synonym, a typo or two, or the whole text in lower case."""
    if rng.random() < 0.2:
        found = [word for word in texts.SYNONYMS if re.search(rf"\b{re.escape(word)}\b", text)]
        if found:
            word = rng.choice(found)
            other = rng.choice(texts.SYNONYMS[word])
            text = re.sub(rf"\b{re.escape(word)}\b", other, text, count=1)
    if rng.random() < 0.12:
        for _ in range(rng.choice((1, 1, 2))):
            text = _typo(text, rng)
    if rng.random() < 0.05:
        text = text.lower()
    return text


def _typo(text: str, rng: random.Random) -> str:
    """A letter dropped or two letters swapped in one word of five letters or more."""
    parts = re.split(r"(\s+)", text)
    spots = [i for i, part in enumerate(parts) if len(part) >= 5 and part.isalpha()]
    if not spots:
        return text
    i = rng.choice(spots)
    word, j = parts[i], rng.randrange(1, len(parts[i]) - 1)
    if rng.random() < 0.5:
        parts[i] = word[:j] + word[j + 1 :]
    else:
        parts[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    return "".join(parts)


def _share_residents(drafts: list[_Draft], rng: random.Random) -> None:
    """Mostly one resident per report; a few report one wave twice, a few two waves (or a
    wave and a one-off)."""
    by_wave = {label: [d for d in drafts if d.wave == label] for label in WAVES}
    touched: set[int] = set()

    def reuse(source: _Draft, candidates: list[_Draft]) -> bool:
        later = [d for d in candidates if d.minute > source.minute and d.order not in touched]
        if source.order in touched or not later:
            return False
        target = rng.choice(later)
        target.resident = source.resident
        touched.update((source.order, target.order))
        return True

    for label in rng.sample([p[0] for p in _PLAN if p[1] >= 20], 5):
        for _ in range(50):
            if reuse(rng.choice(by_wave[label][:-3]), by_wave[label]):
                break
    one_offs = [d for d in drafts if d.wave is None]
    for count, pick in ((6, lambda: by_wave[rng.choice(WAVES)]), (3, lambda: one_offs)):
        made = 0
        for _ in range(200):
            first, second = rng.choice(WAVES), pick()
            if made == count:
                break
            if second is not by_wave[first]:
                made += reuse(rng.choice(by_wave[first]), second)


def _add_own_words(drafts: list[_Draft], rng: random.Random, numbers: _Numbers) -> None:
    """The resident's own words for about 3 in 10 reports, in the text for half of those."""
    phones: dict[int, str] = {}
    for draft in drafts:
        if rng.random() >= 0.3:
            continue
        before = rng.choice(texts.OWN_BEFORE) if rng.random() < 0.6 else ""
        after = rng.choice(texts.OWN_AFTER) if not before or rng.random() < 0.5 else ""
        if "{own_phone}" in after:
            if draft.resident not in phones:
                phones[draft.resident] = numbers.resident()
            after = after.replace("{own_phone}", _phone_text(phones[draft.resident], rng))
        parts = [part for part in (before, after) if part]
        draft.own_words = " … ".join(parts)
        if rng.random() < 0.5:
            separator = rng.choice(("\n", " "))
            draft.text = separator.join(part for part in (before, draft.text, after) if part)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(n))


def _name(rng: random.Random) -> str:
    return f"{rng.choice(texts.FIRST_NAMES)} {rng.choice(texts.LAST_NAMES)}"


def _short_link(rng: random.Random) -> str:
    path = "".join(rng.choice(_ALNUM) for _ in range(rng.randint(5, 7)))
    return f"{rng.choice(('', 'https://'))}{rng.choice(texts.SHORTENERS)}/{path}"


def _phone_text(key: str, rng: random.Random) -> str:
    """A number written one of the ways people write it."""
    n = key[2:]
    if key.startswith("44"):
        return rng.choice((f"+44 {n[:4]} {n[4:]}", f"+44{n}", f"+44 {n}"))
    spaced = f"{n[:4]} {n[4:]}"
    forms = (f"06 {spaced}", f"06{n}", f"06-{n}", f"+31 6 {n}", f"+316{n}", f"+31 6 {spaced}")
    return rng.choice(forms)


def _iban(rng: random.Random) -> str:
    """A valid Dutch IBAN (mod-97 check digits; the account passes the eleven test)."""
    bank = rng.choice(texts.BANKS)
    while True:
        account = str(rng.randrange(10**9, 10**10))
        if sum(int(d) * (10 - i) for i, d in enumerate(account)) % 11 == 0:
            break
    if _SchwiftyIBAN is not None:
        return str(_SchwiftyIBAN.generate("NL", bank_code=bank, account_code=account))
    digits = "".join(str(int(ch, 36)) for ch in bank + account + "NL00")
    return f"NL{98 - int(digits) % 97:02d}{bank}{account}"


def _iban_text(iban: str, rng: random.Random) -> str:
    grouped = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return iban if rng.random() < 0.5 else grouped


def _money(value: float, rng: random.Random) -> str:
    whole, cents = f"{value:.2f}".split(".")
    amount = f"{int(whole):,}".replace(",", ".") + "," + cents
    return rng.choice((f"€{amount}", f"€ {amount}", f"EUR {amount}", f"{amount} euro"))


def _date(minute: int, rng: random.Random) -> str:
    """A deadline one to four days after the report."""
    day = _START + timedelta(minutes=minute, days=rng.randint(1, 4))
    month = texts.MONTHS[day.month - 1]
    weekday, numeric = texts.WEEKDAYS[day.weekday()], f"{day.day:02d}-{day.month:02d}-{day.year}"
    forms = (
        f"{day.day} {month}",
        numeric,
        f"{weekday} {day.day} {month}",
        f"{day.day}/{day.month}",
    )
    return rng.choice(forms)
