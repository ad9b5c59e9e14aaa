"""The report draft's PDF (bot/reports/pdf.py) on its own: the same words as the text,
long answers wrapped without losing a character, no fact in the document's metadata,
and a clear error when the font is not installed."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.reports import pdf
from bot.tests.report_helpers import FINISHED, pdf_text, plain
from common.report_draft import ReportDraft, lines, render_text

MADE = datetime(2026, 3, 4, 9, 30, tzinfo=timezone.utc)


def test_the_sections_are_the_texts_own_lines() -> None:
    title, intro, facts, closing = pdf.sections(FINISHED)
    text = render_text(FINISHED).split("\n")
    assert title == text[0] == "Concept voor je aangifte"
    assert intro == text[1:3]
    assert facts == lines(FINISHED)
    assert closing[-1] == text[-1] and "Waar doe je aangifte?" in closing
    # Nothing of the text is left out or said twice.
    rebuilt = [title, *intro, ""]
    rebuilt += [part for label, answer in facts for part in (label, f"  {answer}")]
    assert rebuilt + [""] + closing == text


def test_every_word_of_the_text_is_in_the_pdf_with_the_date_it_was_made() -> None:
    words = pdf_text(pdf.render(FINISHED, MADE))
    assert words.startswith(plain(render_text(FINISHED).split("\n")[0]))
    for line in render_text(FINISHED).split("\n"):
        assert plain(line.removeprefix("- ")) in words, line
    assert "Gemaakt op 04-03-2026 10:30." in words  # Amsterdam time


def test_a_long_wallet_address_wraps_without_losing_a_character() -> None:
    wallet = "bc1q" + "ar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq" * 4
    draft = ReportDraft("crypto_investment", True, {"wallet": wallet, "amount": "€ 20.000"})
    words = pdf_text(pdf.render(draft, MADE)).replace(" ", "")
    assert wallet in words and "€20.000" in words


def test_the_metadata_names_the_document_never_a_fact() -> None:
    document = pdf.render(FINISHED, MADE)
    info = document[document.rindex(b"/CreationDate") : document.rindex(b"xref")]
    assert b"/Title (Concept voor je aangifte)" in info
    assert b"/Creator (Hulp bij oplichting)" in info
    # The page text is compressed; nothing readable outside it carries a fact.
    for fact in (b"NL91ABNA0417164300", b"1.250", b"Vri"):
        assert fact not in document
    assert "NL91ABNA0417164300" in pdf_text(document)


def test_without_the_font_it_says_which_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "REGULAR", Path("/nowhere/DejaVuSans.ttf"))
    with pytest.raises(pdf.FontMissing, match="fonts-dejavu-core"):
        pdf.render(FINISHED, MADE)
