"""The screenshot reader's parts without Tesseract or a browser: the link and IBAN repair,
how OCR words become paragraphs (hand-built words and a fake image_to_data result), the
upload checks and decoding, the preparation for OCR, and what the resident is shown."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageStat
from schwifty import IBAN

from bot import texts
from bot.conversation.with_image import SHOWN_CHARS, shown
from bot.images import ocr, prepare, reader, upload
from bot.images.ocr import Line, Word
from bot.images.reader import Reading
from bot.images.repair import repair
from bot.tests import image_files as files

# Width in pixels of one character of the hand-built OCR words.
CHAR = 20
# The picture the fake OCR results come from: the status bar share is its top 140 pixels.
PAGE = (1000, 2000)


# --- repair: links ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("read", "repaired", "changes"),
    [
        (
            "Ga naar https: //postnl-pakket.nl nu",
            "Ga naar https://postnl-pakket.nl nu",
            [("https: //", "https://")],
        ),
        (
            "Ga naar HTTPS : / / ing-pas.nl",
            "Ga naar https://ing-pas.nl",
            [("HTTPS : / /", "https://")],
        ),
        (
            "Betaal op postnl. nl/track vandaag",
            "Betaal op postnl.nl/track vandaag",
            [("postnl. nl", "postnl.nl")],
        ),
        ("Kijk op postnl .nl", "Kijk op postnl.nl", [("postnl .nl", "postnl.nl")]),
        ("Ga naar www . x.com", "Ga naar www.x.com", [("www .", "www.")]),
        (
            "Scan via www.rabo- scannerupdate.nl vandaag",
            "Scan via www.rabo-scannerupdate.nl vandaag",
            [("rabo- scannerupdate.nl", "rabo-scannerupdate.nl")],
        ),
        (
            "Ga naar https: //www . rnijn-ing. nl nu",
            "Ga naar https://www.mijn-ing.nl nu",
            [
                ("https: //", "https://"),
                ("www .", "www."),
                ("rnijn-ing. nl", "rnijn-ing.nl"),
                ("www.rnijn-ing.nl", "www.mijn-ing.nl"),
            ],
        ),
    ],
)
def test_spaces_in_links_are_removed_and_listed(
    read: str, repaired: str, changes: list[tuple[str, str]]
) -> None:
    result = repair(read)
    assert result.text == repaired
    assert result.changes == changes


def test_rn_read_for_m_is_repaired_only_into_a_known_word() -> None:
    result = repair("Log in op rnijn-ing.nl voor vrijdag")
    assert result.text == "Log in op mijn-ing.nl voor vrijdag"
    assert result.changes == [("rnijn-ing.nl", "mijn-ing.nl")]
    # 'kem' is no word: 'kern' stays as it was read.
    untouched = repair("Log in op kern-ing.nl voor vrijdag")
    assert untouched.text == "Log in op kern-ing.nl voor vrijdag"
    assert untouched.changes == []
    # 'vv' for 'w' the same way.
    assert repair("mijn-vvhatsapp.com").text == "mijn-whatsapp.com"


def test_a_word_the_text_itself_uses_counts_as_known() -> None:
    result = repair("De Kemphaan bank: log in op kernphaan.nl")
    assert result.text == "De Kemphaan bank: log in op kemphaan.nl"
    assert result.changes == [("kernphaan.nl", "kemphaan.nl")]


def test_rn_outside_a_link_is_left_alone() -> None:
    assert repair("Ga naar uw rnijn omgeving").text == "Ga naar uw rnijn omgeving"


# --- repair: IBANs --------------------------------------------------------------------------
def test_letters_read_for_digits_are_repaired_when_the_iban_then_validates() -> None:
    result = repair("Maak over naar NL9l ABNA O417 l643 OO vandaag")
    assert result.text == "Maak over naar NL91 ABNA 0417 1643 00 vandaag"
    assert result.changes == [("NL9l ABNA O417 l643 OO", "NL91 ABNA 0417 1643 00")]
    IBAN("NL91ABNA0417164300")  # the repaired one validates


def test_a_digit_read_for_a_letter_in_the_bank_code_is_repaired() -> None:
    result = repair("Maak over naar NL91 A8NA 0417 1643 00")
    assert result.text == "Maak over naar NL91 ABNA 0417 1643 00"
    assert result.changes == [("NL91 A8NA 0417 1643 00", "NL91 ABNA 0417 1643 00")]


@pytest.mark.parametrize("read", ["NL91 ABNA 0417 1643 01", "NL9l ABNA O417 l643 O1"])
def test_an_iban_with_a_wrong_digit_is_not_made_valid(read: str) -> None:
    # Other check digits would make this account number valid: never chosen.
    valid_with_other_check = IBAN.generate("NL", bank_code="ABNA", account_code="0417164301")
    assert valid_with_other_check.compact[2:4] != "91"
    result = repair(f"Maak over naar {read} vandaag")
    assert result.text == f"Maak over naar {read} vandaag"
    assert result.changes == []
    assert valid_with_other_check.compact[:4] not in result.text


def test_a_valid_iban_and_a_correct_link_are_left_alone() -> None:
    text = "Ga naar https://www.rabo-scannerupdate.nl/login of betaal aan NL91 ABNA 0417 1643 00"
    result = repair(text)
    assert result.text == text
    assert result.changes == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Klik hier. Nl is ons land.",
        "Wij, o.a. de bank en de belastingdienst, bellen u nooit.",
        "Dat is d.w.z. de helft van het bedrag.",
        "Ik kom om 14.30 uur. Tot dan!",
        "Betaal € 1,50 euro of 12.50 euro voor de verzending.",
        "Hoi mam, mijn telefoon is kapot. Dit is mijn nieuwe nummer.",
        "Uw rekening wordt geblokkeerd. Verifieer uw gegevens binnen 24 uur.",
        "Wij nemen contact op via 06-12345678. Mijn modem is kapot.",
        "Wij, nl. de bank, bellen nooit.",
        "Neem bijv. de trein of ca. een uur later enz. de rest.",
        "Dat is een goed idee. eu-regels gelden ook.",
    ],
)
def test_ordinary_dutch_sentences_pass_unchanged(sentence: str) -> None:
    result = repair(sentence)
    assert result.text == sentence
    assert result.changes == []


# --- ocr: lines into paragraphs ---------------------------------------------------------------
def make_line(text: str, top: int, left: int = 40, confidence: float = 90.0) -> Line:
    """A line as Tesseract returns it: words CHAR pixels a character, one apart."""
    words = []
    x = left
    for part in text.split():
        words.append(Word(part, x, top, x + CHAR * len(part), confidence))
        x += CHAR * (len(part) + 1)
    return Line(words)


def tesseract_data(paragraphs: list[list[Line]]) -> dict[str, list]:
    """pytesseract's image_to_data DICT for these paragraphs (two to a block), with the
    page, block, paragraph and line rows that carry no text and confidence -1."""
    data: dict[str, list] = {
        key: []
        for key in (
            "level",
            "page_num",
            "block_num",
            "par_num",
            "line_num",
            "word_num",
            "left",
            "top",
            "width",
            "height",
            "conf",
            "text",
        )
    }

    def row(level: int, block: int, par: int, line: int, word: int, **values: object) -> None:
        numbers = {
            "level": level,
            "page_num": 1,
            "block_num": block,
            "par_num": par,
            "line_num": line,
            "word_num": word,
        }
        layout = {"left": 0, "top": 0, "width": 0, "height": 0, "conf": -1, "text": ""}
        for key, value in {**numbers, **layout, **values}.items():
            data[key].append(value)

    row(1, 0, 0, 0, 0, width=PAGE[0], height=PAGE[1])
    for index, lines in enumerate(paragraphs):
        block, par = index // 2 + 1, index % 2 + 1
        if par == 1:
            row(2, block, 0, 0, 0)
        row(3, block, par, 0, 0)
        for line_num, line in enumerate(lines, 1):
            row(4, block, par, line_num, 0)
            for word_num, word in enumerate(line.words, 1):
                row(
                    5,
                    block,
                    par,
                    line_num,
                    word_num,
                    left=word.left,
                    top=word.top,
                    width=word.right - word.left,
                    height=CHAR * 2,
                    conf=word.confidence,
                    text=word.text,
                )
    return data


def read_fake(monkeypatch: pytest.MonkeyPatch, paragraphs: list[list[Line]]) -> ocr.Ocr:
    data = tesseract_data(paragraphs)
    monkeypatch.setattr(ocr, "run_tesseract", lambda picture, timeout: data)
    return ocr.read(Image.new("L", PAGE, 255), 5.0)


def test_paragraphs_of_groups_words_by_block_paragraph_and_line() -> None:
    first = [make_line("Uw pakket kon", 300), make_line("niet worden bezorgd.", 350)]
    second = [make_line("Betaal de kosten.", 500)]
    third = [make_line("Groet, PostNL", 700)]
    found = ocr.paragraphs_of(tesseract_data([first, second, third]))
    assert [[line.text for line in lines] for lines in found] == [
        ["Uw pakket kon", "niet worden bezorgd."],
        ["Betaal de kosten."],
        ["Groet, PostNL"],
    ]
    assert found[0][1].words[0] == first[1].words[0]


def test_lines_of_a_paragraph_are_joined_with_spaces() -> None:
    lines = [make_line("Uw pakket kon niet", 300), make_line("worden bezorgd.", 350)]
    assert ocr.join_lines(lines) == "Uw pakket kon niet worden bezorgd."


def test_a_full_line_that_ends_in_a_normal_word_keeps_the_space() -> None:
    lines = [make_line("Uw rekening wordt morgen", 300), make_line("geblokkeerd.", 350)]
    assert ocr.join_lines(lines) == "Uw rekening wordt morgen geblokkeerd."


def test_a_link_broken_at_its_hyphen_is_joined_without_a_space() -> None:
    lines = [
        make_line("Scan uw pas via de app op de site van", 300),
        make_line("www.rabo-", 350),
        make_line("scannerupdate.nl vandaag nog.", 400),
    ]
    assert ocr.join_lines(lines) == (
        "Scan uw pas via de app op de site van www.rabo-scannerupdate.nl vandaag nog."
    )


def test_a_lone_dash_at_the_end_of_a_line_keeps_the_space() -> None:
    lines = [make_line("Let op -", 300), make_line("vandaag nog.", 350)]
    assert ocr.join_lines(lines) == "Let op - vandaag nog."


def test_a_full_line_broken_mid_link_is_joined_without_a_space() -> None:
    # The link did not fit on a line: its first part fills one to the edge.
    lines = [
        make_line("Ga naar de site:", 300),
        make_line("https://postnl-bezorg", 350),
        make_line("ing.nl/track vandaag", 400),
    ]
    assert lines[1].right == max(line.right for line in lines)
    assert ocr.join_lines(lines) == "Ga naar de site: https://postnl-bezorging.nl/track vandaag"


def test_a_link_before_a_visible_gap_keeps_the_space() -> None:
    lines = [
        make_line("Volg uw pakket via deze link:", 300),
        make_line("https://postnl-track.nl", 350),
        make_line("vandaag nog.", 400),
    ]
    assert max(line.right for line in lines) - lines[1].right > 2 * CHAR
    assert ocr.join_lines(lines) == (
        "Volg uw pakket via deze link: https://postnl-track.nl vandaag nog."
    )


def test_the_status_bar_is_dropped_only_at_the_top(monkeypatch: pytest.MonkeyPatch) -> None:
    found = read_fake(
        monkeypatch,
        [
            [make_line("9:41 Vodafone 4G 87%", 20, confidence=10.0)],
            [make_line("KPN 4G 87%", 60, left=700, confidence=10.0)],
            [make_line("Uw pakket staat klaar.", 300)],
            [make_line("9:41 Vodafone 4G 87%", 1200)],
        ],
    )
    assert found.paragraphs == ["Uw pakket staat klaar.", "9:41 Vodafone 4G 87%"]
    assert found.text == "Uw pakket staat klaar.\n9:41 Vodafone 4G 87%"
    # The dropped lines' words do not count in the confidence.
    assert found.confidence == pytest.approx(90.0)


def test_a_status_bar_line_in_the_first_paragraph_goes_and_the_message_stays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found = read_fake(
        monkeypatch,
        [[make_line("9:41 87%", 20), make_line("ING: uw pas verloopt vandaag.", 200)]],
    )
    assert found.paragraphs == ["ING: uw pas verloopt vandaag."]


def test_app_words_times_and_icon_marks_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    found = read_fake(
        monkeypatch,
        [
            [make_line("Vandaag", 200, left=400)],
            [make_line("Sms-bericht", 250, left=400)],
            [make_line("© @ =", 300)],
            [make_line("Uw pas is geblokkeerd, bel ons.", 400)],
            [make_line("18:37", 450, left=800)],
            [make_line("14:05 ✓✓", 900, left=800)],
        ],
    )
    assert found.paragraphs == ["Uw pas is geblokkeerd, bel ons."]


def test_the_time_at_the_end_of_a_bubble_is_removed(monkeypatch: pytest.MonkeyPatch) -> None:
    found = read_fake(
        monkeypatch,
        [
            [make_line("Uw pakket kon niet", 300), make_line("worden bezorgd. 18:37", 350)],
            [make_line("Hoi mam, dit is mijn nieuwe nummer 14:05 ✓✓", 600)],
        ],
    )
    assert found.paragraphs == [
        "Uw pakket kon niet worden bezorgd.",
        "Hoi mam, dit is mijn nieuwe nummer",
    ]


def test_read_gives_tesseract_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    limits: list[float] = []

    def fake(picture: Image.Image, timeout: float) -> dict[str, list]:
        limits.append(timeout)
        return tesseract_data([[make_line("Uw pakket staat klaar.", 300)]])

    monkeypatch.setattr(ocr, "run_tesseract", fake)
    assert ocr.read(Image.new("L", PAGE, 255), 7.5).paragraphs == ["Uw pakket staat klaar."]
    assert limits == [7.5]


def test_a_tesseract_timeout_is_refused_as_too_slow(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(picture: Image.Image, timeout: float) -> dict[str, list]:
        raise RuntimeError("Tesseract process timeout")

    monkeypatch.setattr(ocr, "run_tesseract", slow)
    with pytest.raises(upload.ImageRefused) as refused:
        reader.read_image(files.sms_png(), 1.0)
    assert (refused.value.status, refused.value.code) == (422, "image_too_slow")
    assert refused.value.message == texts.IMAGE_TOO_SLOW


def test_another_tesseract_error_is_not_called_slow(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(picture: Image.Image, timeout: float) -> dict[str, list]:
        raise RuntimeError("tesseract failed")

    monkeypatch.setattr(ocr, "run_tesseract", broken)
    with pytest.raises(RuntimeError, match="tesseract failed"):
        reader.read_image(files.sms_png(), 1.0)


# --- upload: checks and decoding ------------------------------------------------------------
HEIC_BYTES = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(200)


@pytest.mark.parametrize(
    ("data", "status", "code", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(upload.MAX_BYTES), 413, "image_too_large", "TOO_LARGE"),
        (files.bomb_png(), 413, "image_too_large", "TOO_MANY_PIXELS"),
        (b"Beste klant, uw pakket wacht.", 415, "not_an_image", "NOT_AN_IMAGE"),
        (files.encoded(Image.new("RGB", (20, 20)), "PPM"), 415, "not_an_image", "NOT_AN_IMAGE"),
        (HEIC_BYTES, 415, "not_an_image", "HEIC"),
        (files.corrupt_png(), 400, "unreadable_image", "BROKEN"),
        (b"", 400, "unreadable_image", "BROKEN"),
    ],
    ids=["size", "pixel-bomb", "text", "other-format", "heic", "truncated", "empty"],
)
def test_bad_files_are_refused_with_their_reason(
    data: bytes, status: int, code: str, message: str
) -> None:
    expected = {
        "TOO_LARGE": texts.IMAGE_TOO_LARGE,
        "TOO_MANY_PIXELS": texts.IMAGE_TOO_MANY_PIXELS,
        "NOT_AN_IMAGE": texts.NOT_AN_IMAGE,
        "HEIC": texts.IMAGE_HEIC,
        "BROKEN": texts.IMAGE_BROKEN,
    }[message]
    with pytest.raises(upload.ImageRefused) as refused:
        upload.decode(data)
    assert (refused.value.status, refused.value.code) == (status, code)
    assert refused.value.message == expected


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_picture_over_the_pixel_limit_but_under_pillows_guard_is_refused() -> None:
    # 48 megapixels: over MAX_PIXELS, under the 80 at which Pillow itself refuses.
    data = files.encoded(Image.new("1", (8000, 6000), 0), optimize=True)
    assert len(data) < upload.MAX_BYTES
    with pytest.raises(upload.ImageRefused) as refused:
        upload.decode(data)
    assert refused.value.message == texts.IMAGE_TOO_MANY_PIXELS


def test_a_readable_png_decodes_to_rgb() -> None:
    picture = upload.decode(files.sms_png())
    assert picture.mode == "RGB"
    assert picture.size == files.picture().size


def test_an_animated_gif_gives_its_first_frame() -> None:
    frames = [Image.new("RGB", (64, 48), (200, 30, 30)), Image.new("RGB", (64, 48), (30, 30, 200))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    with Image.open(io.BytesIO(out.getvalue())) as gif:
        assert gif.n_frames == 2
    picture = upload.decode(out.getvalue())
    assert picture.mode == "RGB" and picture.size == (64, 48)
    assert picture.getpixel((10, 10)) == (200, 30, 30)
    assert upload.decode(files.animated_gif()).size == files.picture().size


def test_an_exif_rotated_jpeg_comes_out_upright() -> None:
    # Wide, red on the left and blue on the right, saved 'rotate 90° clockwise to show'.
    wide = Image.new("RGB", (300, 100), (220, 20, 20))
    wide.paste((20, 20, 220), (150, 0, 300, 100))
    exif = Image.Exif()
    exif[0x0112] = 6
    picture = upload.decode(files.encoded(wide, "JPEG", quality=95, exif=exif))
    assert picture.size == (100, 300)
    top, bottom = picture.getpixel((50, 40)), picture.getpixel((50, 260))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[0] > 180 and top[2] < 60  # the left (red) half is now on top
    assert bottom[2] > 180 and bottom[0] < 60
    # The orientation is gone with the rotation: nothing turns it a second time.
    assert 0x0112 not in picture.getexif()


def test_a_decoded_photo_keeps_no_exif_or_location() -> None:
    picture = upload.decode(files.sms_jpeg_with_location())
    assert "exif" not in picture.info and dict(picture.getexif()) == {}


# --- prepare --------------------------------------------------------------------------------
def brightness(picture: Image.Image) -> float:
    return ImageStat.Stat(picture.convert("L")).mean[0]


def test_a_dark_picture_is_inverted_to_grey_scale() -> None:
    dark = files.picture(dark=True)
    assert brightness(dark) < prepare.DARK_MEAN
    ready = prepare.prepare(dark)
    assert ready.mode == "L"
    assert brightness(ready) > 200
    assert ready.getpixel((0, 0)) > 220  # the dark ground is now light


def test_a_light_picture_is_not_inverted() -> None:
    ready = prepare.prepare(files.picture())
    assert ready.mode == "L"
    assert brightness(ready) > 200
    assert ready.getpixel((0, 0)) == 255


def test_a_small_picture_is_scaled_up_to_the_minimum_width() -> None:
    ready = prepare.prepare(Image.new("RGB", (600, 300), (255, 255, 255)))
    assert ready.width >= prepare.MIN_WIDTH
    assert ready.width == 2 * ready.height  # same shape


@pytest.mark.parametrize(
    ("size", "expected"),
    [((5000, 3000), (4200, 2520)), ((1000, 6000), (700, 4200))],
)
def test_a_huge_picture_is_capped_at_the_maximum_side(
    size: tuple[int, int], expected: tuple[int, int]
) -> None:
    ready = prepare.prepare(Image.new("RGB", size, (255, 255, 255)))
    assert max(ready.size) == prepare.MAX_SIDE
    assert ready.size == expected


def test_a_picture_of_a_good_size_keeps_it() -> None:
    ready = prepare.prepare(Image.new("RGB", (1500, 2600), (255, 255, 255)))
    assert ready.size == (1500, 2600)
    assert ready.mode == "L"


# --- what the resident is shown -------------------------------------------------------------
def test_the_read_text_is_shown_defanged() -> None:
    text = "Ga naar https://postnl-pakket.nl/track of www.rabo-scan.nl"
    message = shown([Reading(text, [], 90.0)], [])
    assert message.startswith(texts.IMAGE_READ_INTRO)
    assert "hxxps://postnl-pakket[.]nl/track" in message
    assert "www[.]rabo-scan[.]nl" in message
    assert "https://" not in message and "postnl-pakket.nl" not in message
    assert texts.IMAGE_LINKS_NOTE in message
    assert texts.IMAGE_SHORTENED not in message and texts.IMAGE_CHANGES not in message


def test_text_without_links_gets_no_links_note() -> None:
    text = "Hoi mam, mijn telefoon is kapot. Maak 450 euro over naar NL91 ABNA 0417 1643 00."
    message = shown([Reading(text, [], 90.0)], [])
    assert text in message
    assert texts.IMAGE_LINKS_NOTE not in message


def test_long_text_is_shortened_at_a_space() -> None:
    text = "Hoi mam, dit is mijn nieuwe nummer. " * 40 + "LAATSTE"
    assert len(text) > SHOWN_CHARS
    message = shown([Reading(text, [], 90.0)], [])
    body = message.removeprefix(texts.IMAGE_READ_INTRO + "\n\n")
    assert body.endswith(" … " + texts.IMAGE_SHORTENED)
    kept = body.removesuffix(" … " + texts.IMAGE_SHORTENED)
    assert SHOWN_CHARS // 2 < len(kept) <= SHOWN_CHARS
    assert text.startswith(kept) and text[len(kept)] == " "
    assert "LAATSTE" not in message


def test_the_changes_are_listed_defanged() -> None:
    reading = Reading(
        "Log in op mijn-ing.nl",
        [("rnijn-ing.nl", "mijn-ing.nl"), ("NL9l ABNA O417", "NL91 ABNA 0417")],
        90.0,
    )
    message = shown([reading], [])
    listed = "\n".join(
        [
            texts.IMAGE_CHANGES,
            "• rnijn-ing[.]nl → mijn-ing[.]nl",
            "• NL9l ABNA O417 → NL91 ABNA 0417",
        ]
    )
    assert listed in message
    assert "mijn-ing.nl" not in message


def test_several_readings_and_notes_are_all_shown() -> None:
    readings = [
        Reading("Uw pakket wacht op u.", [], 90.0),
        Reading("Betaal via postnl-kosten.nl", [("postnl- kosten.nl", "postnl-kosten.nl")], 80.0),
    ]
    note = texts.IMAGE_NOT_READ_ONE.format(number=3, reason=texts.IMAGE_BROKEN)
    message = shown(readings, [note])
    parts = message.split("\n\n")
    assert parts[0] == texts.IMAGE_READ_INTRO
    assert parts[1] == "Uw pakket wacht op u."
    assert parts[2] == "Betaal via postnl-kosten[.]nl"
    assert texts.IMAGE_LINKS_NOTE in message
    assert message.endswith(note)
