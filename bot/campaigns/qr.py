"""QR codes for campaign links, as SVG and PNG for print (segno)."""

from __future__ import annotations

import io
import math
from typing import Literal

import segno

# At least 15% of the code may be damaged (a crease, a staple); segno raises the level
# when that fits in the same size.
ERROR_CORRECTION = "m"
SCALE = 10  # pixels per module in the SVG (it scales without loss anyway)
BORDER = 4  # the quiet zone the QR standard asks for, in modules
# A PNG for a poster: at least this many pixels wide (10 cm at 300 dpi).
PRINT_PIXELS = 1200
# A white background in both formats: a transparent code is unreadable on a dark poster.
LIGHT = "#ffffff"

QrFormat = Literal["svg", "png"]


def make_qr(content: str) -> segno.QRCode:
    return segno.make(content, error=ERROR_CORRECTION, micro=False)


def qr_svg(content: str, title: str | None = None) -> bytes:
    """A QR code as a standalone SVG file (scales without loss for posters)."""
    buffer = io.BytesIO()
    make_qr(content).save(
        buffer,
        kind="svg",
        scale=SCALE,
        border=BORDER,
        title=title,
        encoding="utf-8",
        light=LIGHT,
    )
    return buffer.getvalue()


def png_scale(code: segno.QRCode) -> int:
    """Pixels per module so that the PNG, quiet zone included, is print size."""
    return math.ceil(PRINT_PIXELS / (len(code.matrix) + 2 * BORDER))


def qr_png(content: str) -> bytes:
    """A QR code as a black-and-white PNG file of at least PRINT_PIXELS, for print."""
    code = make_qr(content)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=png_scale(code), border=BORDER, light=LIGHT)
    return buffer.getvalue()


def qr_image(content: str, fmt: QrFormat) -> bytes:
    return qr_svg(content) if fmt == "svg" else qr_png(content)


def qr_filename(code: str, link_kind: Literal["web", "telegram"], fmt: QrFormat) -> str:
    """A download name such as 'qr-ouderen-2026-telegram.png' (codes are filename-safe)."""
    return f"qr-{code}-{link_kind}.{fmt}"


MEDIA_TYPES: dict[str, str] = {"svg": "image/svg+xml", "png": "image/png"}
