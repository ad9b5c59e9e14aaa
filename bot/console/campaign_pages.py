"""Console pages for campaign teams and coordinators: campaigns with their links and QR
codes, and the anonymous figures (dashboard, charts, CSV export). Volunteers do not see
these pages; counts under 5 are never shown (bot/campaigns/tables.py)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from bot.campaigns import charts, tables
from bot.campaigns.figures import weekly_counts
from bot.campaigns.labels import TARGET_GROUPS
from bot.campaigns.links import InvalidCode, suggest_code, telegram_link, validate_code, web_link
from bot.campaigns.models import Campaign
from bot.campaigns.qr import MEDIA_TYPES, qr_filename, qr_image
from bot.console.access import FIGURES
from bot.console.auth import Login
from bot.console.routes import back_to, gateway_of, page, render
from bot.helpdesk.audit import audit

router = APIRouter(prefix="/console", include_in_schema=False)
FiguresLogin = Annotated[Login, Depends(FIGURES)]


def bot_username(request: Request) -> str | None:
    """TELEGRAM_BOT_USERNAME, else the running bot's own user name."""
    settings = gateway_of(request).settings
    if settings.telegram_bot_username:
        return settings.telegram_bot_username
    telegram = getattr(request.app.state, "telegram", None)
    if telegram is not None:
        return telegram.application.bot.username
    return None


def links_of(request: Request, campaign: Campaign) -> dict[str, str | None]:
    username = bot_username(request)
    return {
        "web": web_link(gateway_of(request).settings.public_url, campaign.code),
        "telegram": telegram_link(username, campaign.code) if username else None,
    }


@router.get("/campaigns")
async def campaigns_page(request: Request, login: FiguresLogin) -> HTMLResponse:
    async with gateway_of(request).sessions() as db:
        campaigns = list(
            (await db.execute(select(Campaign).order_by(Campaign.created_at.desc()))).scalars()
        )
    return render(
        "campaigns.html",
        **page(
            login,
            campaigns=[(c, links_of(request, c)) for c in campaigns],
            groups=TARGET_GROUPS,
            error=request.query_params.get("fout"),
            notice=request.query_params.get("ok"),
            telegram_known=bot_username(request) is not None,
        ),
    )


@router.post("/campaigns")
async def create_campaign(request: Request, login: FiguresLogin) -> Response:
    form = await request.form()
    name = str(form.get("name") or "").strip()[:120]
    group = str(form.get("target_group") or "algemeen")
    municipality = str(form.get("municipality") or "").strip()[:80] or None
    if not name or group not in TARGET_GROUPS:
        return back_to("/console/campaigns", "Vul een naam en een doelgroep in.")
    async with gateway_of(request).sessions() as db:
        taken = set((await db.execute(select(Campaign.code))).scalars())
        try:
            typed = str(form.get("code") or "").strip()
            code = validate_code(typed) if typed else suggest_code(name, taken)
        except InvalidCode as refused:
            return back_to("/console/campaigns", str(refused))
        if code in taken:
            return back_to("/console/campaigns", f"De code {code} bestaat al. Kies een andere.")
        db.add(
            Campaign(
                code=code,
                name=name,
                target_group=group,
                municipality=municipality,
                created_by=login.volunteer.username,
            )
        )
        audit(db, login.volunteer, "add_campaign")
        await db.commit()
    return back_to("/console/campaigns", notice=f"Campagne {code} is gemaakt.")


async def _campaign(request: Request, code: str) -> Campaign | None:
    async with gateway_of(request).sessions() as db:
        return await db.scalar(select(Campaign).where(Campaign.code == code))


@router.get("/campaigns/{code}")
async def campaign_page(request: Request, code: str, login: FiguresLogin) -> Response:
    campaign = await _campaign(request, code)
    if campaign is None:
        return render("refused.html", 404, message="Deze campagne bestaat niet.")
    return render(
        "campaign.html",
        **page(
            login,
            campaign=campaign,
            links=links_of(request, campaign),
            groups=TARGET_GROUPS,
            error=request.query_params.get("fout"),
            notice=request.query_params.get("ok"),
        ),
    )


@router.post("/campaigns/{code}")
async def change_campaign(request: Request, code: str, login: FiguresLogin) -> Response:
    """Name, target group and municipality; the code stays (it is printed on posters)."""
    form = await request.form()
    name = str(form.get("name") or "").strip()[:120]
    group = str(form.get("target_group") or "")
    here = f"/console/campaigns/{quote(code)}"
    if not name or group not in TARGET_GROUPS:
        return back_to(here, "Vul een naam en een doelgroep in.")
    async with gateway_of(request).sessions() as db:
        campaign = await db.scalar(select(Campaign).where(Campaign.code == code))
        if campaign is None:
            return render("refused.html", 404, message="Deze campagne bestaat niet.")
        campaign.name = name
        campaign.target_group = group
        campaign.municipality = str(form.get("municipality") or "").strip()[:80] or None
        audit(db, login.volunteer, "change_campaign")
        await db.commit()
    return back_to(here, notice="Opgeslagen.")


@router.get("/campaigns/{code}/qr/{kind}.{fmt}")
async def campaign_qr(
    request: Request, code: str, kind: str, fmt: str, login: FiguresLogin
) -> Response:
    if kind not in ("web", "telegram") or fmt not in MEDIA_TYPES:
        return Response(status_code=404)
    campaign = await _campaign(request, code)
    if campaign is None:
        return Response(status_code=404)
    link = links_of(request, campaign)[kind]
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


async def _rows(request: Request, campaign: str | None) -> list[Any]:
    async with gateway_of(request).sessions() as db:
        return await weekly_counts(db, campaigns=[campaign] if campaign else None)


@router.get("/figures")
async def figures_page(request: Request, login: FiguresLogin) -> HTMLResponse:
    campaign = request.query_params.get("campagne") or None
    rows = await _rows(request, campaign)
    async with gateway_of(request).sessions() as db:
        codes = list((await db.execute(select(Campaign.code).order_by(Campaign.code))).scalars())
    series = tables.campaign_series(rows)
    weekly = [
        charts.weekly_chart(f"Gesprekken per week: {label}", points, chart_id=f"week-{i}")
        for i, (label, points) in enumerate(series.items())
    ]
    return render(
        "figures.html",
        **page(
            login,
            campaign=campaign,
            codes=codes,
            tables=[
                tables.week_campaign_table(rows),
                tables.scam_type_table(rows),
                tables.channel_group_table(rows),
                tables.outcome_table(rows),
            ],
            weekly_charts=weekly,
            scam_chart=charts.scam_type_chart(tables.scam_type_series(rows)),
        ),
    )


@router.get("/figures.csv")
async def figures_csv(request: Request, login: FiguresLogin) -> Response:
    campaign = request.query_params.get("campagne") or None
    rows = await _rows(request, campaign)
    # With a byte order mark, so Excel reads the Dutch letters right.
    return Response(
        "\ufeff" + tables.to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="cijfers.csv"'},
    )


def install(app: Any) -> None:
    app.include_router(router)
