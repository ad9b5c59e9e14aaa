"""The widget API (docs/gateway-api.md): open a conversation, send a message or a
button, read messages, follow events (server-sent), erase the conversation, say which
messages arrived and were seen, make a personal return link and come back with it (the
/terug page), read the report draft as text or PDF, download the conversation as text;
the essential advice the widget shows when the gateway cannot be reached, and the
glossary of hard words it explains."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from bot import texts
from bot.api.deps import GatewayDep
from bot.api.image_form import read_image_form
from bot.campaigns.resident_pages import resident_pages
from bot.conversation import delivery, return_link
from bot.conversation.contract import GatewayError, Outcome
from bot.conversation.gateway import Gateway
from bot.conversation.transcript import FILENAME, transcript
from bot.events import event_stream
from bot.reports import pdf, resident
from common import glossary
from common.report_draft import render_text

router = APIRouter(prefix="/api")
# The page a return link opens (outside /api: a page, not JSON).
pages = APIRouter(include_in_schema=False)


class NewConversation(BaseModel):
    campaign: str | None = Field(default=None, max_length=64)


class ResidentMessage(BaseModel):
    text: str | None = None
    payload: str | None = Field(default=None, max_length=512)
    # The widget's key for this message, the same when it sends it again (resends.py);
    # one that is no key is ignored, never a reason to refuse the message.
    client_key: str | None = None


class Receipts(BaseModel):
    """Message ids the widget received, and those it showed on a visible page."""

    delivered: list[int] = Field(default_factory=list, max_length=delivery.MAX_ACKS)
    seen: list[int] = Field(default_factory=list, max_length=delivery.MAX_ACKS)


class ReturnSecret(BaseModel):
    secret: str = Field(max_length=128)


def client_of(request: Request) -> str | None:
    return request.client.host if request.client else None


@router.get("/essential-advice")
async def essential_advice() -> dict[str, Any]:
    return {"messages": [{"role": "bot", "text": t, "buttons": []} for t in texts.ESSENTIAL_ADVICE]}


# The glossary changes only with a release: any cache may keep it for an hour.
PUBLIC_FOR_AN_HOUR = {"Cache-Control": "public, max-age=3600"}


@router.get("/glossary")
async def glossary_entries(response: Response) -> dict[str, Any]:
    """The hard words of the texts, each with one plain line (common/glossary.yml):
    `{"entries": [{"term", "forms", "explanation"}, ...]}`."""
    response.headers.update(PUBLIC_FOR_AN_HOUR)
    return glossary.load().to_json()


@router.post("/conversations", status_code=201)
async def open_conversation(
    request: Request, gateway: GatewayDep, body: NewConversation | None = None
) -> dict[str, Any]:
    await gateway.allow_client(client_of(request))
    conversation, messages = await gateway.open(
        "widget", channel_user_id=str(uuid.uuid4()), campaign=body.campaign if body else None
    )
    return {"conversation_id": conversation.id, "messages": messages}


@router.post("/conversations/{conversation_id}/messages")
async def send_message(
    request: Request, conversation_id: str, body: ResidentMessage, gateway: GatewayDep
) -> dict[str, Any]:
    if (body.text is None) == (body.payload is None):
        raise GatewayError(400, "unreadable", texts.UNREADABLE)
    await gateway.allow_client(client_of(request))
    outcome = await gateway.receive(conversation_id, body.text, body.payload, body.client_key)
    return await answer(gateway, conversation_id, outcome)


@router.post("/conversations/{conversation_id}/images")
async def send_images(
    request: Request, conversation_id: str, gateway: GatewayDep
) -> dict[str, Any]:
    """Screenshots (multipart field `image`, up to 4; `text`: the resident's own words):
    read, then answered as a text message is. The pictures are not kept."""
    await gateway.allow_client(client_of(request))
    form = await read_image_form(request)
    outcome = await gateway.receive_images(conversation_id, form.images, form.text, form.client_key)
    return await answer(gateway, conversation_id, outcome)


async def answer(gateway: Gateway, conversation_id: str, outcome: Outcome) -> dict[str, Any]:
    return {
        "messages": outcome.messages,
        "degraded": outcome.degraded,
        "resident_message": outcome.resident_message,
        "erased": outcome.erased,
        # waiting / volunteer: the widget offers the return link once.
        "state": outcome.state or await return_link.state_of(gateway, conversation_id),
    }


@router.get("/conversations/{conversation_id}/messages")
async def list_messages(
    conversation_id: str, gateway: GatewayDep, after: int = 0
) -> dict[str, Any]:
    return {"messages": await gateway.messages(conversation_id, after)}


@router.delete("/conversations/{conversation_id}", status_code=204)
async def erase(conversation_id: str, gateway: GatewayDep) -> Response:
    await gateway.erase(conversation_id)
    return Response(status_code=204)


@router.get("/conversations/{conversation_id}/events")
async def events(request: Request, conversation_id: str, gateway: GatewayDep) -> StreamingResponse:
    if not await gateway.exists(conversation_id):
        raise GatewayError(404, "unknown_conversation", texts.UNKNOWN_CONVERSATION)
    return event_stream(request, gateway.hub, conversation_id, ": verbonden\n\n")


# Personal data: no cache keeps a copy (a library computer, a proxy).
PRIVATE = {"Cache-Control": "no-store"}


@router.get("/conversations/{conversation_id}/report-draft", response_class=PlainTextResponse)
async def report_draft_text(conversation_id: str, gateway: GatewayDep) -> PlainTextResponse:
    """The report draft as plain Dutch text (what 'Kopieer' copies)."""
    draft = await resident.draft_of(gateway, conversation_id)
    return PlainTextResponse(render_text(draft), headers=PRIVATE)


@router.get(
    "/conversations/{conversation_id}/report-draft.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def report_draft_pdf(request: Request, conversation_id: str, gateway: GatewayDep) -> Response:
    """The report draft as a PDF download ('Download als PDF')."""
    # Making a PDF costs CPU: counted like a message against the address's limit.
    await gateway.allow_client(client_of(request))
    document = await resident.pdf_of(gateway, conversation_id)
    return Response(
        document,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{pdf.FILENAME}"', **PRIVATE},
    )


@router.get("/conversations/{conversation_id}/export", response_class=PlainTextResponse)
async def export_conversation(conversation_id: str, gateway: GatewayDep) -> PlainTextResponse:
    """'Download dit gesprek': the conversation as text, a download (bot/conversation/
    transcript.py); the id is the resident's key, as for GET messages."""
    async with gateway.sessions() as session:
        text = await transcript(session, conversation_id)
    return PlainTextResponse(
        text,
        headers={"Content-Disposition": f'attachment; filename="{FILENAME}"', **PRIVATE},
    )


@router.post("/conversations/{conversation_id}/seen")
async def seen(conversation_id: str, body: Receipts, gateway: GatewayDep) -> dict[str, int]:
    changed = await delivery.acknowledge(gateway, conversation_id, body.delivered, body.seen)
    return {"changed": changed}


@router.post("/conversations/{conversation_id}/return-link", status_code=201)
async def make_return_link(
    request: Request, conversation_id: str, gateway: GatewayDep
) -> dict[str, str]:
    """A new personal link back to this conversation (the one before stops working)."""
    await gateway.allow_client(client_of(request))
    return {"url": await return_link.new_link(gateway, conversation_id)}


@router.post("/return")
async def come_back(request: Request, body: ReturnSecret, gateway: GatewayDep) -> dict[str, Any]:
    """The secret from a return link (the page posts it): the conversation and its
    messages, or a Dutch refusal that says how to start anew."""
    return await return_link.restore(gateway, body.secret, client_of(request))


@pages.get("/terug")
async def return_page() -> HTMLResponse:
    """The page a return link opens; its widget reads the secret from the fragment."""
    html = resident_pages.get_template("return.html").render()
    return HTMLResponse(
        html, headers={"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
    )
