"""The audit log in Dutch: one short sentence per entry that names what was done to what
('Rol van Anna (anna): vrijwilliger → coördinator', 'Zaak 141 geopend'). The action keys
are agreed between the console's modules; entries written before subject and detail
existed carry their object in the action itself ('deactivate:vol3'), and are read too.
An unknown key still gets a sentence, never the bare code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from bot.helpdesk.labels import ROLES, SCAM_TYPES

ARROW = "→"


class Entry(Protocol):
    action: str
    case_id: int | None
    subject: str | None
    detail: str | None


# The kinds a coordinator filters by, in the order the filter offers them.
KINDS: dict[str, str] = {
    "open": "Zaak geopend",
    "claim": "Zaak opgepakt",
    "reply": "Antwoord gestuurd",
    "hand_back": "Teruggegeven aan de assistent",
    "close": "Zaak afgesloten",
    "reassign": "Zaak doorgegeven",
    "return_to_queue": "Terug naar de wachtrij",
    "auto_release": "Vanzelf terug naar de wachtrij",
    "release_deactivated": "Terug naar de wachtrij (account uitgezet)",
    "note": "Notitie",
    "correct_scam_type": "Soort zaak verbeterd",
    "correct_urgency": "Urgentie verbeterd",
    "report_draft_edit": "Concept-aangifte aangepast",
    "report_draft_send": "Concept-aangifte gestuurd",
    "export_examples": "Voorbeelden geëxporteerd",
    "canned_add": "Standaardantwoord toegevoegd",
    "canned_change": "Standaardantwoord gewijzigd",
    "canned_archive": "Standaardantwoord gearchiveerd",
    "add_user": "Account toegevoegd",
    "change_role": "Rol gewijzigd",
    "change_name": "Naam gewijzigd",
    "reset_password": "Wachtwoord opnieuw ingesteld",
    "change_own_password": "Eigen wachtwoord gewijzigd",
    "unlock_user": "Blokkade opgeheven",
    "deactivate_user": "Account uitgezet",
    "activate_user": "Account weer aangezet",
    "archive_user": "Account gearchiveerd",
    "unarchive_user": "Account uit het archief",
    "settings": "Instelling gewijzigd",
    "add_campaign": "Campagne gemaakt",
    "change_campaign": "Campagne gewijzigd",
    "archive_campaign": "Campagne gearchiveerd",
    "unarchive_campaign": "Campagne uit het archief",
    "export_audit": "Logboek geëxporteerd",
    "wave_confirm": "Golf bevestigd als oplichting",
    "wave_merge": "Golven samengevoegd",
    "wave_split": "Melding uit een golf gehaald",
    "wave_keep": "Melding bij een golf bevestigd",
    "wave_warning": "Waarschuwing bij een golf",
    "export_indicators": "Kenmerken gedeeld",
    "end_session": "Sessie beëindigd",
    "end_all_sessions": "Overal uitgelogd",
    "end_own_session": "Eigen sessie beëindigd",
    "reset_two_factor": "Code voor inloggen gewist",
    "new_recovery_codes": "Nieuwe herstelcodes",
}

# Entries from before this change: 'deactivate:vol3', 'add_user:volunteer'. The prefix
# maps to today's key; what follows the colon is the account (or, for add_user, the role).
OLD_PREFIXES: dict[str, str] = {
    "add_user": "add_user",
    "deactivate": "deactivate_user",
    "activate": "activate_user",
    "role": "change_role",
    "password": "reset_password",
    "unlock": "unlock_user",
}

SETTINGS: dict[str, tuple[str, str]] = {
    # key: (what people call it, the unit after the values)
    "retention_days": ("Bewaartermijn", " dagen"),
    "opening_hours": ("Openingstijden", ""),
    "volunteer_two_factor": ("Inloggen met code voor vrijwilligers", ""),
}
URGENCY = {"urgent": "dringend", "normal": "gewoon", "true": "dringend", "false": "gewoon"}


def _case(entry: Entry) -> str:
    return f"zaak {entry.case_id}" if entry.case_id else "een zaak"


def _case_start(entry: Entry) -> str:
    """The same, to start a sentence."""
    text = _case(entry)
    return text[0].upper() + text[1:]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text


def _scam(key: str) -> str:
    key = key.strip()
    if not key or key in ("none", "None"):
        return "nog onbekend"
    label = SCAM_TYPES.get(key)
    return _lower_first(label) if label else key


def _role(key: str) -> str:
    key = key.strip()
    label = ROLES.get(key)
    return _lower_first(label) if label else key


def _change(detail: str | None, word: Callable[[str], str]) -> str:
    """'old → new' with both sides turned into words people read."""
    if not detail:
        return ""
    if ARROW not in detail:
        return word(detail)
    old, new = detail.split(ARROW, 1)
    return f"{word(old)} {ARROW} {word(new)}"


def _plain(text: str) -> str:
    return text.strip()


def _with(text: str, detail: str | None) -> str:
    return f"{text}: {detail}" if detail else text


def _account(entry: Entry) -> str:
    return entry.subject or "een account"


def _setting(entry: Entry) -> str:
    if not entry.subject:
        return _with("Instellingen gewijzigd", entry.detail)
    name, unit = SETTINGS.get(entry.subject, (f"Instelling {entry.subject}", ""))
    if not entry.detail:
        return f"{name} gewijzigd"
    if unit:
        return f"{name} {_change(entry.detail, _plain)}{unit}"
    return f"{name}: {_change(entry.detail, _plain)}"


def _add_user(entry: Entry) -> str:
    role = ROLES.get((entry.detail or "").strip())
    if role:
        return f"{role} {_account(entry)} toegevoegd"
    return _with(f"Account {_account(entry)} toegevoegd", entry.detail)


def _campaign(entry: Entry, done: str) -> str:
    return _with(f"Campagne {entry.subject or ''}".rstrip() + f" {done}", entry.detail)


def _canned(entry: Entry, done: str) -> str:
    name = f" '{entry.subject}'" if entry.subject else ""
    return f"Standaardantwoord{name} {done}"


def _wave(entry: Entry, lower: bool = False) -> str:
    name = entry.subject or "een golf"
    return name if lower else name[:1].upper() + name[1:]


def _release_deactivated(entry: Entry) -> str:
    who = entry.subject or "de vrijwilliger"
    return f"{_case_start(entry)} terug naar de wachtrij: {who} is uitgezet"


def _auto_release(entry: Entry) -> str:
    minutes = (entry.detail or "").strip()
    if minutes.isdigit():
        return f"{_case_start(entry)} terug naar de wachtrij: {minutes} minuten niets gedaan"
    return _with(f"{_case_start(entry)} vanzelf terug naar de wachtrij", entry.detail)


def _reset_password(entry: Entry) -> str:
    text = f"Nieuw wachtwoord voor {_account(entry)}"
    return _with(text, entry.detail or "sessies beëindigd")


TEXTS: dict[str, Callable[[Entry], str]] = {
    "open": lambda e: f"{_case_start(e)} geopend",
    "claim": lambda e: f"{_case_start(e)} opgepakt",
    "reply": lambda e: f"Antwoord gestuurd in {_case(e)}",
    "hand_back": lambda e: f"{_case_start(e)} teruggegeven aan de assistent",
    "close": lambda e: f"{_case_start(e)} afgesloten",
    "reassign": lambda e: (
        f"{_case_start(e)} doorgegeven aan {e.subject or 'een andere vrijwilliger'}"
    ),
    "return_to_queue": lambda e: _with(f"{_case_start(e)} terug naar de wachtrij", e.detail),
    "auto_release": _auto_release,
    "release_deactivated": _release_deactivated,
    "note": lambda e: f"Notitie bij {_case(e)}",
    "correct_scam_type": lambda e: _with(
        f"Soort van {_case(e)} verbeterd", _change(e.detail, _scam)
    ),
    "correct_urgency": lambda e: _with(
        f"Urgentie van {_case(e)} verbeterd",
        _change(e.detail, lambda v: URGENCY.get(v.strip().lower(), v.strip())),
    ),
    # detail: the labels of the facts that changed ('Bedrag, Datum'), never the answers.
    "report_draft_edit": lambda e: _with(f"Concept-aangifte van {_case(e)} aangepast", e.detail),
    "report_draft_send": lambda e: f"Concept-aangifte gestuurd in {_case(e)}",
    "export_examples": lambda e: _with("Voorbeelden voor de assistent geëxporteerd", e.detail),
    "canned_add": lambda e: _canned(e, "toegevoegd"),
    "canned_change": lambda e: _canned(e, "gewijzigd"),
    "canned_archive": lambda e: _canned(e, "gearchiveerd"),
    "add_user": _add_user,
    "change_role": lambda e: _with(f"Rol van {_account(e)}", _change(e.detail, _role)),
    "change_name": lambda e: _with(f"Naam van {_account(e)} gewijzigd", e.detail),
    "reset_password": _reset_password,
    "change_own_password": lambda e: _with("Eigen wachtwoord gewijzigd", e.detail),
    "unlock_user": lambda e: f"Blokkade van {_account(e)} opgeheven",
    "deactivate_user": lambda e: f"{_account(e)} uitgezet",
    "activate_user": lambda e: f"{_account(e)} weer aangezet",
    "archive_user": lambda e: f"{_account(e)} gearchiveerd",
    "unarchive_user": lambda e: f"{_account(e)} uit het archief gehaald",
    "settings": _setting,
    "add_campaign": lambda e: _campaign(e, "gemaakt"),
    "change_campaign": lambda e: _campaign(e, "gewijzigd"),
    "archive_campaign": lambda e: _campaign(e, "gearchiveerd"),
    "unarchive_campaign": lambda e: _campaign(e, "uit het archief gehaald"),
    "export_audit": lambda e: _with("Logboek geëxporteerd", e.detail),
    # subject: the wave ('golf 12'); detail: the other wave or the message ('melding 88')
    "wave_confirm": lambda e: f"{_wave(e)} bevestigd als oplichting",
    "wave_merge": lambda e: _with(f"{_wave(e)} samengevoegd", e.detail),
    "wave_split": lambda e: _with(f"Melding uit {_wave(e, lower=True)} gehaald", e.detail),
    "wave_keep": lambda e: _with(f"Melding bij {_wave(e, lower=True)} bevestigd", e.detail),
    "wave_warning": lambda e: _with(f"Waarschuwing bij {_wave(e, lower=True)}", e.detail),
    "export_indicators": lambda e: _with(
        "Kenmerken gedeeld met politie of Fraudehelpdesk", e.detail
    ),
    # detail: the session ('Firefox op Windows, ingelogd 03-12-2026 10:15') or the count.
    "end_session": lambda e: _with(f"{_account(e)} uitgelogd op één apparaat", e.detail),
    "end_all_sessions": lambda e: _with(f"{_account(e)} overal uitgelogd", e.detail),
    "end_own_session": lambda e: _with("Eigen sessie op een ander apparaat beëindigd", e.detail),
    # Two-factor log-in (bot/console/two_factor.py); subject: the account.
    "reset_two_factor": lambda e: _with(
        f"Code voor inloggen van {_account(e)} gewist, stelt een nieuwe app in", e.detail
    ),
    "new_recovery_codes": lambda e: f"Nieuwe herstelcodes voor {_account(e)}",
}


class _Old:
    """An old-style entry seen as a new one: the object moved into subject."""

    def __init__(self, entry: Entry, action: str, rest: str) -> None:
        self.action, self.case_id = action, entry.case_id
        self.subject, self.detail = entry.subject, entry.detail
        if action == "add_user" and rest in ROLES:
            self.detail = rest  # the role; the name was not kept then
            self.subject = entry.subject or "(naam niet bewaard)"
        elif rest:
            self.subject = entry.subject or rest


def kind_of(action: str) -> str:
    """Today's key for an action, also for an old-style 'deactivate:vol3'."""
    prefix, colon, _rest = action.partition(":")
    return OLD_PREFIXES.get(prefix, action) if colon else action


def describe(entry: Entry) -> str:
    """A Dutch sentence for an audit entry."""
    action = entry.action or ""
    text = TEXTS.get(action)
    if text is not None:
        return text(entry)
    prefix, colon, rest = action.partition(":")
    if colon and prefix in OLD_PREFIXES:
        return TEXTS[OLD_PREFIXES[prefix]](_Old(entry, OLD_PREFIXES[prefix], rest))
    # An action this module does not know (yet): say so in words, with what it names.
    parts = [f"Handeling '{action or 'zonder naam'}'"]
    if entry.case_id:
        parts.append(f"bij zaak {entry.case_id}")
    if entry.subject:
        parts.append(f"voor {entry.subject}")
    sentence = " ".join(parts)
    return _with(sentence, entry.detail)
