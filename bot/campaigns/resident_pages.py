"""The pages residents open outside the widget API (a campaign's landing page, the
return link's page): one Jinja environment over bot/campaigns/templates."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

resident_pages = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)
