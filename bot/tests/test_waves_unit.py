"""The parts of the waves that need no database: what describes a scam text's sender
(never the resident), the masked example, and the fingerprint's tolerance for what
campaigns vary (codes, amounts, greetings, links) but not for another message."""

from __future__ import annotations

from bot import texts
from bot.waves.fingerprint import fingerprint, normalise, similarity
from bot.waves.record import example_text
from bot.waves.telling import is_wave_note
from common.indicators import DOMAIN, IBAN_KIND, PHONE, URL, describe, own_values

PARCEL = (
    "Beste klant,\nUw pakket {code} kon niet worden bezorgd. Er staat nog €{fee} open. "
    "Betaal binnen 24 uur via {link} anders gaat het pakket terug."
)


def kinds(text: str, own: str = "") -> set[tuple[str, str]]:
    return {(i.kind, i.value) for i in describe(text, own).indicators}


def test_links_numbers_and_ibans_of_the_sender_are_indicators() -> None:
    text = (
        "Betaal via https://postnl-bezorging24.top/track?id=3 of bit.ly/Ab3x, bel +44 7911 "
        "123456 of maak over naar NL91ABNA0417164300."
    )
    found = describe(text)
    assert {(i.kind, i.value) for i in found.indicators} == {
        (DOMAIN, "postnl-bezorging24.top"),
        (URL, "bit.ly/Ab3x"),
        (PHONE, "+447911123456"),
        (IBAN_KIND, "NL91ABNA0417164300"),
    }
    assert found.organisation == "PostNL"
    assert [i.lookalike for i in found.indicators if i.kind == DOMAIN] == ["PostNL"]


def test_a_site_anyone_can_use_is_no_shared_indicator_but_its_link_is() -> None:
    # Two unrelated scams on WhatsApp links and Google Forms must not share an indicator.
    assert kinds("App me via https://wa.me/31648192735 nu") == {
        (URL, "wa.me/31648192735"),
        (PHONE, "+31648192735"),
    }
    assert kinds("Vul in: docs.google.com/forms/d/abc123") == {
        (URL, "docs.google.com/forms/d/abc123")
    }
    # A page on a hosting platform belongs to whoever made it.
    assert kinds("Log in op ing-pasverlenging.web.app") == {(DOMAIN, "ing-pasverlenging.web.app")}


def test_official_sites_helplines_and_broken_ibans_are_no_indicators() -> None:
    text = (
        "Kijk op postnl.nl of bel de Fraudehelpdesk 088-786 73 72 of 112. "
        "Rekening NL00ABNA0417164300 (fout)."
    )
    assert kinds(text) == set()


def test_the_residents_own_number_and_iban_are_left_out() -> None:
    text = "Hoi mam, app me op 06 48 12 77 90. Of stort op NL91ABNA0417164300."
    own = "mijn nummer is 06-48127790 en van mijn rekening NL91 ABNA 0417 1643 00 ging het geld"
    assert own_values(own) == {"+31648127790", "NL91ABNA0417164300"}
    assert kinds(text, own) == set()
    # The scammer's 'mijn nieuwe nummer' in the scam text is the scammer's.
    assert kinds("Hoi mam, dit is mijn nieuwe nummer 06 48 12 77 90") == {(PHONE, "+31648127790")}
    # 'bel me terug op' in the resident's words: theirs.
    assert kinds(text, "bel me terug op 0648127790") == {(IBAN_KIND, "NL91ABNA0417164300")}


def test_the_organisation_named_in_words_when_no_link_imitates_one() -> None:
    assert describe("Uw ING betaalpas verloopt. Bel ons.").organisation == "ING"
    assert describe("Er is een opening in de agenda.").organisation is None
    assert describe("Bericht van de Belastingdienst: u krijgt geld terug").organisation == (
        "Belastingdienst"
    )


def test_the_example_leaves_out_the_greeting_and_masks_numbers() -> None:
    assert example_text("Beste mevrouw Jansen, uw pakket ligt klaar.") == (
        "[aanhef]\nuw pakket ligt klaar."
    )
    assert example_text("Hoi Anna,\nbel 0612345678 nu") == "[aanhef]\nbel 06** *** *78 nu"
    assert example_text("Uw pakket wacht: pakket.top") == "Uw pakket wacht: pakket.top"


def test_the_fingerprint_ignores_codes_amounts_links_and_the_greeting() -> None:
    one = PARCEL.format(code="3SABC123", fee="1,99", link="postnl-a.top")
    two = PARCEL.format(code="3SXYZ987", fee="2,49", link="https://pakket-b.xyz/k").replace(
        "Beste klant,", "Geachte heer Bakker,"
    )
    assert normalise(one) == normalise(two)
    assert similarity(fingerprint(one).signature, fingerprint(two).signature) == 1.0
    other = (
        "Geachte klant, uw betaalpas verloopt binnenkort. Vraag vandaag nog een nieuwe pas "
        "aan en bevestig uw gegevens, anders wordt uw rekening geblokkeerd."
    )
    assert similarity(fingerprint(one).signature, fingerprint(other).signature) < 0.25
    assert fingerprint(one).words == len(one.split()) and len(fingerprint(one).bands) == 32


def test_the_gateways_wave_notes_are_told_apart_from_the_assistants_answers() -> None:
    assert is_wave_note(texts.WAVE_REPORTED.format(count=4))
    assert is_wave_note(texts.WAVE_CONFIRMED + "\n\n" + texts.WAVE_WARNING.format(warning="x"))
    assert not is_wave_note("Dit lijkt op phishing.")
