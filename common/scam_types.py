"""The scam-type taxonomy as the actions use it (names from shared/intents.yml)."""

from __future__ import annotations

SCAM_TYPES: tuple[str, ...] = (
    "phishing_message",
    "friend_in_need",
    "bank_helpdesk_fraud",
    "tech_support_scam",
    "webshop_fraud",
    "marketplace_fraud",
    "investment_fraud",
    "romance_scam",
    "sextortion",
    "account_takeover",
    "invoice_fraud",
    "money_mule",
    "identity_fraud",
    "ransomware",
)

DAMAGE_INTENTS: tuple[str, ...] = ("already_paid", "shared_details")

# Types where asking 'already clicked, paid or gave codes?' changes the advice;
# the others get their full advice at once.
TRIAGE_TYPES: frozenset[str] = frozenset(SCAM_TYPES) - {
    "sextortion",
    "money_mule",
    "identity_fraud",
    "ransomware",
}

# Online aangifte covers internetoplichting (buying/selling online), helpdesk
# fraud, WhatsApp fraud and ransomware (domain-facts.md, 'Reporting').
ONLINE_AANGIFTE_TYPES: frozenset[str] = frozenset(
    {
        "webshop_fraud",
        "marketplace_fraud",
        "bank_helpdesk_fraud",
        "tech_support_scam",
        "friend_in_need",
        "ransomware",
    }
)

# What to collect before a report, by how the scam reached the resident.
REPORT_COLLECT_GROUP: dict[str, str] = {
    "phishing_message": "message",
    "friend_in_need": "message",
    "bank_helpdesk_fraud": "call",
    "tech_support_scam": "call",
    "webshop_fraud": "online",
    "marketplace_fraud": "online",
    "investment_fraud": "profile",
    "romance_scam": "profile",
    "sextortion": "profile",
    "account_takeover": "profile",
}

# Where 'Check de (ver)koper' on politie.nl helps.
CHECK_SELLER_TYPES: frozenset[str] = frozenset(
    {"phishing_message", "friend_in_need", "webshop_fraud", "marketplace_fraud"}
)

# Volunteer-facing labels (Dutch) for hand-off summaries.
SCAM_LABELS: dict[str, str] = {
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
