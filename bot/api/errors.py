"""The widget API's one error envelope, `{"error": {"code", "message"}}` with a Dutch
message, for every error it can return: the gateway's own refusals, unreadable bodies
(not JSON, wrong fields), unknown paths and methods, bodies over the size limit, and the
database out of reach (503, try again)."""

from __future__ import annotations

import logging
import re

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot import texts
from bot.conversation.contract import GatewayError
from bot.images import upload

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
# Starlette's own refusals, in Dutch for the widget.
HTTP_ERRORS = {
    404: ("not_found", texts.NOT_FOUND),
    405: ("method_not_allowed", texts.METHOD_NOT_ALLOWED),
}


def error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(GatewayError)
    async def gateway_error(_: Request, exc: GatewayError) -> JSONResponse:
        return error(exc.status, exc.code, exc.message)

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    @app.exception_handler(PoolTimeout)
    async def database_away(request: Request, exc: Exception) -> Response:
        # The database cannot be reached: a Dutch 'try again', never a bare 500 (which
        # would also make uvicorn close the connection).
        logger.warning(
            "the database does not answer (%s): %s", type(exc).__name__, request.url.path
        )
        if request.url.path.startswith(API_PREFIX):
            return error(503, "unavailable", texts.SERVICE_AWAY)
        return PlainTextResponse(texts.SERVICE_AWAY, status_code=503)

    @app.exception_handler(RequestValidationError)
    async def unreadable(_: Request, exc: RequestValidationError) -> JSONResponse:
        # Also a body that is not JSON at all: FastAPI reports that as a validation error.
        return error(400, "unreadable", texts.UNREADABLE)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if not request.url.path.startswith(API_PREFIX):
            # Console pages and files keep FastAPI's own responses.
            return await http_exception_handler(request, exc)
        code, message = HTTP_ERRORS.get(exc.status_code, ("error", texts.UNREADABLE))
        return error(exc.status_code, code, message)


# Screenshots: up to MAX_IMAGES files of MAX_BYTES each, and the form around them.
IMAGES_PATH = re.compile(r"^/api/conversations/[^/]+/images$")
IMAGES_LIMIT = upload.MAX_IMAGES * upload.MAX_BYTES + 64 * 1024


class BodyLimit:
    """Refuse request bodies over the limit (413), whatever the Content-Length says.
    Only the screenshot upload has a larger limit of its own."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, refusal = self.limit, error(413, "too_large", texts.BODY_TOO_LARGE)
        if IMAGES_PATH.match(scope.get("path", "")):
            limit, refusal = IMAGES_LIMIT, error(413, "image_too_large", texts.IMAGE_TOO_LARGE)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await refusal(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await refusal(scope, receive, send)


class _TooLarge(Exception):
    pass
