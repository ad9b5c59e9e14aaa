"""'Wat gaat er rond': the waves of scam messages residents reported. Volunteers and
coordinators see the waves of the last 7 and 30 days and act on them; campaign teams see
only counts by organisation and scam type, with counts under 5 suppressed as in the
figures. Coordinators write a wave's public warning and export confirmed indicators for
the police and the Fraudehelpdesk (CSV and STIX 2.1), each export in the audit log. The
work and its SQL sit in bot/waves/."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.api.deps import SessionDep
from bot.campaigns.tables import suppress
from bot.console.access import ANY_ROLE, CASEWORK, COORDINATOR
from bot.console.auth import Login
from bot.console.flash import back_with, take
from bot.console.pages import page, render
from bot.helpdesk.audit import audit
from bot.helpdesk.labels import scam_label
from bot.models import utcnow
from bot.waves import casework, overview, sharing
from bot.waves.export import to_csv, to_stix

router = APIRouter(prefix="/console/waves", include_in_schema=False)
AnyLogin = Annotated[Login, Depends(ANY_ROLE)]
CaseworkLogin = Annotated[Login, Depends(CASEWORK)]
CoordinatorLogin = Annotated[Login, Depends(COORDINATOR)]
PERIODS = (7, 30)
NOT_FOUND = "Deze golf bestaat niet (meer). Misschien is hij samengevoegd."


def _wave_url(wave_id: int) -> str:
    return f"/console/waves/{wave_id}"


@router.get("")
async def waves_page(request: Request, login: AnyLogin, db: SessionDep) -> HTMLResponse:
    error, notice = await take(db, login)
    if login.volunteer.role == "campaign":
        counts = await overview.organisation_counts(db, days=30)
        rows = sorted(counts.items(), key=lambda item: (-(item[1] if item[1] >= 5 else 0), item[0]))
        return render(
            "waves_counts.html",
            **page(
                login,
                rows=[
                    (org or "Geen organisatie genoemd", scam_label(t or None), suppress(n))
                    for (org, t), n in rows
                ],
            ),
        )
    days = 30 if request.query_params.get("dagen") == "30" else 7
    return render(
        "waves.html",
        **page(
            login,
            rows=await overview.wave_rows(db, days=days),
            days=days,
            periods=PERIODS,
            error=error,
            notice=notice,
        ),
    )


@router.get("/export.csv")
async def export_csv(login: CoordinatorLogin, db: SessionDep) -> Response:
    shared = await sharing.confirmed_indicators(db)
    # With a byte order mark, so Excel reads the Dutch letters right.
    body = "\ufeff" + to_csv(shared)
    return await _shared(db, login, f"CSV, {len(shared)} kenmerken", body, "kenmerken.csv")


@router.get("/export.stix.json")
async def export_stix(login: CoordinatorLogin, db: SessionDep) -> Response:
    shared = await sharing.confirmed_indicators(db)
    body = to_stix(shared, utcnow())
    return await _shared(db, login, f"STIX, {len(shared)} kenmerken", body, "kenmerken.stix.json")


async def _shared(db: SessionDep, login: Login, detail: str, body: str, name: str) -> Response:
    """A download of confirmed indicators, written in the audit log before it leaves."""
    audit(db, login.volunteer, "export_indicators", detail=detail)
    await db.commit()
    media = "text/csv; charset=utf-8" if name.endswith(".csv") else "application/json"
    disposition = f'attachment; filename="{name}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


@router.get("/{wave_id}")
async def wave_page(wave_id: int, login: CaseworkLogin, db: SessionDep) -> Response:
    detail = await overview.wave_detail(db, wave_id)
    if detail is None:
        return render("refused.html", 404, message=NOT_FOUND)
    if detail.row.wave.merged_into_id is not None:  # an old link: to where it went
        return RedirectResponse(_wave_url(detail.row.wave.merged_into_id), status_code=303)
    error, notice = await take(db, login)
    return render(
        "wave.html",
        **page(
            login,
            detail=detail,
            wave=detail.row.wave,
            choices=await overview.merge_choices(db, wave_id),
            max_warning=casework.WARNING_MAX_CHARS,
            error=error,
            notice=notice,
        ),
    )


async def _done(db: SessionDep, login: Login, wave_id: int, work, notice: str) -> RedirectResponse:  # type: ignore[no-untyped-def]
    try:
        result = await work
    except casework.WaveRefused as refused:
        await db.rollback()
        return await back_with(db, login, _wave_url(wave_id), error=refused.message)
    await db.commit()
    # Split and merge return the wave to show next (the new one, the one merged into).
    target = result if isinstance(result, int) else wave_id
    return await back_with(db, login, _wave_url(target), notice=notice)


@router.post("/{wave_id}/confirm")
async def confirm(wave_id: int, login: CaseworkLogin, db: SessionDep) -> Response:
    work = casework.confirm(db, login.volunteer, wave_id)
    return await _done(db, login, wave_id, work, "De golf is bevestigd als oplichting.")


@router.post("/{wave_id}/merge")
async def merge(wave_id: int, request: Request, login: CaseworkLogin, db: SessionDep) -> Response:
    form = await request.form()
    into = str(form.get("into") or "")
    if not into.isdigit():
        return await back_with(db, login, _wave_url(wave_id), error="Kies een golf.")
    work = casework.merge(db, login.volunteer, wave_id, int(into))
    return await _done(db, login, wave_id, work, "De golven zijn samengevoegd.")


@router.post("/{wave_id}/sightings/{sighting_id}/split")
async def split(wave_id: int, sighting_id: int, login: CaseworkLogin, db: SessionDep) -> Response:
    work = casework.split(db, login.volunteer, wave_id, sighting_id)
    return await _done(db, login, wave_id, work, "De melding staat nu in een eigen golf.")


@router.post("/{wave_id}/sightings/{sighting_id}/keep")
async def keep(wave_id: int, sighting_id: int, login: CaseworkLogin, db: SessionDep) -> Response:
    work = casework.keep(db, login.volunteer, wave_id, sighting_id)
    return await _done(db, login, wave_id, work, "De melding hoort nu bij de golf.")


@router.post("/{wave_id}/warning")
async def warning(
    wave_id: int, request: Request, login: CoordinatorLogin, db: SessionDep
) -> Response:
    form = await request.form()
    text = str(form.get("warning") or "")
    work = casework.set_warning(db, login.volunteer, wave_id, text)
    notice = "De waarschuwing staat erbij." if text.strip() else "De waarschuwing is weggehaald."
    return await _done(db, login, wave_id, work, notice)
