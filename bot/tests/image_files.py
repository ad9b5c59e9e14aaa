"""Image files for the screenshot tests, made with Pillow: a readable SMS-like picture,
a dark-mode one, an animated GIF, a decompression bomb, a corrupt and an empty one."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SMS_LINES = (
    "ING: Uw betaalpas verloopt vandaag.",
    "Verleng uw pas direct via",
    "https://ing-pasverlengen.com/nl",
    "of maak 1,50 over naar",
    "NL91 ABNA 0417 1643 00",
)
SMS_DOMAIN = "ing-pasverlengen.com"
SMS_IBAN = "NL91 ABNA 0417 1643 00"


def picture(lines: tuple[str, ...] = SMS_LINES, dark: bool = False, size: int = 28) -> Image.Image:
    ground, ink = ((17, 27, 33), (233, 237, 239)) if dark else ((255, 255, 255), (20, 20, 20))
    font = ImageFont.truetype(FONT, size)
    image = Image.new("RGB", (900, 80 + len(lines) * size * 2), ground)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((40, 40 + i * size * 2), line, font=font, fill=ink)
    return image


def encoded(image: Image.Image, kind: str = "PNG", **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def sms_png(dark: bool = False) -> bytes:
    return encoded(picture(dark=dark))


def sms_jpeg_with_location() -> bytes:
    """A JPEG that carries EXIF with a GPS position, as a phone camera writes."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (52.0, 5.0, 0.0)
    gps[3], gps[4] = "E", (4.0, 18.0, 0.0)
    return encoded(picture(), "JPEG", quality=90, exif=exif)


def animated_gif() -> bytes:
    frames = [picture(), picture(("Nog een plaatje",))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=500, loop=0)
    return out.getvalue()


def blank_png() -> bytes:
    return encoded(Image.new("RGB", (600, 400), (250, 250, 250)))


def bomb_png() -> bytes:
    """A small file that claims 10,000 x 10,000 pixels (100 megapixels)."""
    return encoded(Image.new("1", (10_000, 10_000), 0), optimize=True)


def corrupt_png() -> bytes:
    return sms_png()[:400]
