"""One screenshot in, the text a resident saw out: decoded and checked (upload.py),
prepared (prepare.py), read (ocr.py) and repaired (repair.py). Reading runs in a
thread, at most `concurrency` at a time per gateway worker, and tesseract is killed
after the time limit, so one slow image never stalls other residents."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from bot import texts
from bot.images import ocr, upload
from bot.images.prepare import prepare
from bot.images.repair import repair

logger = logging.getLogger(__name__)

# Fewer letters than this, or words Tesseract is this unsure of: not read.
MIN_LETTERS = 12
MIN_CONFIDENCE = 35.0
TOO_SLOW = upload.ImageRefused(422, "image_too_slow", texts.IMAGE_TOO_SLOW)


@dataclass
class Reading:
    """What one image said: the repaired text and what the repair changed."""

    text: str
    changes: list[tuple[str, str]] = field(default_factory=list)
    confidence: float = 0.0

    @property
    def readable(self) -> bool:
        letters = sum(ch.isalpha() for ch in self.text)
        return letters >= MIN_LETTERS and self.confidence >= MIN_CONFIDENCE


def read_image(data: bytes, timeout: float) -> Reading:
    """Blocking: decode, prepare, read and repair one image (ImageRefused if it cannot)."""
    picture = prepare(upload.decode(data))
    try:
        found = ocr.read(picture, timeout)
    except RuntimeError as error:  # pytesseract: "Tesseract process timeout"
        if "timeout" in str(error).lower():
            raise TOO_SLOW from None
        raise
    finally:
        picture.close()
    repaired = repair(found.text)
    return Reading(repaired.text, repaired.changes, found.confidence)


class ImageReader:
    def __init__(self, concurrency: int, timeout: float) -> None:
        self.timeout = timeout
        self._slots = asyncio.Semaphore(max(1, concurrency))

    async def read(self, data: bytes) -> Reading:
        async with self._slots:
            return await asyncio.to_thread(read_image, data, self.timeout)

    async def read_all(self, images: list[bytes]) -> list[Reading | upload.ImageRefused]:
        """Each image read (in turn, so one resident's four images take one slot), or
        why it could not be. Only the sizes are logged, never what was read."""
        results: list[Reading | upload.ImageRefused] = []
        for data in images:
            try:
                results.append(await self.read(data))
            except upload.ImageRefused as refused:
                results.append(refused)
        logger.info(
            "images read: %s",
            ", ".join(r.code if isinstance(r, upload.ImageRefused) else "ok" for r in results),
        )
        return results
