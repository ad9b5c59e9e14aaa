"""Rendering for every console page: the Jinja2 environment with its inert and masked
filters, the page context and the redirect with a Dutch message.

Everything a resident wrote is rendered as inert text: Jinja2 escapes all HTML, and
the 'inert' filter also defangs links (bot/console/defang.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.console.auth import Login
from bot.console.defang import defang
from bot.conversation.states import CaseStatus
from bot.helpdesk import labels
from bot.helpdesk.hours import TIMEZONE
from bot.models import utcnow
from common.masking import mask

TEMPLATES = Path(__file__).resolve().parent / "templates"
LOCAL_TIME = "%d-%m-%Y %H:%M"

environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
)
environment.filters["inert"] = defang
environment.filters["masked"] = lambda text: defang(mask(text or ""))
environment.filters["scam"] = labels.scam_label
environment.filters["outcome"] = labels.outcome_label
environment.filters["channel"] = lambda c: labels.CHANNELS.get(c, c)
environment.filters["status"] = lambda s: labels.STATUSES.get(s, s)
environment.filters["role"] = lambda r: labels.ROLES.get(r, r)
environment.filters["damage"] = lambda d: labels.DAMAGE.get(d, d)


def _local(moment: Any) -> str:
    return moment.astimezone(TIMEZONE).strftime(LOCAL_TIME) if moment else ""


environment.filters["local"] = _local


def ago(moment: Any, now: Any = None) -> str:
    """'12 min geleden', '3 uur geleden', '2 dagen geleden' (a resident's last activity)."""
    if not moment:
        return "Nog niets geschreven"
    minutes = max(0, int(((now or utcnow()) - moment).total_seconds() // 60))
    if minutes < 1:
        return "Net nog"
    if minutes < 60:
        return f"{minutes} min geleden"
    if minutes < 48 * 60:
        return f"{minutes // 60} uur geleden"
    return f"{minutes // (24 * 60)} dagen geleden"


environment.filters["ago"] = ago
# Templates compare states by name, never by a bare string (bot/conversation/states.py).
environment.globals["CaseStatus"] = CaseStatus


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(environment.get_template(name).render(**context), status_code=status)


def page(login: Login, **context: Any) -> dict[str, Any]:
    return {"me": login.volunteer, "csrf": login.session.csrf_token, **context}


def back_to(url: str) -> RedirectResponse:
    """303 to a console page (a notice or error to show there: bot/console/flash.py)."""
    return RedirectResponse(url, status_code=303)
