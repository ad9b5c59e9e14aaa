"""What the report-draft tests share: the report form's turns as the fake Rasa plays them
(the draft growing, then finished, as actions/report_form.py sends it) and reading a PDF
back with poppler's pdftotext (Debian's poppler-utils; the Makefile installs it)."""

from __future__ import annotations

import subprocess
from typing import Any

from bot.tests.fake_rasa import FakeRasa, report_draft, text
from common.report_draft import ReportDraft, render_text

SCAM = "bank_helpdesk_fraud"
# The resident's answers: curly quotes, an IBAN, an amount with €, a date, an ë.
FACTS: dict[str, str] = {
    "what": "Iemand belde namens ‘de bank’ en zei dat mijn rekening in gevaar was.",
    "when": "maandag 3 maart 2026",
    "paid": "Ja",
    "amount": "€ 1.250,00",
    "iban": "NL91ABNA0417164300",
    "account_name": "J. de Vriës",
    "done": "Mijn bank gebeld. Daarna de politie.",
}
START = "Ik wil aangifte doen"
FINISHED = ReportDraft(scam_type=SCAM, finished=True, facts=FACTS)
FINISHED_TEXT = render_text(FINISHED)
# The questions the form asks, one per answer (the last answer finishes the draft).
QUESTIONS = [f"Vraag {n}: wat is je antwoord?" for n in range(len(FACTS))]


def script_form(fake: FakeRasa) -> list[str]:
    """The form on the fake Rasa: each answer adds its fact; the last one finishes the
    draft and gets the draft's text as a bubble. Returns the resident's messages in order
    (the first asks for the form)."""
    names = list(FACTS)
    fake.on(START, text(QUESTIONS[0]), report_draft(SCAM))
    said = [START]
    for n, name in enumerate(names):
        so_far = {key: FACTS[key] for key in names[: n + 1]}
        last = n == len(names) - 1
        replies: list[dict[str, Any]] = (
            [text("Dit is je concept."), text(FINISHED_TEXT)] if last else [text(QUESTIONS[n + 1])]
        )
        fake.on(FACTS[name], *replies, report_draft(SCAM, finished=last, **so_far))
        said.append(FACTS[name])
    return said


def pdf_text(document: bytes) -> str:
    """The PDF's text, whitespace made single (lines wrap where the page ends)."""
    assert document.startswith(b"%PDF-"), document[:20]
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=document,
        capture_output=True,
        check=True,
        timeout=30,
    )
    return " ".join(done.stdout.decode("utf-8").split())


def plain(words: str) -> str:
    return " ".join(words.split())
