"""What real screenshots need before Tesseract reads them well: grey scale, dark mode
turned light (Tesseract reads dark text on a light ground best), small pictures scaled
up (it wants letters of about 30 pixels) and huge ones down (time). The phone's own
status bar is cut off after reading (ocr.py), where its time and battery can be told
from a message's first line; a fixed crop would cut the first line of a screenshot
that starts at the message."""

from __future__ import annotations

from PIL import Image, ImageOps, ImageStat

# Below this mean brightness (0-255) the picture is a dark theme.
DARK_MEAN = 110
# Scaled up towards this width, at most 3 times (time grows with the pixels): the
# letters of a 720-pixel-wide phone screenshot are small for Tesseract.
MIN_WIDTH = 1400
MAX_SIDE = 4200


def is_dark(grey: Image.Image) -> bool:
    return ImageStat.Stat(grey).mean[0] < DARK_MEAN


def prepare(picture: Image.Image) -> Image.Image:
    grey = ImageOps.grayscale(picture)
    if is_dark(grey):
        grey = ImageOps.invert(grey)
    scale = 1.0
    if grey.width < MIN_WIDTH:
        scale = min(3.0, MIN_WIDTH / grey.width)
    if max(grey.size) * scale > MAX_SIDE:
        scale = MAX_SIDE / max(grey.size)
    if abs(scale - 1.0) > 0.05:
        size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
        grey = grey.resize(size, Image.Resampling.LANCZOS)
    return grey
