"""A police-report draft (aangifte voorbereiden): its facts, its payload and its text.

The assistant's report form (actions/report_form.py) collects the facts one question
at a time and sends the draft as it grows in a custom JSON message
``{"report_draft": {...}}`` beside what the resident reads. The gateway keeps the
latest draft with the conversation (same retention and erasure), serves it as text and
PDF, and shows it to a volunteer the resident let read along. Both sides render the
same text from here, so the chat, the download and the console never disagree.

A bot may not file an aangifte: the text says it is a draft the resident takes to the
police (online with DigiD, or by phone for an appointment; ../shared/domain-facts.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from common.payloads import PayloadError, _fields, _flag, _text
from common.scam_types import ONLINE_AANGIFTE_TYPES

REPORT_DRAFT_VERSION = 1

# The facts in the order of the police's form: what, when, how, who, the money, what
# the resident did and kept. Labels are what the resident reads in the draft.
FIELDS: tuple[tuple[str, str], ...] = (
    ("what", "Wat is er gebeurd?"),
    ("when", "Wanneer gebeurde het?"),
    ("contact", "Hoe kwam het contact?"),
    ("other_party", "Wat weet ik van de ander?"),
    ("supplier", "Welk bedrijf leek de factuur te sturen?"),
    ("invoice_number", "Nummer van de factuur"),
    ("paid", "Heb ik geld betaald?"),
    ("amount", "Bedrag"),
    ("method", "Hoe betaald?"),
    ("iban", "Rekeningnummer (IBAN) van de ander"),
    ("wallet", "Adres van de crypto-wallet"),
    ("account_name", "Naam bij die rekening"),
    ("paid_when", "Wanneer betaald?"),
    ("done", "Wat heb ik al gedaan?"),
    ("evidence", "Wat heb ik bewaard?"),
)
FIELD_NAMES: frozenset[str] = frozenset(name for name, _ in FIELDS)
LABELS: dict[str, str] = dict(FIELDS)
# Facts a list view or log line never shows in full (README: Privacy).
SENSITIVE: frozenset[str] = frozenset({"iban", "wallet", "amount", "account_name"})

# What a skipped or unknown answer reads as in the draft.
UNKNOWN = "Weet ik niet"
SKIPPED = "Overgeslagen"

# Businesses (invoice fraud, ransomware): what to keep for the police.
BUSINESS_TYPES: frozenset[str] = frozenset({"invoice_fraud", "ransomware"})


class ReportDraftError(PayloadError):
    """A report-draft payload this side cannot read."""


@dataclass(frozen=True)
class ReportDraft:
    """The facts a resident gave for their aangifte, so far or finished."""

    KEY: ClassVar[str] = "report_draft"
    VERSION: ClassVar[int] = REPORT_DRAFT_VERSION

    scam_type: str | None
    # The resident answered the last question: the draft is complete.
    finished: bool
    # Field name -> the resident's answer as the draft shows it (Dutch text).
    facts: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.VERSION,
            "scam_type": self.scam_type,
            "finished": self.finished,
            "facts": {name: self.facts[name] for name, _ in FIELDS if name in self.facts},
        }

    @classmethod
    def from_json(cls, data: object) -> ReportDraft:
        fields = _fields(cls.KEY, cls.VERSION, data)
        facts = fields.get("facts") or {}
        if not isinstance(facts, Mapping):
            raise ReportDraftError(f"{cls.KEY} payload field 'facts' is not an object")
        kept: dict[str, str] = {}
        for name, value in facts.items():
            # An unknown field (a newer assistant) is left out, not guessed at.
            if name not in FIELD_NAMES:
                continue
            if not isinstance(value, str):
                raise ReportDraftError(f"{cls.KEY} payload fact {name!r} is not a string")
            kept[name] = value
        return cls(
            scam_type=_text(cls.KEY, fields, "scam_type") or None,
            finished=_flag(cls.KEY, fields, "finished"),
            facts=kept,
        )

    def with_facts(self, changes: Mapping[str, str]) -> ReportDraft:
        """A copy with some facts replaced (an empty value removes the fact)."""
        facts = dict(self.facts)
        for name, value in changes.items():
            if name not in FIELD_NAMES:
                continue
            if value.strip():
                facts[name] = value.strip()
            else:
                facts.pop(name, None)
        return ReportDraft(scam_type=self.scam_type, finished=self.finished, facts=facts)


def lines(draft: ReportDraft) -> list[tuple[str, str]]:
    """(label, answer) in the police form's order, for the facts the draft has."""
    return [(label, draft.facts[name]) for name, label in FIELDS if name in draft.facts]


def where_to_file(scam_type: str | None) -> list[str]:
    """Where the resident files the report: facts from ../shared/domain-facts.md."""
    steps = []
    if scam_type in ONLINE_AANGIFTE_TYPES:
        steps.append("Online op politie.nl. Je logt in met DigiD.")
        steps.append("Of bel de politie: 0900-8844.")
    else:
        steps.append("Bel de politie: 0900-8844. Je maakt dan een afspraak.")
        steps.append("Je kunt ook naar de politie gaan, of een videogesprek doen.")
    return steps


def business_records(scam_type: str | None) -> list[str]:
    """What a business keeps for the police (invoice fraud, ransomware)."""
    if scam_type == "invoice_fraud":
        return [
            "de valse factuur en de e-mail waarmee hij kwam",
            "eerdere echte facturen van die leverancier",
            "de opdracht voor de betaling en het overzicht van de bank",
            "wie de betaling goedkeurde, en wanneer",
        ]
    if scam_type == "ransomware":
        return [
            "het bericht waarin de criminelen losgeld vragen",
            "de logbestanden van computers, server en firewall",
            "welke computers en bestanden geraakt zijn, en wanneer",
            "zet niets opnieuw op voordat een expert keek",
        ]
    return []


def render_text(draft: ReportDraft) -> str:
    """The draft as plain Dutch text: the chat, the download and the PDF read this."""
    out = [
        "Concept voor je aangifte",
        "Dit is nog geen aangifte. Je doet de aangifte zelf bij de politie.",
        "Neem deze tekst mee, of kopieer hem in het formulier.",
        "",
    ]
    for label, answer in lines(draft):
        out.append(f"{label}")
        out.append(f"  {answer}")
    out.append("")
    if draft.facts.get("paid", "").lower().startswith("ja") or "amount" in draft.facts:
        out.append("Is er geld weg? Bel dan eerst je eigen bank.")
        out.append("Gebruik het nummer op je bankpas of in je bank-app.")
        out.append("")
    out.append("Waar doe je aangifte?")
    out.extend(f"- {step}" for step in where_to_file(draft.scam_type))
    records = business_records(draft.scam_type)
    if records:
        out.append("")
        out.append("Voor je bedrijf: bewaar dit voor de politie.")
        out.extend(f"- {item}" for item in records)
    out.append("")
    out.append("Bewaar alle berichten en schermafbeeldingen. Gooi niets weg.")
    out.append("Geef nooit je codes, pincode of wachtwoord aan een ander.")
    return "\n".join(out)


def masked_value(name: str, value: str) -> str:
    """A fact as a list view or log line may show it: sensitive ones hidden."""
    return "•••" if name in SENSITIVE and value and value not in (UNKNOWN, SKIPPED) else value
