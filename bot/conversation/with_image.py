"""A resident sent screenshots: what they say goes on as the resident's message.

Each image is read (bot/images/). The read text, with the resident's own words sent
beside it first, becomes one resident message that the assistant analyses like a
pasted one (warning signs, scam type, urgent first). The resident first sees what was
read: 'Ik las dit in je afbeelding:', shortened when long, links defanged, and the
characters the repair changed. Nothing of the picture is kept. When nothing could be
read, a plain request to type or paste the message, with the volunteer button."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import texts
from bot.console.defang import defang
from bot.conversation.contract import GatewayError, Outcome
from bot.images import upload
from bot.images.reader import Reading

if TYPE_CHECKING:
    from bot.conversation.gateway import Gateway

# The read text shown back: at most this many characters per image.
SHOWN_CHARS = 700
NOTHING_READ_NOTE = "[afbeelding zonder leesbare tekst]"


async def receive_images(
    gw: Gateway,
    conversation_id: str,
    images: list[bytes],
    words: str | None = None,
    client_key: str | None = None,
) -> Outcome:
    if not images:
        raise GatewayError(400, "no_image", texts.NO_IMAGE)
    if len(images) > upload.MAX_IMAGES:
        raise GatewayError(
            413, "too_many_images", texts.TOO_MANY_IMAGES.format(limit=upload.MAX_IMAGES)
        )
    if not await gw.exists(conversation_id):
        raise GatewayError(404, "unknown_conversation", texts.UNKNOWN_CONVERSATION)
    results = await gw.images.read_all(images)
    read = [r for r in results if isinstance(r, Reading) and r.readable]
    refused = [
        (number, r) for number, r in enumerate(results, 1) if isinstance(r, upload.ImageRefused)
    ]
    if not read and len(refused) == len(results) == 1 and not words:
        # One file that is no readable image: the widget shows why, the resident retries.
        raise GatewayError(refused[0][1].status, refused[0][1].code, refused[0][1].message)
    notes = [
        texts.IMAGE_NOT_READ_ONE.format(number=number, reason=r.message)
        for number, r in refused
        if len(results) > 1
    ]
    if not read:
        if words:
            preface = ["\n\n".join([texts.IMAGE_NOTHING_READ, *notes])]
            return await gw.receive(conversation_id, words, client_key=client_key, preface=preface)
        return await nothing_read(gw, conversation_id, notes)
    text = "\n\n".join([*([words] if words else []), *(r.text for r in read)])
    text = text[: gw.settings.max_message_chars]
    preface = [shown(read, notes)]
    return await gw.receive(
        conversation_id, text, client_key=client_key, preface=preface, own_words=words or ""
    )


def shown(read: list[Reading], notes: list[str]) -> str:
    """What the resident sees of the read text: never clickable, shortened when long."""
    parts = [texts.IMAGE_READ_INTRO]
    for reading in read:
        text = reading.text
        if len(text) > SHOWN_CHARS:
            cut = text.rfind(" ", 0, SHOWN_CHARS)
            text = (
                text[: cut if cut > SHOWN_CHARS // 2 else SHOWN_CHARS]
                + " … "
                + texts.IMAGE_SHORTENED
            )
        parts.append(defang(text))
    changes = [change for reading in read for change in reading.changes]
    if changes:
        listed = "\n".join(f"• {defang(before)} → {defang(after)}" for before, after in changes)
        parts.append(f"{texts.IMAGE_CHANGES}\n{listed}")
    if any("[.]" in defang(r.text) for r in read):
        parts.append(texts.IMAGE_LINKS_NOTE)
    parts += notes
    return "\n\n".join(parts)


async def nothing_read(gw: Gateway, conversation_id: str, notes: list[str]) -> Outcome:
    """Kept as a note (volunteers see that a picture came), answered with a request."""
    reply = "\n\n".join([texts.IMAGE_NOTHING_READ, *notes])
    return await gw.note_unread(conversation_id, NOTHING_READ_NOTE, reply)
