"""The report draft as a PDF (fpdf2): the title, the facts as label and answer, and the
closing lines (where to file, what to keep), the same words as `render_text`.

The font is Debian's DejaVu Sans (package fonts-dejavu-core): the PDF core fonts know
only Latin-1, and residents' answers carry €, curly quotes and ë. Rendering is CPU work
of tens of milliseconds: callers run it off the event loop (`asyncio.to_thread`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, WrapMode, XPos, YPos

from bot.helpdesk.hours import TIMEZONE
from common.report_draft import ReportDraft, lines, render_text

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FAMILY = "DejaVuSans"
FILENAME = "concept-aangifte.pdf"
# What the title, the intro and the closing lines are: render_text's own lines, so the
# chat, the text download and the PDF never say different things.
HEADER_LINES = 3


class FontMissing(RuntimeError):
    """DejaVu Sans is not installed (Debian: fonts-dejavu-core)."""


def sections(draft: ReportDraft) -> tuple[str, list[str], list[tuple[str, str]], list[str]]:
    """render_text cut into title, intro lines, facts and closing lines."""
    text = render_text(draft).split("\n")
    facts = lines(draft)
    # render_text: title, intro, a blank line, two lines per fact, a blank line, the rest.
    start = HEADER_LINES + 1
    end = start + 2 * len(facts)
    expected = [part for label, answer in facts for part in (label, f"  {answer}")]
    if text[start:end] != expected or text[HEADER_LINES] != "":
        # The contract's layout changed: print its text as it is rather than guess.
        return text[0], [], [], text[1:]
    return text[0], text[1:HEADER_LINES], facts, text[end + 1 :]


def render(draft: ReportDraft, made_at: datetime) -> bytes:
    """The PDF's bytes."""
    if not (REGULAR.is_file() and BOLD.is_file()):
        raise FontMissing(f"{REGULAR} not found: install Debian's fonts-dejavu-core")
    title, intro, facts, closing = sections(draft)
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font(FAMILY, "", str(REGULAR))
    pdf.add_font(FAMILY, "B", str(BOLD))
    # Metadata names the document, never a fact.
    pdf.set_title(title)
    pdf.set_lang("nl")
    pdf.set_creator("Hulp bij oplichting")
    pdf.add_page()

    def paragraph(text: str, size: float = 11, bold: bool = False, indent: float = 0) -> None:
        pdf.set_font(FAMILY, "B" if bold else "", size)
        pdf.set_x(pdf.l_margin + indent)
        # Word wrapping breaks a word longer than the line (a wallet address) inside it.
        pdf.multi_cell(
            0,
            size * 0.55,
            text,
            align=Align.L,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
            wrapmode=WrapMode.WORD,
        )

    paragraph(title, size=18, bold=True)
    pdf.ln(2)
    for line in intro:
        paragraph(line)
    pdf.ln(4)
    for label, answer in facts:
        paragraph(label, bold=True)
        paragraph(answer, indent=4)
        pdf.ln(2.5)
    pdf.ln(2)
    for number, line in enumerate(closing):
        if not line:
            pdf.ln(3)
            continue
        if line.startswith("- "):
            paragraph("• " + line[2:], indent=4)
            continue
        # A line with a list under it is that list's heading.
        heading = number + 1 < len(closing) and closing[number + 1].startswith("- ")
        paragraph(line, bold=heading)
    pdf.ln(6)
    made = made_at.astimezone(TIMEZONE).strftime("%d-%m-%Y %H:%M")
    paragraph(f"Gemaakt op {made}. Bewaar dit bestand goed.", size=9)
    return bytes(pdf.output())
