"""The real figures page and CSV export, attacked: seeded campaigns with many small
counts; a campaign account reads the CSV, every table and chart of the page and of each
campaign's filtered page, and tries to work out every hidden count from only what is
shown (bot/tests/figure_attack.py). On SQLite and PostgreSQL."""

from __future__ import annotations

import random
import re
from collections.abc import AsyncIterator
from html import unescape

import pytest
from fastapi import FastAPI

from bot.campaigns.models import Campaign, WeeklyFigure
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import HTML, add_user, console_client, login
from bot.tests.fake_rasa import FakeRasa
from bot.tests.figure_attack import (
    FIRST_COUNT,
    HIDDEN,
    Line,
    Reader,
    campaign_label,
    read_csv,
)

CAMPAIGNS = [
    ("flyer-utr", "Laat je niet interneppen", "Utrecht", "ouderen"),
    ("poster-ede", "Eerst bellen", "Ede", "jongeren"),
]
CODES = ["flyer-utr", "poster-ede", "onbekend", ""]
GROUPS = {"flyer-utr": "ouderen", "poster-ede": "jongeren", "onbekend": "onbekend", "": ""}
SCAM_TYPES = ["phishing_message", "webshop_fraud", "romance_scam", ""]
METRICS = ["visits", "conversations", "handoffs", "outcome:advised", "drafts_started"]


@pytest.fixture
async def seeded(database_url: str, fake_rasa: FakeRasa) -> AsyncIterator[FastAPI]:
    rng = random.Random(18)
    async with fake_gateway(database_url, fake_rasa) as (app, _):
        async with app.state.gateway.sessions() as session:
            for code, name, municipality, group in CAMPAIGNS:
                session.add(
                    Campaign(
                        code=code,
                        name=name,
                        municipality=municipality,
                        target_group=group,
                        created_by="chris",
                    )
                )
            for week in ("2026-W46", "2026-W47", "2026-W48"):
                for code in CODES:
                    for channel in ("widget", "telegram"):
                        for scam_type in SCAM_TYPES:
                            for metric in METRICS:
                                count = rng.choice([0, 0, 1, 1, 2, 3, 4, 6, 9, 15])
                                if count:
                                    session.add(
                                        WeeklyFigure(
                                            week=week,
                                            campaign=code,
                                            channel=channel,
                                            target_group=GROUPS[code],
                                            scam_type=scam_type,
                                            metric=metric,
                                            count=count,
                                        )
                                    )
            await session.commit()
        yield app


def printed_tables(html: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """(caption, headers, rows) of every table on the page, as printed."""
    found = []
    for table in re.findall(r"<table.*?</table>", html, re.S):
        caption = unescape(re.search(r"<caption>(.*?)</caption>", table, re.S).group(1))  # type: ignore[union-attr]
        headers = [unescape(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
        rows = [
            [unescape(cell.strip()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
        ]
        found.append((caption, headers, [row for row in rows if row]))
    return found


def printed_charts(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(campaign, [(week, shown)]) of every weekly chart, from its text for screen readers."""
    charts = []
    for title, desc in re.findall(
        r'<title id="week-\d+-title">Gesprekken per week: (.*?)</title>'
        r'<desc id="week-\d+-desc">(.*?)</desc>',
        html,
    ):
        points = re.findall(r"Week (\S+): (minder dan 5|\d+)\.", unescape(desc))
        charts.append(
            (unescape(title), [(w, HIDDEN if v == "minder dan 5" else v) for w, v in points])
        )
    return charts


def read_page(reader: Reader, html: str, part: object) -> int:
    """Add a page's tables and charts to what the reader knows; how many cells it read."""
    read = 0
    for caption, headers, rows in printed_tables(html):
        if caption in FIRST_COUNT:
            first = FIRST_COUNT[caption]
            reader.add_table(caption, headers, rows, first, part)  # type: ignore[arg-type]
            read += sum(len(row) - first for row in rows)
    for campaign, points in printed_charts(html):
        reader.add_series(campaign, points, part)  # type: ignore[arg-type]
        read += len(points)
    return read


async def test_nothing_hidden_can_be_worked_out_from_the_page_and_the_csv(
    seeded: FastAPI,
) -> None:
    await add_user(seeded, "team", "campaign")
    async with console_client(seeded) as team:
        await login(team, "team")
        export = await team.get("/console/figures.csv")
        reader = Reader(read_csv(export.text))
        page = await team.get("/console/figures", headers=HTML)
        assert page.status_code == 200
        read = read_page(reader, page.text, lambda line: True)
        for code in ("flyer-utr", "poster-ede", "onbekend"):
            label = (
                campaign_label(*next((n, m, c) for c, n, m, _ in CAMPAIGNS if c == code))
                if code != "onbekend"
                else "Onbekende campagne"
            )

            def part(line: Line, label: str = label) -> bool:
                return line.campaign == label

            filtered = await team.get(f"/console/figures?campagne={code}", headers=HTML)
            read += read_page(reader, filtered.text, part)
            # The campaign's CSV is the same lines, shown the same way.
            own = read_csv((await team.get(f"/console/figures.csv?campagne={code}")).text)
            assert own == [line for line in reader.lines if part(line)]
    hidden = [shown for _, shown in reader.sums if shown == HIDDEN]
    # The page was read (tables, charts, every campaign) and many counts are hidden.
    assert read > 300 and len(hidden) > 100
    assert reader.pinned() == []
    # Some larger counts were hidden too, and the page says why.
    assert "kun je een klein aantal uitrekenen" in page.text
