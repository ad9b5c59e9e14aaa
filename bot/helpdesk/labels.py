"""Dutch labels for what volunteers and coordinators read in the console."""

from __future__ import annotations

SCAM_TYPES: dict[str, str] = {  # the same labels as actions/scam_types.py
    "phishing_message": "Phishingbericht",
    "friend_in_need": "Vriend-in-noodfraude",
    "bank_helpdesk_fraud": "Bankhelpdeskfraude",
    "tech_support_scam": "Nep-computerhelpdesk",
    "webshop_fraud": "Nepwebshop",
    "marketplace_fraud": "Fraude bij kopen/verkopen (Marktplaats e.d.)",
    "investment_fraud": "Beleggingsfraude",
    "romance_scam": "Datingfraude",
    "sextortion": "Sextortion",
    "account_takeover": "Account overgenomen",
    "invoice_fraud": "Factuur- of CEO-fraude",
    "money_mule": "Geldezel (rekening/pas uitlenen)",
    "identity_fraud": "Identiteitsfraude",
    "ransomware": "Ransomware",
}
UNKNOWN_SCAM_TYPE = "Nog onbekend"

DAMAGE: dict[str, str] = {  # the same labels as actions/damage.py
    "paid": "geld betaald of overgemaakt",
    "bank_details": "bankgegevens, codes of pincode gegeven",
    "digid": "DigiD-gegevens gegeven",
    "remote_access": "toegang op afstand gegeven",
    "card_handed": "bankpas meegegeven",
    "account_code": "verificatiecode (WhatsApp e.d.) gegeven",
}

OUTCOMES: dict[str, str] = {
    "advised": "Advies gegeven",
    "police": "Doorverwezen naar de politie",
    "bank": "Doorverwezen naar de bank",
    "no_scam": "Geen oplichting",
    "other": "Anders",
}
# Set by the gateway, not chosen by a volunteer.
SYSTEM_OUTCOMES: dict[str, str] = {
    "withdrawn": "Bewoner ging terug naar de assistent",
    "erased": "Bewoner liet alles verwijderen",
    "expired": "Verlopen (bewaartermijn voorbij)",
}
CHANNELS = {"widget": "Website", "telegram": "Telegram"}
STATUSES = {"open": "Wacht", "claimed": "In behandeling", "closed": "Afgesloten"}
ROLES = {"volunteer": "Vrijwilliger", "coordinator": "Coördinator", "campaign": "Campagneteam"}


def scam_label(scam_type: str | None) -> str:
    return SCAM_TYPES.get(scam_type or "", UNKNOWN_SCAM_TYPE)


def outcome_label(outcome: str | None) -> str:
    if outcome is None:
        return ""
    return OUTCOMES.get(outcome) or SYSTEM_OUTCOMES.get(outcome, outcome)
