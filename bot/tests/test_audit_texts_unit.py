"""The audit log in Dutch (bot/helpdesk/audit_texts.py), its CSV (audit_export.py) and
the filter read from the page's query string: no database, no Rasa."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone

import pytest

from bot.helpdesk.audit import AuditFilter
from bot.helpdesk.audit_export import HEADERS, safe_cell, to_csv
from bot.helpdesk.audit_texts import KINDS, describe, kind_of
from bot.models import AuditEntry

# The action keys every helper of issue 12 agreed on (COMMON.md).
AGREED_KEYS = (
    "open claim reply hand_back close reassign return_to_queue auto_release "
    "release_deactivated note correct_scam_type correct_urgency export_examples canned_add "
    "canned_change canned_archive add_user change_role change_name reset_password "
    "change_own_password deactivate_user activate_user archive_user settings add_campaign "
    "change_campaign archive_campaign export_audit "
    # issue 15: what is going around
    "wave_confirm wave_merge wave_split wave_keep wave_warning export_indicators "
    # issue 18: sessions ended, two-factor log-in
    "end_session end_all_sessions end_own_session "
    "reset_two_factor new_recovery_codes"
).split()


@dataclass
class Entry:
    action: str
    case_id: int | None = None
    subject: str | None = None
    detail: str | None = None


# A typical entry for every key, as the modules write it, and the sentence it reads as.
EXAMPLES: dict[str, tuple[Entry, str]] = {
    "open": (Entry("open", 141), "Zaak 141 geopend"),
    "claim": (Entry("claim", 141), "Zaak 141 opgepakt"),
    "reply": (Entry("reply", 141), "Antwoord gestuurd in zaak 141"),
    "hand_back": (Entry("hand_back", 141), "Zaak 141 teruggegeven aan de assistent"),
    "close": (Entry("close", 141), "Zaak 141 afgesloten"),
    "reassign": (Entry("reassign", 141, "Bram"), "Zaak 141 doorgegeven aan Bram"),
    "return_to_queue": (Entry("return_to_queue", 141), "Zaak 141 terug naar de wachtrij"),
    "auto_release": (
        Entry("auto_release", 141, detail="30"),
        "Zaak 141 terug naar de wachtrij: 30 minuten niets gedaan",
    ),
    "release_deactivated": (
        Entry("release_deactivated", 141, "Anna (anna)"),
        "Zaak 141 terug naar de wachtrij: Anna (anna) is uitgezet",
    ),
    "note": (Entry("note", 141), "Notitie bij zaak 141"),
    "correct_scam_type": (
        Entry("correct_scam_type", 141, detail="phishing_message → bank_helpdesk_fraud"),
        "Soort van zaak 141 verbeterd: phishingbericht → bankhelpdeskfraude",
    ),
    "correct_urgency": (
        Entry("correct_urgency", 141, detail="gewoon → dringend"),
        "Urgentie van zaak 141 verbeterd: gewoon → dringend",
    ),
    "export_examples": (
        Entry("export_examples", detail="12 voorbeelden"),
        "Voorbeelden voor de assistent geëxporteerd: 12 voorbeelden",
    ),
    "canned_add": (
        Entry("canned_add", subject="Bel je bank"),
        "Standaardantwoord 'Bel je bank' toegevoegd",
    ),
    "canned_change": (
        Entry("canned_change", subject="Bel je bank"),
        "Standaardantwoord 'Bel je bank' gewijzigd",
    ),
    "canned_archive": (
        Entry("canned_archive", subject="Bel je bank"),
        "Standaardantwoord 'Bel je bank' gearchiveerd",
    ),
    "add_user": (
        Entry("add_user", subject="Anna (anna)", detail="volunteer"),
        "Vrijwilliger Anna (anna) toegevoegd",
    ),
    "change_role": (
        Entry("change_role", subject="Anna (anna)", detail="vrijwilliger → coördinator"),
        "Rol van Anna (anna): vrijwilliger → coördinator",
    ),
    "change_name": (
        Entry("change_name", subject="Anna de Vries (anna)", detail="Anna → Anna de Vries"),
        "Naam van Anna de Vries (anna) gewijzigd: Anna → Anna de Vries",
    ),
    "reset_password": (
        Entry("reset_password", subject="Anna (anna)", detail="2 sessies beëindigd"),
        "Nieuw wachtwoord voor Anna (anna): 2 sessies beëindigd",
    ),
    "change_own_password": (
        Entry(
            "change_own_password",
            subject="Anna (anna)",
            detail="andere sessies: 1 sessie beëindigd",
        ),
        "Eigen wachtwoord gewijzigd: andere sessies: 1 sessie beëindigd",
    ),
    "deactivate_user": (Entry("deactivate_user", subject="Anna (anna)"), "Anna (anna) uitgezet"),
    "activate_user": (Entry("activate_user", subject="Anna (anna)"), "Anna (anna) weer aangezet"),
    "archive_user": (Entry("archive_user", subject="Anna (anna)"), "Anna (anna) gearchiveerd"),
    "settings": (
        Entry("settings", subject="retention_days", detail="30 → 14"),
        "Bewaartermijn 30 → 14 dagen",
    ),
    "add_campaign": (
        Entry("add_campaign", subject="Ouderen (ouderen-2026)"),
        "Campagne Ouderen (ouderen-2026) gemaakt",
    ),
    "change_campaign": (
        Entry("change_campaign", subject="Ouderen (ouderen-2026)", detail="naam Oud → Ouderen"),
        "Campagne Ouderen (ouderen-2026) gewijzigd: naam Oud → Ouderen",
    ),
    "archive_campaign": (
        Entry("archive_campaign", subject="Ouderen (ouderen-2026)"),
        "Campagne Ouderen (ouderen-2026) gearchiveerd",
    ),
    "export_audit": (
        Entry("export_audit", detail="42 regels (alles)"),
        "Logboek geëxporteerd: 42 regels (alles)",
    ),
    "wave_confirm": (Entry("wave_confirm", subject="golf 12"), "Golf 12 bevestigd als oplichting"),
    "wave_merge": (
        Entry("wave_merge", subject="golf 12", detail="in golf 9"),
        "Golf 12 samengevoegd: in golf 9",
    ),
    "wave_split": (
        Entry("wave_split", subject="golf 12", detail="melding 88 → golf 13"),
        "Melding uit golf 12 gehaald: melding 88 → golf 13",
    ),
    "wave_keep": (
        Entry("wave_keep", subject="golf 12", detail="melding 88"),
        "Melding bij golf 12 bevestigd: melding 88",
    ),
    "wave_warning": (
        Entry("wave_warning", subject="golf 12", detail="geplaatst"),
        "Waarschuwing bij golf 12: geplaatst",
    ),
    "export_indicators": (
        Entry("export_indicators", detail="STIX, 14 kenmerken"),
        "Kenmerken gedeeld met politie of Fraudehelpdesk: STIX, 14 kenmerken",
    ),
    "end_session": (
        Entry("end_session", None, "Anna (anna)", "Firefox op Windows, ingelogd 03-12-2026 10:15"),
        "Anna (anna) uitgelogd op één apparaat: Firefox op Windows, ingelogd 03-12-2026 10:15",
    ),
    "end_all_sessions": (
        Entry("end_all_sessions", None, "Anna (anna)", "2 sessies beëindigd"),
        "Anna (anna) overal uitgelogd: 2 sessies beëindigd",
    ),
    "end_own_session": (
        Entry("end_own_session", None, "Anna (anna)", "Safari op iOS, ingelogd 03-12-2026 10:15"),
        "Eigen sessie op een ander apparaat beëindigd: Safari op iOS, ingelogd 03-12-2026 10:15",
    ),
    "reset_two_factor": (
        Entry("reset_two_factor", subject="Anna (anna)", detail="2 sessies beëindigd"),
        "Code voor inloggen van Anna (anna) gewist, stelt een nieuwe app in: 2 sessies beëindigd",
    ),
    "new_recovery_codes": (
        Entry("new_recovery_codes", subject="Anna (anna)"),
        "Nieuwe herstelcodes voor Anna (anna)",
    ),
}


def test_every_agreed_key_has_an_example_here_and_a_filter_label() -> None:
    assert set(EXAMPLES) == set(AGREED_KEYS)
    assert set(AGREED_KEYS) <= set(KINDS)
    assert all(KINDS[key] and "_" not in KINDS[key] for key in KINDS)


@pytest.mark.parametrize("key", AGREED_KEYS)
def test_every_agreed_key_reads_as_a_dutch_sentence(key: str) -> None:
    entry, expected = EXAMPLES[key]
    assert describe(entry) == expected
    code = re.compile(rf"\b{key}\b")
    assert not code.search(describe(entry))  # never the code
    # Without subject or detail it still says something, without the raw code either.
    bare = describe(Entry(key, 7))
    assert bare and not bare.startswith("Handeling") and not code.search(bare)


def test_settings_name_the_setting_in_words() -> None:
    hours = Entry("settings", subject="opening_hours", detail="ma-vr 09:00-17:00 → za 10:00-13:00")
    assert describe(hours) == "Openingstijden: ma-vr 09:00-17:00 → za 10:00-13:00"
    assert describe(Entry("settings")) == "Instellingen gewijzigd"  # an entry from before
    assert "Instelling" in describe(Entry("settings", subject="nieuw_ding", detail="a → b"))
    switch = Entry("settings", subject="volunteer_two_factor", detail="aan → uit")
    assert describe(switch) == "Inloggen met code voor vrijwilligers: aan → uit"


def test_role_and_scam_type_keys_become_their_dutch_labels() -> None:
    role = describe(Entry("change_role", subject="Bram (bram)", detail="volunteer → coordinator"))
    assert role == "Rol van Bram (bram): vrijwilliger → coördinator"
    scam = describe(Entry("correct_scam_type", 9, detail="None → romance_scam"))
    assert scam == "Soort van zaak 9 verbeterd: nog onbekend → datingfraude"
    assert describe(Entry("correct_urgency", 9, detail="urgent → normal")).endswith(
        "dringend → gewoon"
    )


@pytest.mark.parametrize(
    ("action", "expected", "kind"),
    [
        ("add_user:volunteer", "Vrijwilliger (naam niet bewaard) toegevoegd", "add_user"),
        ("add_user:coordinator", "Coördinator (naam niet bewaard) toegevoegd", "add_user"),
        ("deactivate:vol3", "vol3 uitgezet", "deactivate_user"),
        ("activate:vol3", "vol3 weer aangezet", "activate_user"),
        ("role:vol3", "Rol van vol3", "change_role"),
        ("password:vol3", "Nieuw wachtwoord voor vol3: sessies beëindigd", "reset_password"),
        ("unlock:vol3", "Blokkade van vol3 opgeheven", "unlock_user"),
    ],
)
def test_old_style_entries_are_read(action: str, expected: str, kind: str) -> None:
    assert describe(Entry(action)) == expected
    assert kind_of(action) == kind


def test_an_unknown_key_is_described_not_shown_bare() -> None:
    text = describe(Entry("merge_cases", 12, "Anna (anna)", "12 → 13"))
    assert text == "Handeling 'merge_cases' bij zaak 12 voor Anna (anna): 12 → 13"
    assert describe(Entry("merge_cases")) != "merge_cases"
    assert describe(Entry("")) == "Handeling 'zonder naam'"
    assert describe(Entry("nieuw:iets")) == "Handeling 'nieuw:iets'"
    assert kind_of("nieuw:iets") == "nieuw:iets"


# --- CSV ----------------------------------------------------------------------------------
@pytest.mark.parametrize("dangerous", ["=HYPERLINK(1)", "+31", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_cells_that_start_a_formula_get_a_quote(dangerous: str) -> None:
    assert safe_cell(dangerous) == "'" + dangerous
    assert safe_cell("Anna = Bram") == "Anna = Bram"
    assert safe_cell(None) == "" and safe_cell(141) == "141"


def test_csv_has_dutch_headers_and_neutralises_formulas() -> None:
    at = datetime(2026, 1, 15, 9, 30, tzinfo=timezone.utc)
    entries = [
        AuditEntry(id=1, volunteer_id=3, username="anna", case_id=141, action="open", at=at),
        AuditEntry(
            id=2,
            volunteer_id=4,
            username="=cmd",
            action="change_name",
            subject="=1+1 (x)",
            detail="@a → -b",
            at=at,
        ),
    ]
    text = to_csv(entries, {3: "Anna", 4: "+Bram"})
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert (
        tuple(rows[0])
        == HEADERS
        == ("Wanneer", "Wie", "Naam", "Wat", "Zaak", "Soort", "Onderwerp", "Wijziging")
    )
    assert rows[1] == [
        "15-01-2026 10:30:00",
        "anna",
        "Anna",
        "Zaak 141 geopend",
        "141",
        "open",
        "",
        "",
    ]
    assert rows[2][1:3] == ["'=cmd", "'+Bram"]
    assert rows[2][6:] == ["'=1+1 (x)", "'@a → -b"]
    assert rows[2][3].startswith("Naam van =1+1 (x)")  # the sentence itself starts with text
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row


# --- the filter ---------------------------------------------------------------------------
def test_the_filter_reads_the_query_and_says_what_it_cannot() -> None:
    wanted, errors = AuditFilter.parse(
        {"wie": " anna ", "soort": "open", "zaak": "#141", "van": "2026-01-01", "tot": "2026-01-31"}
    )
    assert errors == []
    assert wanted == AuditFilter("anna", "open", 141, date(2026, 1, 1), date(2026, 1, 31))
    assert wanted.as_query() == {
        "wie": "anna",
        "soort": "open",
        "zaak": "141",
        "van": "2026-01-01",
        "tot": "2026-01-31",
    }
    bad, errors = AuditFilter.parse({"soort": "hack", "zaak": "1 OR 1=1", "van": "gisteren"})
    assert bad == AuditFilter()
    assert len(errors) == 3 and all(e.endswith(".") for e in errors)
    assert AuditFilter.parse({})[0].as_query() == {}
