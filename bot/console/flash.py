"""The notice or error a console page shows after a form: kept in the volunteer's
server-side session (ConsoleSession) and shown once. Never read from the URL: a link
with '?fout=geef je wachtwoord' could otherwise show any text as an official notice."""

from __future__ import annotations

from fastapi.responses import RedirectResponse
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.auth import Login
from bot.models import ConsoleSession

MAX_CHARS = 300


async def back_with(
    db: AsyncSession, login: Login, url: str, error: str | None = None, notice: str | None = None
) -> RedirectResponse:
    """303 to a console page that will show this error or notice (once)."""
    row = await db.get(ConsoleSession, login.session.token_hash)
    if row is not None:
        row.flash_error = error[:MAX_CHARS] if error else None
        row.flash_notice = notice[:MAX_CHARS] if notice else None
        await db.commit()
    return RedirectResponse(url, status_code=303)


async def take(db: AsyncSession, login: Login) -> tuple[str | None, str | None]:
    """The (error, notice) left for this session by the last form, cleared once read."""
    row = await db.get(ConsoleSession, login.session.token_hash)
    if row is None or not (row.flash_error or row.flash_notice):
        return None, None
    found = row.flash_error, row.flash_notice
    row.flash_error = row.flash_notice = None
    await db.commit()
    return found
