"""Warning signs in pasted messages: links, numbers, IBANs, pressure, requests."""

from __future__ import annotations

from actions.message_analysis import analyse, imitated_brand, worth_listing
from common.masking import Style, mask, mask_iban


def responses(text: str) -> list[str]:
    return [sign.response for sign in analyse(text)]


def test_lookalike_bank_link_with_pressure_and_payment() -> None:
    text = (
        "Beste klant, uw ING pas verloopt vandaag. Vernieuw binnen 24 uur via "
        "https://ing-pasvervanging.nl/login. Maak €1,95 over."
    )
    signs = analyse(text)
    found = {s.response: s.values for s in signs}
    assert found["utter_sign_link"] == {"domain": "ing-pasvervanging[.]nl"}
    assert found["utter_sign_lookalike"]["brand"] == "ING"
    assert "binnen 24 uur" in found["utter_sign_urgency"]["words"]
    assert "utter_sign_code_request" in found and "utter_sign_payment_request" in found
    assert worth_listing(text, signs)


def test_shortener_and_parcel_lookalike() -> None:
    found = responses("Uw pakket ligt klaar: bit.ly/3xYz of postnl-bezorging.info")
    assert "utter_sign_shortener" in found
    assert found.count("utter_sign_lookalike") == 1


def test_typo_homoglyph_and_punycode_domains() -> None:
    assert imitated_brand("tlkkie.nl") == "Tikkie"
    assert imitated_brand("rab0bank-veilig.com") == "Rabobank"
    assert imitated_brand("mijn-belastingdienst.net") == "Belastingdienst"
    assert "utter_sign_punycode" in responses("ga naar xn--rabobnk-ora.com")


def test_brand_domains_are_not_lookalikes_but_still_links() -> None:
    assert imitated_brand("www.rabobank.nl") is None
    assert imitated_brand("booking.com") is None
    assert responses("klik op https://www.rabobank.nl/inloggen")[0] == "utter_sign_link"


def test_helpline_sites_and_numbers_are_not_flagged() -> None:
    assert analyse("kijk op politie.nl of bel 0900-8844") == []


def test_phone_numbers_foreign_and_premium_masked() -> None:
    signs = analyse("bel +44 20 7946 0958 of 0906-1234567")
    kinds = [s.response for s in signs]
    assert "utter_sign_phone_foreign" in kinds and "utter_sign_phone_premium" in kinds
    assert all("7946" not in v for s in signs for v in s.values.values())


def test_iban_valid_with_bank_invalid_and_foreign() -> None:
    signs = {s.response: s.values for s in analyse("maak over naar NL91ABNA0417164300")}
    assert "ABN AMRO" in signs["utter_sign_iban"]["bank"]
    assert signs["utter_sign_iban"]["iban"] == "NL91ABNA••••••••00"
    assert "utter_sign_iban_invalid" in responses("rekening NL12RABO0123456789")
    assert "utter_sign_iban_foreign" in responses("IBAN DE89370400440532013000")


def test_friend_in_need_signs() -> None:
    found = responses(
        "Hoi mam, mijn telefoon is kapot, dit is mijn nieuwe nummer. Kun je iets betalen?"
    )
    assert "utter_sign_new_number" in found and "utter_sign_payment_request" in found


def test_no_signs_means_no_list_not_a_verdict() -> None:
    text = "hallo ik heb een vraag"
    assert analyse(text) == [] and not worth_listing(text, [])


def test_masking_hides_ibans_phones_and_emails() -> None:
    masked = mask("IBAN NL91ABNA0417164300, bel 06-12345678, mail jan.jansen@example.nl")
    assert "0417164300" not in masked and "12345678" not in masked and "jan.jansen" not in masked
    assert mask_iban("NL91 ABNA 0417 1643 00", Style.SHOWN_BACK) == "NL91ABNA••••••••00"
