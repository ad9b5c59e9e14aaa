"""Campaigns: the console pages for campaign teams and coordinators (campaigns with
their links and QR codes, the anonymous figures, the CSV export) and the public short
link /c/<code> with its widget page. Volunteers do not see the console pages; counts
under 5 are never shown (bot/campaigns/tables.py).

A landing link with any code opens the page, so a mistyped link still helps the
resident; a code that is not a campaign counts as 'onbekend' in the figures. A code
outside Telegram's deep-link alphabet is not passed on at all.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from bot.api.deps import SessionDep, SettingsDep
from bot.campaigns import charts, durations, store, tables
from bot.campaigns.figures import campaign_names, weekly_counts
from bot.campaigns.labels import TARGET_GROUPS, UNKNOWN, counted_campaign_label
from bot.campaigns.links import is_valid_code, telegram_link, unreachable_address, web_link
from bot.campaigns.models import Campaign
from bot.campaigns.publication import disclose
from bot.campaigns.qr import MEDIA_TYPES, qr_filename, qr_image
from bot.campaigns.resident_pages import resident_pages
from bot.console.access import FIGURES
from bot.console.auth import Login
from bot.console.flash import back_with, take
from bot.console.pages import page, render
from bot.settings import Settings
from bot.waves import figures as wave_figures

router = APIRouter(prefix="/console", include_in_schema=False)
public = APIRouter(include_in_schema=False)
FiguresLogin = Annotated[Login, Depends(FIGURES)]
NOT_FOUND = "Deze campagne bestaat niet."


def bot_username(request: Request, settings: Settings) -> str | None:
    """TELEGRAM_BOT_USERNAME, else the running bot's own user name."""
    if settings.telegram_bot_username:
        return settings.telegram_bot_username
    telegram = getattr(request.app.state, "telegram", None)
    return telegram.application.bot.username if telegram is not None else None


def links_of(request: Request, settings: Settings, campaign: Campaign) -> dict[str, str | None]:
    username = bot_username(request, settings)
    return {
        "web": web_link(settings.public_url, campaign.code),
        "telegram": telegram_link(username, campaign.code) if username else None,
        "script": f"{settings.public_url.rstrip('/')}/widget/widget.js",
    }


def _fields(form: Any) -> tuple[str, str, str | None]:
    name = str(form.get("name") or "").strip()[: store.NAME_MAX]
    group = str(form.get("target_group") or "")
    municipality = str(form.get("municipality") or "").strip()[: store.MUNICIPALITY_MAX] or None
    return name, group, municipality


@router.get("/campaigns")
async def campaigns_page(
    request: Request, login: FiguresLogin, db: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    error, notice = await take(db, login)
    show_archived = request.query_params.get("archief") == "1"
    campaigns = await store.newest_first(db, include_archived=show_archived)
    return render(
        "campaigns.html",
        **page(
            login,
            campaigns=[(c, links_of(request, settings, c)) for c in campaigns],
            show_archived=show_archived,
            archived=await store.archived_count(db),
            groups=TARGET_GROUPS,
            error=error,
            notice=notice,
            telegram_known=bot_username(request, settings) is not None,
        ),
    )


@router.post("/campaigns")
async def create_campaign(request: Request, login: FiguresLogin, db: SessionDep) -> Response:
    form = await request.form()
    name, group, municipality = _fields(form)
    group = group or "algemeen"
    if not name or group not in TARGET_GROUPS:
        return await back_with(db, login, "/console/campaigns", "Vul een naam en een doelgroep in.")
    try:
        code = await store.create(
            db, login.volunteer, name, group, municipality, str(form.get("code") or "").strip()
        )
    except store.CampaignError as refused:
        return await back_with(db, login, "/console/campaigns", refused.message)
    return await back_with(db, login, "/console/campaigns", notice=f"Campagne {code} is gemaakt.")


@router.get("/campaigns/{code}")
async def campaign_page(
    request: Request, code: str, login: FiguresLogin, db: SessionDep, settings: SettingsDep
) -> Response:
    campaign = await store.by_code(db, code)
    if campaign is None:
        return render("refused.html", 404, message=NOT_FOUND)
    error, notice = await take(db, login)
    return render(
        "campaign.html",
        **page(
            login,
            campaign=campaign,
            links=links_of(request, settings, campaign),
            unreachable=unreachable_address(settings.public_url),
            groups=TARGET_GROUPS,
            error=error,
            notice=notice,
        ),
    )


@router.post("/campaigns/{code}")
async def change_campaign(
    request: Request, code: str, login: FiguresLogin, db: SessionDep
) -> Response:
    """Name, target group and municipality; the code stays (it is printed on posters)."""
    name, group, municipality = _fields(await request.form())
    here = f"/console/campaigns/{quote(code)}"
    if not name or group not in TARGET_GROUPS:
        return await back_with(db, login, here, "Vul een naam en een doelgroep in.")
    if not await store.change(db, login.volunteer, code, name, group, municipality):
        return render("refused.html", 404, message=NOT_FOUND)
    return await back_with(db, login, here, notice="Opgeslagen.")


@router.post("/campaigns/{code}/archive")
async def archive_campaign(
    request: Request, code: str, login: FiguresLogin, db: SessionDep
) -> Response:
    """Out of the list (or back in); links, QR codes and figures stay. Archiving needs
    the ticked 'Ja, archiveer' box, also without JavaScript."""
    form = await request.form()
    here = f"/console/campaigns/{quote(code)}"
    archive = form.get("action") != "unarchive"
    if archive and form.get("bevestig") != "ja":
        return await back_with(
            db, login, here, "Vink eerst aan dat je deze campagne wilt archiveren."
        )
    if await store.by_code(db, code) is None:
        return render("refused.html", 404, message=NOT_FOUND)
    if not await store.set_archived(db, login.volunteer, code, archive):
        return await back_with(db, login, here, "Dat was al zo.")
    notice = (
        "De campagne is gearchiveerd. De links en QR-codes blijven werken."
        if archive
        else "De campagne staat weer in de lijst."
    )
    return await back_with(db, login, here, notice=notice)


@router.get("/campaigns/{code}/qr/{kind}.{fmt}")
async def campaign_qr(
    request: Request,
    code: str,
    kind: str,
    fmt: str,
    login: FiguresLogin,
    db: SessionDep,
    settings: SettingsDep,
) -> Response:
    if kind not in ("web", "telegram") or fmt not in MEDIA_TYPES:
        return Response(status_code=404)
    campaign = await store.by_code(db, code)
    if campaign is None:
        return Response(status_code=404)
    link = links_of(request, settings, campaign)[kind]
    if link is None:
        return render(
            "refused.html",
            404,
            message="Zet TELEGRAM_BOT_USERNAME (of TELEGRAM_TOKEN) voor Telegram-links.",
        )
    # ?bekijk: shown on the campaign page; otherwise a download for print.
    disposition = "inline" if "bekijk" in request.query_params else "attachment"
    return Response(
        qr_image(link, fmt),  # type: ignore[arg-type]
        media_type=MEDIA_TYPES[fmt],  # type: ignore[index]
        headers={
            "Content-Disposition": f'{disposition}; filename="{qr_filename(code, kind, fmt)}"'  # type: ignore[arg-type]
        },
    )


def _figures_filter(request: Request) -> tuple[str | None, list[str] | None]:
    """?campagne=<code> ('onbekend' for unknown codes); the figures of all campaigns
    without it. Campaign team members see every campaign's figures, as coordinators do."""
    campaign = request.query_params.get("campagne") or None
    return campaign, [campaign] if campaign else None


@router.get("/figures")
async def figures_page(request: Request, login: FiguresLogin, db: SessionDep) -> HTMLResponse:
    campaign, only = _figures_filter(request)
    # Hidden cells are decided on all figures at once (a campaign's page is a part of
    # them that a reader can put next to the rest).
    everything = await weekly_counts(db)
    # Off the event loop: for large figures the linear programs take seconds.
    shown = await asyncio.to_thread(disclose, everything)
    counted = [row for row in everything if only is None or row.campaign in only]
    rows = tables.without_drafts(counted)
    names = await campaign_names(db)
    times = await durations.all_case_times(db, campaigns=only)
    series = tables.campaign_series(rows, names=names, disclosure=shown)
    weekly = [
        charts.weekly_chart(f"Gesprekken per week: {label}", points, chart_id=f"week-{i}")
        for i, (label, points) in enumerate(series.items())
    ]
    choices = [
        (code, counted_campaign_label(code, names) + (" (gearchiveerd)" if name.archived else ""))
        for code, name in names.items()
    ] + [(UNKNOWN, counted_campaign_label(UNKNOWN))]
    return render(
        "figures.html",
        **page(
            login,
            campaign=campaign,
            choices=choices,
            tables=[
                tables.week_campaign_table(rows, names, shown),
                tables.scam_type_table(rows, shown),
                tables.channel_group_table(rows, shown),
                tables.outcome_table(rows, shown),
                tables.report_draft_table(counted, shown),
                await wave_figures.organisation_week_table(db, only),
                await wave_figures.new_this_week_table(db, only),
            ],
            durations_summary=durations.summary(times),
            durations_table=durations.durations_table(times),
            weekly_charts=weekly,
            scam_chart=charts.scam_type_chart(tables.scam_type_series(rows, shown)),
        ),
    )


@router.get("/figures.csv")
async def figures_csv(request: Request, login: FiguresLogin, db: SessionDep) -> Response:
    _, only = _figures_filter(request)
    everything = await weekly_counts(db)
    rows = [row for row in everything if only is None or row.campaign in only]
    # With a byte order mark, so Excel reads the Dutch letters right.
    shown = await asyncio.to_thread(disclose, everything)
    return Response(
        "\ufeff" + tables.to_csv(rows, await campaign_names(db), shown),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="cijfers.csv"'},
    )


# --- the public short link ------------------------------------------------------------
@public.get("/c/{code}")
async def landing(code: str, db: SessionDep, mode: str = "inline") -> HTMLResponse:
    """A campaign's page; `?mode=launcher` shows the widget as the chat button in the
    corner that a municipality puts on its own pages, inline (the default) otherwise."""
    campaign = await store.by_code(db, code) if is_valid_code(code) else None
    attached = code if is_valid_code(code) else UNKNOWN
    return landing_page(attached, campaign.municipality if campaign else None, mode)


@public.get("/demo")
async def demo(mode: str = "inline") -> HTMLResponse:
    """The widget demo: the same page, for an example municipality, campaign 'demo'."""
    return landing_page("demo", "Voorbeeld", mode)


def landing_page(code: str, municipality: str | None, mode: str = "inline") -> HTMLResponse:
    html = resident_pages.get_template("landing.html").render(
        code=code, municipality=municipality, launcher=mode == "launcher"
    )
    return HTMLResponse(html)
