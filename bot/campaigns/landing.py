"""The short web link of a campaign (/c/<code>): the widget page with the campaign attached
(and /demo, the same page for an example municipality).

Any code opens the page, so a mistyped link still helps the resident; a code that is
not a campaign counts as 'onbekend' in the figures. A code outside Telegram's deep-link
alphabet is not passed on at all (it could only be noise or an attack).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select

from bot.campaigns.labels import UNKNOWN
from bot.campaigns.links import is_valid_code
from bot.campaigns.models import Campaign

environment = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)
router = APIRouter(include_in_schema=False)


@router.get("/c/{code}")
async def landing(request: Request, code: str) -> HTMLResponse:
    campaign = None
    if is_valid_code(code):
        async with request.app.state.gateway.sessions() as session:
            campaign = await session.scalar(select(Campaign).where(Campaign.code == code))
    attached = code if is_valid_code(code) else UNKNOWN
    return page(attached, campaign.municipality if campaign else None)


@router.get("/demo")
async def demo() -> HTMLResponse:
    """The widget demo: the same page, for an example municipality, campaign 'demo'."""
    return page("demo", "Voorbeeld")


def page(code: str, municipality: str | None) -> HTMLResponse:
    html = environment.get_template("landing.html").render(code=code, municipality=municipality)
    return HTMLResponse(html)
