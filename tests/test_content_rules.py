"""Content rules for everything the assistant says (DESIGN.md principles 1, 3, 6)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from actions.catalogue import responses_used_by_actions
from assistant.rest_channel import EMPTY_MESSAGE_RESPONSE
from common.link_facts import HELPLINE_DOMAINS, HELPLINE_NUMBERS
from common.scam_types import SCAM_TYPES
from tests.conftest import ROOT, read_yaml

PHONE = re.compile(r"(?<![\w€.,])(?:\+31[\s-]?|0)\d[\d\s-]{1,12}\d(?![\w.,]?\d)|\b112\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WEBSITE = re.compile(
    r"\b(?:https?://)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:nl|com|org|eu|me|net|info|be))\b",
    re.I,
)

# Phrases that reassure, in any sentence.
REASSURING_PHRASES = re.compile(
    r"geen zorgen|maak je geen zorgen|niets aan de hand|niks aan de hand|te vertrouwen|"
    r"kun je vertrouwen|geen oplichting|geen fraude|niet nep|geen nep|gerust|in orde|"
    r"is het echt|is echt|zijn echt|lijkt echt|klopt wel|geen probleem",
    re.I,
)
# Words that call something safe or genuine, in sentences that are not 'never' statements.
REASSURING_WORDS = re.compile(
    r"\b(veilig\w*|betrouwbaar\w*|legitiem\w*|officieel|onschuldig)\b", re.I
)
NEGATORS = re.compile(r"\b(nooit|niet|geen)\b", re.I)
QUOTED = re.compile(r"‘[^’]*’|'[^']*'|\"[^\"]*\"")


def texts(responses: dict[str, list[dict[str, Any]]]) -> list[tuple[str, str]]:
    found = []
    for name, variants in responses.items():
        for variant in variants:
            if variant.get("text"):
                found.append((name, variant["text"]))
            for button in variant.get("buttons") or []:
                found.append((name, button["title"]))
    return found


def reassurance(text: str) -> list[str]:
    """Sentences of a text that say or imply something is safe or real."""
    bad = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        unquoted = QUOTED.sub("", sentence)
        if REASSURING_PHRASES.search(unquoted):
            bad.append(sentence)
        elif REASSURING_WORDS.search(unquoted) and not NEGATORS.search(unquoted):
            bad.append(sentence)
    return bad


def digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def contact_values(contacts: dict[str, dict[str, Any]]) -> tuple[set[str], set[str], set[str]]:
    phones = {
        digits(c[key])
        for c in contacts.values()
        for key in ("phone", "phone_alt")
        if c.get(key) and c.get("verified", True)
    }
    emails = {c["email"].lower() for c in contacts.values() if c.get("email")}
    webs = {c["web"].lower() for c in contacts.values() if c.get("web")}
    return phones, emails, webs


@pytest.mark.parametrize(
    "text",
    [
        "Dit bericht is veilig.",
        "Geen zorgen, dat is echt je bank.",
        "De webshop is betrouwbaar.",
        "Deze link lijkt echt.",
        "Er is niets aan de hand.",
    ],
)
def test_reassurance_scanner_catches_reassuring_texts(text: str) -> None:
    assert reassurance(text)


def test_reassurance_scanner_allows_never_statements_and_quotes() -> None:
    assert not reassurance("Je bank vraagt nooit om je pincode.")
    assert not reassurance(
        "Je bank laat je nooit geld overmaken, ook niet naar een ‘veilige rekening’."
    )
    assert not reassurance("Ik zeg nooit dat iets veilig is.")


def test_no_response_reassures(responses: dict[str, list[dict[str, Any]]]) -> None:
    bad = [(name, s) for name, text in texts(responses) for s in reassurance(text)]
    assert bad == []


def test_every_phone_email_and_website_is_a_known_contact(
    responses: dict[str, list[dict[str, Any]]], contacts: dict[str, dict[str, Any]]
) -> None:
    phones, emails, webs = contact_values(contacts)
    unknown = []
    for name, text in texts(responses):
        without_emails = EMAIL.sub(" ", text)
        for email in EMAIL.findall(text):
            if email.lower() not in emails:
                unknown.append((name, email))
        for phone in PHONE.findall(without_emails):
            if digits(phone) not in phones:
                unknown.append((name, phone))
        for web in WEBSITE.findall(without_emails):
            if web.lower() not in webs:
                unknown.append((name, web))
    assert unknown == []


def test_unverified_contact_numbers_are_never_given(
    responses: dict[str, list[dict[str, Any]]], contacts: dict[str, dict[str, Any]]
) -> None:
    unverified = [
        digits(c["phone"])
        for c in contacts.values()
        if c.get("phone") and not c.get("verified", True)
    ]
    given = {digits(p) for _, text in texts(responses) for p in PHONE.findall(text)}
    assert unverified and not set(unverified) & given


def test_contact_scanner_finds_numbers_in_the_formats_used() -> None:
    sample = (
        "Bel 0900-8844 of 088-786 73 72, of 112. "
        "Mail valse-email@fraudehelpdesk.nl of kijk op politie.nl."
    )
    assert {digits(p) for p in PHONE.findall(EMAIL.sub(" ", sample))} == {
        "09008844",
        "0887867372",
        "112",
    }
    assert WEBSITE.findall(EMAIL.sub(" ", sample)) == ["politie.nl"]


def test_helplines_known_to_the_analysis_match_contacts(
    contacts: dict[str, dict[str, Any]],
) -> None:
    phones, _emails, webs = contact_values(contacts)
    assert HELPLINE_NUMBERS == phones
    assert HELPLINE_DOMAINS == webs


@pytest.mark.parametrize("scam_type", SCAM_TYPES)
def test_every_scam_type_has_advice_in_order(scam_type: str, responses: dict[str, Any]) -> None:
    for part in ("what", "now", "report", "help", "button"):
        assert f"utter_{scam_type}_{part}" in responses
    report = responses[f"utter_{scam_type}_report"][0]["text"].lower()
    assert "melding" in report or "aangifte" in report


def test_advice_files_follow_the_domain_layout() -> None:
    files = sorted(p.stem for p in (ROOT / "responses" / "advice").glob("*.yml"))
    assert files == sorted(SCAM_TYPES)
    for path in (ROOT / "responses" / "advice").glob("*.yml"):
        assert set(read_yaml(path)["responses"]) == {
            f"utter_{path.stem}_{part}" for part in ("what", "now", "report", "help", "button")
        }


def test_plain_dutch_short_sentences(responses: dict[str, Any]) -> None:
    """Taalniveau B1: no sentence over 20 words, no bubble over 70 words."""
    long_sentences, long_bubbles = [], []
    for name, text in texts(responses):
        if len(text.split()) > 70:
            long_bubbles.append(name)
        for sentence in re.split(r"(?<=[.!?:])\s+|\n", text):
            if len(sentence.split()) > 20:
                long_sentences.append((name, sentence))
    assert long_sentences == []
    assert long_bubbles == []


def test_campaign_core_rule(responses: dict[str, Any]) -> None:
    assert responses["utter_core_rule"][0]["text"] == "Check de afzender. Twijfel je? Klik weg."


def test_assistant_says_it_never_calls_or_asks_for_codes(responses: dict[str, Any]) -> None:
    text = responses["utter_never_asks"][0]["text"].lower()
    assert "ik bel je nooit" in text
    assert "nooit om codes" in text and "bankgegevens" in text


@pytest.mark.parametrize("name", ["utter_urgent_paid", "utter_urgent_bank_details"])
def test_urgent_bank_advice_uses_the_number_on_the_card_or_app(
    name: str, responses: dict[str, Any]
) -> None:
    text = responses[name][0]["text"].lower()
    assert text.startswith("dit is nu het belangrijkst: bel meteen je eigen bank")
    assert "bankpas" in text and "bank-app" in text


def test_next_step_buttons(responses: dict[str, Any]) -> None:
    payloads = {b["payload"] for b in responses["utter_next_steps"][0]["buttons"]}
    assert payloads == {"/how_to_report", "/ask_human", "/ask_check"}


def test_button_payloads_name_domain_intents(domain: dict[str, Any]) -> None:
    intents = {i if isinstance(i, str) else next(iter(i)) for i in domain["intents"]}
    bad = []
    for name, variants in domain["responses"].items():
        for variant in variants:
            for button in variant.get("buttons") or []:
                match = re.fullmatch(r"/(\w+)(\{.*\})?", button["payload"])
                if not match or match.group(1) not in intents:
                    bad.append((name, button["payload"]))
    assert bad == []


def test_domain_intents_are_the_shared_taxonomy(
    domain: dict[str, Any], taxonomy: dict[str, Any]
) -> None:
    intents = {i if isinstance(i, str) else next(iter(i)) for i in domain["intents"]}
    shared = set(taxonomy["scam_types"]) | set(taxonomy["conversation"])
    assert shared <= intents
    assert tuple(taxonomy["scam_types"]) == SCAM_TYPES


def test_every_response_the_actions_send_exists(responses: dict[str, Any]) -> None:
    assert responses_used_by_actions() - set(responses) == set()


def test_every_response_is_used(responses: dict[str, Any]) -> None:
    in_rules = set()
    for path in (ROOT / "dialogue").glob("*.yml"):
        for rule in read_yaml(path).get("rules") or []:
            in_rules |= {step["action"] for step in rule["steps"] if "action" in step}
    sent_elsewhere = {"utter_default", EMPTY_MESSAGE_RESPONSE}
    unused = set(responses) - in_rules - responses_used_by_actions() - sent_elsewhere
    assert unused == set()


def test_every_first_urgent_response_opens_the_same_way(responses: dict[str, Any]) -> None:
    from actions.urgency import urgent_responses
    from common.damage import DAMAGE_ORDER

    for kind in DAMAGE_ORDER:
        first = urgent_responses([kind])[0]
        assert responses[first][0]["text"].startswith("Dit is nu het belangrijkst:"), kind


def gateway_responses() -> dict[str, list[dict[str, Any]]]:
    """What the gateway itself says (bot/texts.py: plain strings, no gateway imports),
    with its placeholders filled in, in the shape of the domain's responses."""
    from bot import texts as gateway

    samples = {
        "limit": 4000,
        "minutes": 15,
        "ahead": 3,
        "hours": "maandag tot en met vrijdag van 9.00 tot 17.00 uur",
        "name": "Anna",
        "scam_type": "Phishingbericht",
        "url": "https://hulp.example/console/cases/1",
        "number": 2,
        "reason": "Dit bestand is geen foto of schermafbeelding.",
        "count": 5,
        "warning": "Dit bericht komt niet van PostNL. Klik niet op de link.",
    }
    found: dict[str, list[dict[str, Any]]] = {}
    for name, value in vars(gateway).items():
        if not name.isupper():
            continue
        if isinstance(value, str):
            found[name] = [{"text": value.format(**samples)}]
        elif isinstance(value, tuple):
            found[name] = [{"text": text} for text in value]
        elif isinstance(value, dict):
            for key, text in value.items():
                found[f"{name}[{key}]"] = [{"text": text}]
    return found


def test_gateway_texts_follow_the_same_rules(contacts: dict[str, dict[str, Any]]) -> None:
    """The gateway's own messages (hand-off, consent, erasure, campaign welcomes, ...):
    known contacts only, no unverified number, never reassuring, B1 length."""
    responses = gateway_responses()
    assert "CONSENT_QUESTION" in responses and "WELCOME_BY_GROUP[ondernemers]" in responses
    test_every_phone_email_and_website_is_a_known_contact(responses, contacts)
    unverified = {
        digits(c["phone"])
        for c in contacts.values()
        if c.get("phone") and not c.get("verified", True)
    }
    given = {digits(p) for _, text in texts(responses) for p in PHONE.findall(text)}
    assert given and not unverified & given
    assert [(n, t) for n, t in texts(responses) if reassurance(t)] == []
    test_plain_dutch_short_sentences(responses)
