"""Where the log-in sends a volunteer back to ('?terug=/console/cases/141'): only a local
console page, so a link cannot use our log-in to send someone to another site."""

from __future__ import annotations

import re

# /console or /console/<letters, digits, '-', '_', '.' and '/'>, no query, no '//' or '..'.
_LOCAL = re.compile(r"/console(/[A-Za-z0-9_\-./]*)?")
_NOT_BACK_TO = ("/console/login", "/console/logout", "/console/events")
# Parts of a page (live refreshes, JSON, downloads): after logging in, go to a whole page.
_PARTS = ("/messages", "/state", "/queue", "/unread", "/draft", ".csv")


def safe_return(path: str | None) -> str | None:
    """The path if it is a console page to return to after logging in, else None."""
    if not path or len(path) > 200 or not _LOCAL.fullmatch(path):
        return None
    if "//" in path or ".." in path or path.rstrip("/") in _NOT_BACK_TO:
        return None
    if path.endswith(_PARTS):
        return None
    return path
