"""Who may use a console route: every route declares its roles with `Require`.

`Require` loads the session, refuses anonymous requests (a page: to the log-in;
anything else: 401) and other roles (403), and checks the CSRF token on every
request that changes something. A test walks the app's route table so that no
console route goes without it.
"""

from __future__ import annotations

from fastapi import Request

from bot.console.auth import Login, csrf_matches, load_session

UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
CSRF_FIELD = "csrf"
CSRF_HEADER = "X-CSRF-Token"


class ConsoleRefusal(Exception):
    """status 303 (to the log-in page), 401, 403 or 400 (CSRF), with a Dutch message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


class Require:
    def __init__(self, *roles: str) -> None:
        self.roles = frozenset(roles)

    async def __call__(self, request: Request) -> Login:
        gateway = request.app.state.gateway
        async with gateway.sessions() as db:
            login = await load_session(db, gateway.settings, request)
        if login is None:
            if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
                raise ConsoleRefusal(303, "Log eerst in.")
            raise ConsoleRefusal(401, "Log eerst in.")
        if login.volunteer.role not in self.roles:
            raise ConsoleRefusal(403, "Deze pagina is niet voor jouw rol.")
        if request.method in UNSAFE_METHODS:
            given = request.headers.get(CSRF_HEADER)
            if given is None:
                form = await request.form()
                value = form.get(CSRF_FIELD)
                given = value if isinstance(value, str) else None
            if not csrf_matches(login.session.csrf_token, given):
                raise ConsoleRefusal(
                    400, "Deze pagina is verlopen. Laad de pagina opnieuw en probeer het nog eens."
                )
        return login


CASEWORK = Require("volunteer", "coordinator")
COORDINATOR = Require("coordinator")
FIGURES = Require("coordinator", "campaign")
ANY_ROLE = Require("volunteer", "coordinator", "campaign")
