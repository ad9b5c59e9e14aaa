"""An uploaded file checked and decoded, or refused with a Dutch reason.

Checks run before any pixel is decoded where they can: the byte size first, then the
format and the pixel count from the header (a small file can claim 100,000 x 100,000
pixels: a decompression bomb). Only the first frame of an animation is read. The
decoded picture keeps no EXIF or location: only its pixels go on, and they are thrown
away after reading."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from bot import texts

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_IMAGES = 4
# What browsers, phones and Telegram send as a picture.
FORMATS = frozenset({"PNG", "JPEG", "MPO", "WEBP", "GIF", "BMP", "TIFF"})
# Pillow's own bomb guard refuses at twice this; ours refuses at MAX_PIXELS first.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass
class ImageRefused(Exception):
    """Why a file cannot be read: HTTP status, code and the Dutch message."""

    status: int
    code: str
    message: str


TOO_LARGE = ImageRefused(413, "image_too_large", texts.IMAGE_TOO_LARGE)
TOO_MANY_PIXELS = ImageRefused(413, "image_too_large", texts.IMAGE_TOO_MANY_PIXELS)
NOT_AN_IMAGE = ImageRefused(415, "not_an_image", texts.NOT_AN_IMAGE)
HEIC = ImageRefused(415, "not_an_image", texts.IMAGE_HEIC)
BROKEN = ImageRefused(400, "unreadable_image", texts.IMAGE_BROKEN)


def _is_heic(data: bytes) -> bool:
    # iPhone photos: an ISO media file whose brand says HEIF/HEIC.
    return data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc")


def decode(data: bytes) -> Image.Image:
    """The first frame as an upright RGB picture, or ImageRefused."""
    if len(data) > MAX_BYTES:
        raise TOO_LARGE
    if not data:
        raise BROKEN
    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.format not in FORMATS:
                raise NOT_AN_IMAGE
            width, height = opened.size
            if width * height > MAX_PIXELS:
                raise TOO_MANY_PIXELS
            opened.seek(0)
            # Phone photos lie on their side until the EXIF orientation is applied.
            upright = ImageOps.exif_transpose(opened).convert("RGB")
            # A new picture of the pixels alone: no EXIF, GPS or other metadata (a copy
            # or a convert would carry `info` and its EXIF block along).
            return Image.frombytes("RGB", upright.size, upright.tobytes())
    except ImageRefused:
        raise
    except Image.DecompressionBombError:
        raise TOO_MANY_PIXELS from None
    except UnidentifiedImageError:
        raise (HEIC if _is_heic(data) else NOT_AN_IMAGE) from None
    except (OSError, ValueError, SyntaxError, EOFError):
        # Truncated or corrupt data (Pillow raises several kinds).
        raise BROKEN from None
