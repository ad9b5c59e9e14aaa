"""The screenshot upload's multipart form, parsed in memory.

Starlette's own form parsing writes a file over 1 MB to a temporary file on disk; a
resident's picture must never be kept on disk, so the parser here keeps up to the
per-file limit in memory (the body limit in errors.py bounds the whole). A body that
is no multipart form, or a form without files, is a Dutch refusal."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from bot import texts
from bot.conversation.contract import GatewayError
from bot.images import upload

MAX_TEXT_CHARS = 4000


@dataclass
class ImageForm:
    images: list[bytes]
    text: str | None
    client_key: str | None


async def read_image_form(request: Request) -> ImageForm:
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        raise GatewayError(400, "no_image", texts.NO_IMAGE)
    parser = MultiPartParser(
        request.headers,
        request.stream(),
        max_files=upload.MAX_IMAGES + 1,
        max_fields=8,
        max_part_size=MAX_TEXT_CHARS * 4,
    )
    # In memory up to one file's limit (an instance setting, not Starlette's default).
    parser.spool_max_size = upload.MAX_BYTES + 1
    try:
        form = await parser.parse()
    except MultiPartException as error:
        if "files" in str(error).lower():
            raise GatewayError(
                413, "too_many_images", texts.TOO_MANY_IMAGES.format(limit=upload.MAX_IMAGES)
            ) from None
        raise GatewayError(400, "unreadable_image", texts.IMAGE_BROKEN) from None
    try:
        files = [f for f in form.getlist("image") if isinstance(f, UploadFile)]
        if not files:
            raise GatewayError(400, "no_image", texts.NO_IMAGE)
        if len(files) > upload.MAX_IMAGES:
            raise GatewayError(
                413, "too_many_images", texts.TOO_MANY_IMAGES.format(limit=upload.MAX_IMAGES)
            )
        images = [await f.read() for f in files]
        text, key = form.get("text"), form.get("client_key")
        return ImageForm(
            images,
            text if isinstance(text, str) and text.strip() else None,
            key if isinstance(key, str) else None,
        )
    finally:
        await form.close()
