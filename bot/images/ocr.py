"""Tesseract (Debian's, Dutch and English together so that links and English fragments
survive) through pytesseract, and its words put back into the text a resident saw.

Tesseract returns words with their block, paragraph and line. A chat bubble or an
e-mail paragraph is one paragraph: its lines are joined with a space, the way the
bubble broke them. A link that the bubble broke at its hyphen, or in the middle (a
word longer than the line fills it alone), is joined without a space. The phone's
status bar (time, signal, battery) at the very top is dropped, and so is the time at
the end of a chat bubble."""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass, field

import pytesseract
from PIL import Image

# One thread per tesseract: on 2 cores its OpenMP threads fight each other and every
# other process (0.4 s per screenshot with one thread, 2.4 s with the default).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

LANGUAGES = "nld+eng"
# psm 3: find the text blocks and their order on the page (bubbles, e-mail parts).
CONFIG = "--psm 3"
# The top share of the picture where a status bar sits.
STATUS_BAR_SHARE = 0.07
STATUS_LINE = re.compile(r"^(\d{1,2}[:.]\d{2}\b.*|.*\b\d{1,3}\s?%)$")
# A line that is only a bubble's time ('18:37 · Sms', '14:05 ✓✓').
TIME_LINE = re.compile(r"^\W*\d{1,2}[:.]\d{2}\b.{0,12}$")
# The apps' own words around the messages (a day chip, a label, a button).
APP_WORDS = re.compile(
    r"^\W*(vandaag|gisteren|sms|sms-bericht|tekstbericht|bericht|imessage|toevoegen|"
    r"blokkeren|dit nummer staat niet in je contacten|typ een bericht)\W*$",
    re.I,
)
# A mark read from an icon: short, no real word in it.
REAL_WORD = re.compile(r"[^\W\d_]{3,}")
# Not a time the message itself ends with ('tussen 14:00 en 18:00', 'om 12:00').
BUBBLE_TIME = re.compile(
    r"(?<!\ben)(?<!\bom)(?<!\btot)(?<!\bvan)(?<!\bvoor)(?<!-)"
    r"\s+\d{1,2}[:.]\d{2}(\s*[v✓√/Jy]{1,2})?$"
)
# Words that start the sentence after a link, never the rest of one ('.../aanvraag' /
# 'om blokkering ...').
SENTENCE_WORDS = frozenset(
    "om en of te de het een in op naar voor van met bij binnen anders dan als zodat "
    "want maar voordat na tot u je uw wij we ik and or to the".split()
)
# A word that continues a link or number broken mid-token.
CONTINUES = re.compile(r"^[\w/.\-?=&%#~]")
LINKISH = re.compile(r"(://|www\.|\.[a-z]{2,}/|/)|^[A-Z]{2}\d{2}$|^\d{2,4}$", re.I)


@dataclass
class Word:
    text: str
    left: int
    top: int
    right: int
    confidence: float


@dataclass
class Line:
    words: list[Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def right(self) -> int:
        return max(w.right for w in self.words)

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)


@dataclass
class Ocr:
    """The paragraphs read, and the mean confidence (0-100) of their words."""

    paragraphs: list[str]
    confidence: float

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def run_tesseract(picture: Image.Image, timeout: float) -> dict[str, list]:
    """Tesseract's words; it is killed after `timeout` seconds (RuntimeError)."""
    return pytesseract.image_to_data(
        picture,
        lang=LANGUAGES,
        config=CONFIG,
        output_type=pytesseract.Output.DICT,
        timeout=timeout,
    )


def paragraphs_of(data: dict[str, list]) -> list[list[Line]]:
    grouped: dict[tuple[int, int], dict[int, Line]] = {}
    for i, raw in enumerate(data["text"]):
        text = str(raw).strip()
        confidence = float(data["conf"][i])
        if not text or confidence < 0:
            continue
        key = (int(data["block_num"][i]), int(data["par_num"][i]))
        line = grouped.setdefault(key, {}).setdefault(int(data["line_num"][i]), Line())
        left, top = int(data["left"][i]), int(data["top"][i])
        line.words.append(Word(text, left, top, left + int(data["width"][i]), confidence))
    return [list(lines.values()) for lines in grouped.values()]


def join_lines(lines: list[Line]) -> str:
    """One paragraph's lines as the one line the bubble broke."""
    text = lines[0].text
    full_width = max(line.right for line in lines)
    char_width = _char_width(lines)
    for previous, line in itertools.pairwise(lines):
        last, first = previous.words[-1].text, line.words[0].text
        # The bubble broke a link at its hyphen ('www.rabo-' / 'scannerupdate.nl'), or in
        # the middle because it was longer than the line (the line is full to the edge).
        at_hyphen = len(last) > 1 and last.endswith("-") and first[:1].isalnum()
        # A word is only broken when it does not fit on a line of its own: then its
        # first part is the line's only word ('aanvraag' / 'om' is two words).
        broken_mid_word = (
            len(previous.words) == 1
            and full_width - previous.right < 0.8 * char_width
            and LINKISH.search(last) is not None
            and CONTINUES.match(first) is not None
            and first.lower().strip(".,:;!?") not in SENTENCE_WORDS
        )
        text += ("" if at_hyphen or broken_mid_word else " ") + line.text
    return text


def _char_width(lines: list[Line]) -> float:
    words = [w for line in lines for w in line.words]
    chars = sum(len(w.text) for w in words) or 1
    return sum(w.right - w.left for w in words) / chars


def is_status_bar(line: Line, height: int) -> bool:
    return line.top < STATUS_BAR_SHARE * height and STATUS_LINE.match(line.text) is not None


def read(picture: Image.Image, timeout: float) -> Ocr:
    data = run_tesseract(picture, timeout)
    paragraphs: list[str] = []
    confidences: list[float] = []
    for lines in paragraphs_of(data):
        lines = [line for line in lines if not is_status_bar(line, picture.height)]
        if not lines:
            continue
        text = BUBBLE_TIME.sub("", join_lines(lines)).strip()
        if TIME_LINE.match(text) or APP_WORDS.match(text) or not REAL_WORD.search(text):
            continue  # the app's own text, or icons read as marks
        paragraphs.append(text)
        confidences += [w.confidence for line in lines for w in line.words]
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return Ocr(paragraphs, mean)
