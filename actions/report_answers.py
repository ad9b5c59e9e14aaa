"""Reading a resident's answers to the report form: dates, amounts, IBANs and choices.

Plain functions over the answer text, so that the form (actions/report_form.py) stays
about the order of questions and the tests can try every phrasing. Each reader returns
what the draft shows, in Dutch, or None when it cannot read the answer (the form then
asks once more, and the second time keeps the answer as the resident gave it).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

import dateparser
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from common.case_facts import already_done
from common.masking import IBAN_PATTERN

_DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_DAY = "|".join(_DAYS)
_MONTH = (
    r"jan(?:uari)?|feb(?:ruari)?|maa(?:rt)?|apr(?:il)?|mei|jun(?:i)?|jul(?:i)?"
    r"|aug(?:ustus)?|sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_UNITS = {
    "nul": 0,
    "een": 1,
    "één": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "zestien": 16,
    "zeventien": 17,
    "achttien": 18,
    "negentien": 19,
}
# Counts in words ('twee dagen geleden', 'drie keer 100 euro').
_COUNT_WORDS = {word: n for word, n in _UNITS.items() if 1 <= n <= 10}

# One date expression inside an answer ('het was vorige week dinsdag rond 3 uur').
_DATE_EXPRESSION = re.compile(
    rf"\b(?:"
    rf"(?:vorige|afgelopen) week (?:{_DAY})|(?:{_DAY}) (?:van )?vorige week"
    rf"|(?:vorige|afgelopen|laatste) (?:{_DAY}|week|maand|weekend)|vorig weekend"
    rf"|(?:(?:{_DAY}) )?\d{{1,2}} (?:{_MONTH})\.?(?: \d{{4}})?"
    rf"|\d{{1,2}}[-/.]\d{{1,2}}(?:[-/.]\d{{2,4}})?"
    rf"|(?:\d+|{'|'.join(_COUNT_WORDS)}) (?:dag|dagen|week|weken|maand|maanden) geleden"
    rf"|eergisteren|gisteren|gister|vandaag|vanochtend|vanmorgen|vanmiddag|vanavond|vannacht"
    rf"|(?:{_DAY})"
    rf")\b",
    re.IGNORECASE,
)

_STOP = re.compile(
    r"^\W*(stop|stoppen|stop maar|ik wil stoppen|ik stop|hou op|houd op|laat maar"
    r"|laat maar zitten|annuleer|annuleren|afbreken|ik wil niet meer|niet meer verder"
    r"|ik wil geen aangifte|toch geen aangifte|stop ermee|kappen|ophouden)\W*$",
    re.IGNORECASE,
)
_UNKNOWN = re.compile(
    r"^\W*(weet ik niet|weet niet|weet niet meer|ik weet het niet|ik weet het niet meer"
    r"|weet ik niet meer"
    r"|geen idee|geen flauw idee|kweenie|weetniet|onbekend|vergeten|ben ik vergeten"
    r"|dat weet ik niet|idk|\?+)\W*$",
    re.IGNORECASE,
)
_SKIP = re.compile(
    r"^\W*(sla over|sla maar over|overslaan|skip|volgende|volgende vraag|liever niet"
    r"|dat zeg ik liever niet|geen antwoord|n\.?v\.?t\.?|niet van toepassing|-)\W*$",
    re.IGNORECASE,
)
_YES = re.compile(
    r"^\W*(ja|jawel|jazeker|ja hoor|jep|yes|ja helaas|helaas wel|klopt|dat klopt|zeker|wel)\b",
    re.I,
)
_NO = re.compile(
    r"^\W*(nee|neen|nope|nee hoor|no|niet|nog niet|niks|niets|geen geld|gelukkig niet)\b", re.I
)

# Secrets a resident might type anyway: never kept in the draft.
_SECRET = re.compile(
    r"\b((?:pin|pincode|pin-code|code|inlogcode|sms-code|smscode|verificatiecode"
    r"|wachtwoord|password|wachtwoorden|tan-code|beveiligingscode)\b"
    # The secret itself: after 'is' / 'was' / ':', or any word with a digit in it
    # ('pincode 4512'); never the next word of a sentence ('pincode gegeven').
    r"(?:\W{0,3}(?:is|was|:)\W{0,3}|\W{1,3}(?=[^\s,;.]*\d)))"
    r"([^\s,;.]{3,})",
    re.IGNORECASE,
)
SECRET_MARK = "[weggelaten]"


def is_stop(text: str) -> bool:
    return bool(_STOP.match(text.strip()))


def is_unknown(text: str) -> bool:
    return bool(_UNKNOWN.match(text.strip()))


def is_skip(text: str) -> bool:
    return bool(_SKIP.match(text.strip()))


def yes_or_no(text: str) -> bool | None:
    """A yes or no at the start of the answer ('ja, 500 euro'), else None."""
    if _NO.match(text):
        return False
    if _YES.match(text):
        return True
    return None


def without_secrets(text: str) -> tuple[str, bool]:
    """The text with any code, PIN or password after its name left out, and whether one was."""
    cleaned, count = _SECRET.subn(lambda m: m.group(1) + SECRET_MARK, text)
    return cleaned, count > 0


def _normalised_date_phrase(phrase: str, today: date) -> date | None:
    phrase = phrase.lower().strip()
    if phrase in ("gister",):
        return today - timedelta(days=1)
    if phrase in ("vanochtend", "vanmorgen", "vanmiddag", "vanavond", "vannacht"):
        return today
    if phrase in ("vorig weekend", "afgelopen weekend", "vorige weekend", "laatste weekend"):
        return today - timedelta(days=(today.weekday() - 5) % 7 or 7)
    week_day = re.fullmatch(
        rf"(?:(?:vorige|afgelopen) week ({_DAY}))|(?:({_DAY}) (?:van )?vorige week)", phrase
    )
    if week_day:
        day = _DAYS.index(week_day.group(1) or week_day.group(2))
        monday_last_week = today - timedelta(days=today.weekday() + 7)
        return monday_last_week + timedelta(days=day)
    last_day = re.fullmatch(rf"(?:vorige|afgelopen|laatste) ({_DAY})", phrase)
    if last_day:
        back = (today.weekday() - _DAYS.index(last_day.group(1))) % 7 or 7
        return today - timedelta(days=back)
    if phrase in _DAYS:
        back = (today.weekday() - _DAYS.index(phrase)) % 7
        return today - timedelta(days=back)
    ago = re.fullmatch(r"(\w+) (dag|dagen|week|weken|maand|maanden) geleden", phrase)
    if ago and ago.group(1) in _COUNT_WORDS:
        phrase = f"{_COUNT_WORDS[ago.group(1)]} {ago.group(2)} geleden"
    parsed = dateparser.parse(
        phrase,
        languages=["nl"],
        settings={
            "PREFER_DATES_FROM": "past",
            "DATE_ORDER": "DMY",
            "RELATIVE_BASE": datetime.combine(today, datetime.min.time()),
        },
    )
    if parsed is None:
        return None
    found = parsed.date()
    # '14-11' said in January is last November, never a date still to come.
    if (
        found > today
        and re.fullmatch(r"[\d\s\-/.a-z]+", phrase)
        and not re.search(r"\d{4}", phrase)
    ):
        try:
            found = found.replace(year=found.year - 1)
        except ValueError:
            return None
    return found if found <= today else None


_TWO_DAYS_ONE_MONTH = re.compile(rf"\b(\d{{1,2}}) (en|of|t/m|tot) (\d{{1,2}}) ({_MONTH})\b", re.I)


def dates_in(text: str, today: date) -> list[date]:
    """Every date the answer names, in the order named ('3 en 4 december': both)."""
    text = _TWO_DAYS_ONE_MONTH.sub(r"\1 \4 \2 \3 \4", text)
    found: list[date] = []
    for match in _DATE_EXPRESSION.finditer(text):
        day = _normalised_date_phrase(match.group(0), today)
        if day is not None and day not in found:
            found.append(day)
    return found


def dutch_date(day: date, today: date) -> str:
    """'dinsdag 1 december 2026 (gisteren)': the date and, when close, how the resident knows it."""
    text = f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"
    relative = {0: "vandaag", 1: "gisteren", 2: "eergisteren"}.get((today - day).days)
    return f"{text} ({relative})" if relative else text


_FILLER = frozenset(
    "op om in en of de het was is dat denk ik geloof ongeveer rond t m tot van afgelopen".split()
)


def read_dates(text: str, today: date) -> str | None:
    days = dates_in(text, today)
    if not days:
        return None
    shown = " en ".join(dutch_date(day, today) for day in days)
    # Words beside the date ('rond 3 uur', 'in de avond') stay, for the police.
    rest = _DATE_EXPRESSION.sub("", _TWO_DAYS_ONE_MONTH.sub(r"\1 \4 \2 \3 \4", text))
    extra = len([w for w in re.findall(r"\w+", rest.lower()) if w not in _FILLER]) >= 2
    return f"{shown}. In mijn woorden: {text.strip()}" if extra else shown


# Amounts: '€ 1.250,50', '780 euro', '780,-', 'EUR 300', '2500', 'vijfhonderd euro'.
_NUMBER = r"\d{1,3}(?:[.\s]\d{3})+(?:,\d{1,2})?|\d+(?:[,.]\d{1,2})?"
_AMOUNT = re.compile(
    rf"(?:€|eur(?:o)?\b)\s*({_NUMBER})(?:,-)?|({_NUMBER})\s*(?:,-\s*)?(?:€|euro\b|eur\b|e\b|k\b|duizend\b)",
    re.IGNORECASE,
)
_TIMES = re.compile(r"\b(\d{1,2}|twee|drie|vier|vijf)\s*(?:x|keer|maal)\s*(?:€\s*)?$", re.I)
_BARE_NUMBER = re.compile(rf"^\W*({_NUMBER})(?:,-)?\W*$")
_TENS = {
    "twintig": 20,
    "dertig": 30,
    "veertig": 40,
    "vijftig": 50,
    "zestig": 60,
    "zeventig": 70,
    "tachtig": 80,
    "negentig": 90,
}


def _below_hundred(word: str) -> int | None:
    if word in _UNITS:
        return _UNITS[word]
    if word in _TENS:
        return _TENS[word]
    match = re.fullmatch(r"(\w+?)(?:en|ën)(\w+)", word)
    if match and match.group(1) in _UNITS and match.group(2) in _TENS:
        return _UNITS[match.group(1)] + _TENS[match.group(2)]
    return None


def number_from_words(text: str) -> int | None:
    """'vijfhonderd', 'tweeduizend vijfhonderd', 'duizend': a Dutch number in words."""
    words = re.sub(r"[\s-]+", "", text.lower())
    if not words:
        return None
    total = 0
    for part_name, factor in (("duizend", 1000), ("honderd", 100)):
        if part_name in words:
            head, words = words.split(part_name, 1)
            value = (
                1
                if head == ""
                else _below_hundred(head)
                if factor == 100
                else number_from_words(head)
            )
            if value is None:
                return None
            total += value * factor
    if words:
        rest = _below_hundred(words)
        if rest is None:
            return None
        total += rest
    return total


def _decimal(number: str) -> Decimal | None:
    number = number.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d{1,2})?", number):
        number = number.replace(".", "").replace(",", ".")
    else:
        number = number.replace(",", ".")
    try:
        return Decimal(number)
    except InvalidOperation:
        return None


def euros(amount: Decimal) -> str:
    """'€ 1.250,50' / '€ 780': Dutch money formatting."""
    whole = int(amount)
    cents = int((amount - whole) * 100)
    text = f"{whole:,}".replace(",", ".")
    return f"€ {text},{cents:02d}" if cents else f"€ {text}"


def read_amount(text: str) -> str | None:
    """The amounts named, in euros; several are listed with their total."""
    amounts: list[Decimal] = []
    for match in _AMOUNT.finditer(text):
        value = _decimal(match.group(1) or match.group(2))
        if value is None:
            continue
        unit = match.group(0).lower().rstrip()
        if unit.endswith(("k", "duizend")) and match.group(2):
            value *= 1000
        # '2x 2500 euro', 'drie keer 100 euro': that many payments of that amount.
        times = _TIMES.search(text[: match.start()])
        count = 1
        if times:
            word = times.group(1).lower()
            count = int(word) if word.isdigit() else _COUNT_WORDS.get(word, 1)
        amounts.extend([value] * max(1, min(count, 20)))
    if not amounts:
        bare = _BARE_NUMBER.match(text)
        if bare and (value := _decimal(bare.group(1))) is not None:
            amounts.append(value)
    if not amounts:
        words = re.sub(
            r"\b(euro|eur|ongeveer|zo'n|rond|bijna|ruim|in totaal|totaal)\b", " ", text.lower()
        )
        value_words = number_from_words(words.strip(" .,!"))
        if value_words:
            amounts.append(Decimal(value_words))
    amounts = [a for a in amounts if a > 0]
    if not amounts:
        return None
    if len(amounts) == 1:
        return euros(amounts[0])
    return f"{' + '.join(euros(a) for a in amounts)} (samen {euros(sum(amounts, Decimal(0)))})"


# The masker's pattern: what it would hide as an IBAN is what the form reads as one.
_IBAN_CANDIDATE = IBAN_PATTERN


def read_iban(text: str) -> tuple[str | None, bool]:
    """(IBAN as the draft shows it, whether its checksum holds); (None, False) if none found."""
    match = _IBAN_CANDIDATE.search(text)
    if match is None:
        return None, False
    raw = re.sub(r"\s", "", match.group(0)).upper()
    try:
        iban = IBAN(raw)
    except SchwiftyException:
        return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4)), False
    bank = iban.bank_name
    return (f"{iban.formatted} ({bank})" if bank else iban.formatted), True


_CONTACTS: tuple[tuple[str, str], ...] = (
    (r"whats\s?app|\bapp(je|te|jes)?\b|ge-?appt", "WhatsApp"),
    (r"\bsms(je|jes)?\b|sms-?bericht|tekstbericht|\bge-?sms", "SMS"),
    (r"e-?mail|\bmail(tje)?\b|gemaild", "E-mail"),
    (r"telefoon|gebeld|belde|\bbel\b|beller|opgebeld|telefonisch", "Telefoon (ik werd gebeld)"),
    (
        r"marktplaats|advertentie|\badv\b|vinted|2dehands|tweedehands",
        "Advertentie (Marktplaats of een andere site)",
    ),
    (r"webshop|website|\bsite\b|internet|online winkel", "Website of webshop"),
    (r"facebook|instagram|tiktok|snapchat|telegram|social|linkedin|\bx\b|twitter", "Social media"),
    (r"dating|tinder|lexa|relatieplanet|parship|bumble", "Datingsite of -app"),
    (r"\bbrief\b|\bpost\b|brievenbus", "Brief"),
    (r"deur|aan huis|langs(kwam|gekomen)", "Aan de deur"),
    (r"pop-?up|melding op (mijn|de) (scherm|computer)", "Melding op mijn scherm"),
)


def read_contact(text: str) -> str | None:
    found = [label for pattern, label in _CONTACTS if re.search(pattern, text, re.IGNORECASE)]
    if not found:
        return None
    labels = ", ".join(dict.fromkeys(found))
    # Details beside the channel (a name, a number, an app) stay in the resident's words.
    return labels if len(text.split()) <= 3 else f"{labels}. In mijn woorden: {text.strip()}"


_METHODS: tuple[tuple[str, str], ...] = (
    (
        r"\bpas\b.*(afgegeven|meegegeven|opgehaald|gegeven)|koerier|(afgegeven|meegegeven).*\bpas\b",
        "Bankpas afgegeven",
    ),
    (r"ideal|tikkie|betaalverzoek|betaallink", "Via een iDEAL- of Tikkie-link"),
    (r"crypto|bitcoin|\bbtc\b|usdt|ethereum|\beth\b|wallet|munt(en)?\b|binance|bitvavo", "Crypto"),
    (
        r"cadeaukaart|giftcard|gift card|cadeaubon|paysafe|steam|google play|apple|itunes"
        r"|bol(\.com)? ?bon|waardebon|tegoed",
        "Cadeaukaarten",
    ),
    (r"contant|cash|\bgeld meegegeven\b|in een envelop", "Contant geld"),
    (r"creditcard|credit card|visa|mastercard|american express|amex", "Creditcard"),
)
CRYPTO_METHOD = "Crypto"
# Ways of paying that never go to an account number: no IBAN question after them.
NO_ACCOUNT_METHODS = frozenset(
    {CRYPTO_METHOD, "Cadeaukaarten", "Contant geld", "Bankpas afgegeven", "Creditcard"}
)


# Read only in an answer to 'how did you pay?', never in a story ('ik kreeg een link van
# de bank' says nothing about how money went).
_ANSWER_ONLY_METHODS: tuple[tuple[str, str], ...] = (
    (r"\blink\b", "Via een iDEAL- of Tikkie-link"),
    (
        r"overgemaakt|overboeking|overmaken|bank|rekening|internetbankieren|bank-?app"
        r"|overgeboekt|gestort",
        "Overgemaakt naar een rekening",
    ),
)


def read_method(text: str, story: bool = False) -> str | None:
    """How the resident paid. `story`: the text is their story, not an answer to the
    question, so only clear words count (Tikkie, bitcoin, a courier for the card)."""
    patterns = _METHODS if story else (*_METHODS, *_ANSWER_ONLY_METHODS)
    for pattern, label in patterns:
        if re.search(pattern, text, re.IGNORECASE):
            return label
    return None


_DONE_WORDS: tuple[tuple[str, str], ...] = (
    (r"\bbank\b.*\bgebeld\b|\bgebeld\b.*\bbank\b|bank gebeld|bank ingelicht", "Mijn bank gebeld"),
    (
        r"(pas|kaart|rekening).*(geblokkeerd|blokkeren)|(geblokkeerd|blokkeren).*(pas|kaart)",
        "Mijn pas of rekening laten blokkeren",
    ),
    (r"digid.*(gestopt|geblokkeerd|stopgezet|opgezegd|ingetrokken)", "Mijn DigiD laten stoppen"),
    (r"wachtwoord(en)?.*(veranderd|gewijzigd|aangepast)", "Mijn wachtwoorden veranderd"),
    (r"fraudehelpdesk", "De Fraudehelpdesk gebeld"),
    (
        r"(contacten|vrienden|familie).*(gewaarschuwd|gezegd|verteld)|gewaarschuwd",
        "Mijn contacten gewaarschuwd",
    ),
    (
        r"\bgeblokt\b|(nummer|profiel|contact|afzender)\W+(\w+\W+){0,2}?geblokkeerd"
        r"|geblokkeerd\W+(\w+\W+){0,2}?(nummer|profiel|contact|afzender)",
        "De ander geblokkeerd",
    ),
)
_CASE_DONE_LABELS = {
    "bank_called": "Mijn bank gebeld",
    "card_blocked": "Mijn pas of rekening laten blokkeren",
    "digid_stopped": "Mijn DigiD laten stoppen",
    "police_reported": "Al een melding bij de politie gedaan",
}
NOTHING_YET = "Nog niets"


def read_done(text: str, known: tuple[str, ...] = ()) -> str | None:
    """What the resident already did, with what the case heard earlier."""
    labels = [_CASE_DONE_LABELS[k] for k in known if k in _CASE_DONE_LABELS]
    labels += [_CASE_DONE_LABELS[k] for k in already_done(text) if k in _CASE_DONE_LABELS]
    labels += [label for pattern, label in _DONE_WORDS if re.search(pattern, text, re.IGNORECASE)]
    labels = list(dict.fromkeys(labels))
    if not labels:
        if re.match(r"^\W*(nog )?(niets|niks|nee|nog niet|geen)\b", text, re.IGNORECASE):
            return NOTHING_YET
        return None
    return "; ".join(labels)


_EVIDENCE: tuple[tuple[str, str], ...] = (
    (r"schermafbeelding|screenshot|schermfoto|foto", "Schermafbeeldingen"),
    (r"bericht|chat|whatsapp|\bsms|\bmail|\bapp", "De berichten of de chat"),
    (
        r"belgeschiedenis|gesprekkenlijst|bellijst|oproep|nummer dat belde|telefoonnummer",
        "De lijst met gesprekken in mijn telefoon",
    ),
    (
        r"afschrift|bankafschrift|transactie|betaalbewijs|bon(netje)?s?\b|kwitantie",
        "Mijn bankafschrift of betaalbewijs",
    ),
    (r"factuur|facturen", "De factuur"),
    (r"advertentie|profiel|link|website|url", "De link, advertentie of het profiel"),
)
NO_EVIDENCE = "Niets meer"


def read_evidence(text: str) -> str | None:
    labels = [label for pattern, label in _EVIDENCE if re.search(pattern, text, re.IGNORECASE)]
    if labels:
        return "; ".join(dict.fromkeys(labels))
    if re.match(r"^\W*(niets|niks|nee|geen|alles (is )?(weg|verwijderd)|verwijderd)", text, re.I):
        return NO_EVIDENCE
    return None
