"""Campaigns and figures without Rasa: codes and links, QR codes, weekly counts, folding
before deletion, the threshold of 5 in tables, CSV and charts."""

from __future__ import annotations

import struct
import zlib
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.campaigns import tables
from bot.campaigns.figures import FigureRow, fold_conversation, weekly_counts
from bot.campaigns.links import (
    InvalidCode,
    campaign_label,
    is_valid_code,
    suggest_code,
    telegram_link,
    unreachable_address,
    validate_code,
    web_link,
)
from bot.campaigns.models import Campaign, Feedback, WeeklyFigure
from bot.campaigns.qr import PRINT_PIXELS, make_qr, png_scale, qr_png, qr_svg
from bot.campaigns.weeks import iso_week, week_range
from bot.db import make_engine, make_sessions, migrate
from bot.models import Case, Conversation, Message

WEEK47 = datetime(2026, 11, 18, 10, 0, tzinfo=timezone.utc)  # a Wednesday in 2026-W47
WEEK48 = WEEK47 + timedelta(weeks=1)


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """A migrated database: SQLite in a temp folder, and PostgreSQL (conftest)."""
    migrate(database_url)
    engine = make_engine(database_url)
    try:
        yield make_sessions(engine)
    finally:
        await engine.dispose()


async def add_campaign(
    session: AsyncSession,
    code: str,
    target_group: str,
    name: str | None = None,
    municipality: str | None = None,
) -> None:
    session.add(
        Campaign(
            code=code,
            name=name or code,
            target_group=target_group,
            municipality=municipality,
            created_by="coord",
        )
    )


async def add_conversation(
    session: AsyncSession,
    *,
    campaign: str | None = None,
    channel: str = "widget",
    at: datetime = WEEK47,
    cases: tuple[dict[str, object], ...] = (),
    helped: tuple[tuple[bool, str | None], ...] = (),
    typed: bool = True,
    urgent: bool = False,
) -> Conversation:
    """A conversation; typed: the resident sent a message (else it was only opened)."""
    conversation = Conversation(
        channel=channel,
        resident_key="k",
        campaign=campaign,
        urgent=urgent,
        last_resident_at=at if typed else None,
        created_at=at,
        updated_at=at,
    )
    session.add(conversation)
    await session.flush()
    if typed:
        session.add(
            Message(conversation_id=conversation.id, role="resident", text="hulp", created_at=at)
        )
    for index, fields in enumerate(cases):
        session.add(
            Case(
                conversation_id=conversation.id,
                channel=channel,
                campaign=campaign,
                created_at=at + timedelta(minutes=index + 1),
                **fields,
            )
        )
    for answer, scam_type in helped:
        session.add(
            Feedback(
                conversation_id=conversation.id,
                campaign=campaign,
                channel=channel,
                scam_type=scam_type,
                helped=answer,
                created_at=at + timedelta(minutes=30),
            )
        )
    await session.flush()
    return conversation


def as_dict(rows: list[FigureRow]) -> dict[tuple[str, ...], int]:
    return {tuple(row[:6]): row.count for row in rows}


# Codes and links


@pytest.mark.parametrize("code", ["a", "ouderen-zwolle_2026", "A" * 64, "X-_9"])
def test_valid_codes(code: str) -> None:
    assert is_valid_code(code)
    assert validate_code(f"  {code} ") == code


@pytest.mark.parametrize("code", ["", "A" * 65, "met spatie", "café", "a/b", "a?b", "onbekend"])
def test_invalid_codes(code: str) -> None:
    with pytest.raises(InvalidCode):
        validate_code(code)


def test_suggest_code() -> None:
    assert suggest_code("Laat je niet interneppen!") == "laat-je-niet-interneppen"
    assert suggest_code("Ouderen Zwolle – café") == "ouderen-zwolle-cafe"
    assert suggest_code("Ouderen", taken={"ouderen", "ouderen-2"}) == "ouderen-3"
    assert suggest_code("!!!") == "campagne"
    assert suggest_code("Onbekend") == "campagne-onbekend"
    long = suggest_code("heel lange naam " * 10, taken={suggest_code("heel lange naam " * 10)})
    assert is_valid_code(long) and long.endswith("-2")


def test_links_and_labels() -> None:
    assert web_link("https://hulp.example.nl/", "ouderen") == "https://hulp.example.nl/c/ouderen"
    assert telegram_link("@ScamHulpBot", "ouderen") == "https://t.me/ScamHulpBot?start=ouderen"
    assert campaign_label(None, {"ouderen"}) == ""
    assert campaign_label("ouderen", {"ouderen"}) == "ouderen"
    assert campaign_label("Jan de Vries", {"ouderen"}) == "onbekend"


# QR codes


def png_pixels(data: bytes) -> list[list[int]]:
    """Decode segno's PNG (1-bit greyscale) into rows of 0 (black) and 1 (white)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, header = 8, b"", b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert (depth, colour) == (1, 0)
    raw = zlib.decompress(idat)
    stride = (width + 7) // 8 + 1
    rows, previous = [], bytes(stride - 1)
    for y in range(height):
        kind, line = raw[y * stride], bytearray(raw[y * stride + 1 : (y + 1) * stride])
        for i, byte in enumerate(line):  # PNG filters with 1 byte per pixel
            left = line[i - 1] if i else 0
            up, up_left = previous[i], previous[i - 1] if i else 0
            if kind == 1:
                line[i] = (byte + left) & 0xFF
            elif kind == 2:
                line[i] = (byte + up) & 0xFF
            elif kind == 3:
                line[i] = (byte + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                near = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[i] = (byte + near) & 0xFF
        previous = bytes(line)
        bits = [(byte >> (7 - i)) & 1 for byte in line for i in range(8)]
        rows.append(bits[:width])
    return rows


def test_qr_png_matches_the_code_at_print_size() -> None:
    link = telegram_link("ScamHulpBot", "ouderen-zwolle")
    pixels = png_pixels(qr_png(link))
    code = make_qr(link)
    assert code.error in ("M", "Q", "H")  # at least M
    modules = len(code.matrix)
    scale = png_scale(code)
    assert len(pixels) == len(pixels[0]) == (modules + 2 * 4) * scale >= PRINT_PIXELS
    for row in range(modules):
        for column in range(modules):
            pixel = pixels[(row + 4) * scale + scale // 2][(column + 4) * scale + scale // 2]
            assert pixel == (0 if code.matrix[row][column] else 1)
    assert set(pixels[0]) == {1}  # the quiet zone is white
    assert set(pixels[4 * scale - 1]) == {1}  # four modules of it


def test_qr_svg_has_a_white_background() -> None:
    link = web_link("https://hulp.example.nl", "ouderen")
    svg = qr_svg(link, title="QR-code ouderen")
    assert svg.startswith(b"<?xml")
    assert b"<svg" in svg and b"<title>QR-code ouderen</title>" in svg
    size = (len(make_qr(link).matrix) + 8) * 10
    assert f'width="{size}"'.encode() in svg
    # Readable on a dark poster: the background is painted white, not transparent.
    assert b'fill="#fff"' in svg or b'fill="#ffffff"' in svg


@pytest.mark.parametrize(
    ("url", "unreachable"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://localhost:8000", True),
        ("http://192.168.1.20", True),
        ("http://10.0.0.5:8000", True),
        ("http://gateway.local", True),
        ("http://[::1]:8000", True),
        ("https://hulp.gemeente-ede.nl", False),
        ("https://93.184.216.34", False),
    ],
)
def test_a_loopback_or_private_public_url_is_flagged(url: str, unreachable: bool) -> None:
    assert unreachable_address(url) is unreachable


# Weeks


def test_weeks() -> None:
    assert iso_week(WEEK47) == "2026-W47"
    # Sunday 23:30 UTC is Monday in Amsterdam.
    assert iso_week(datetime(2026, 11, 22, 23, 30, tzinfo=timezone.utc)) == "2026-W48"
    assert iso_week(datetime(2026, 11, 22, 22, 30)) == "2026-W47"  # naive: UTC
    assert week_range("2026-W52", "2027-W02") == ["2026-W52", "2026-W53", "2027-W01", "2027-W02"]


# Counting


async def seed(session: AsyncSession) -> None:
    await add_campaign(session, "ouderen-zwolle", "ouderen")
    await add_conversation(
        session,
        campaign="ouderen-zwolle",
        cases=(
            {"scam_type": "phishing_message", "urgent": True},
            {
                "scam_type": "bank_helpdesk_fraud",
                "status": "closed",
                "outcome": "police",
                "closed_at": WEEK48,
            },
        ),
        helped=((True, "bank_helpdesk_fraud"),),
    )
    await add_conversation(
        session, campaign="ouderen-zwolle", channel="telegram", helped=((False, "webshop_fraud"),)
    )
    await add_conversation(session, campaign="Jan de Vries 06-12345678")
    await add_conversation(session, at=WEEK48)
    # Opened twice without typing (one flagged urgent): visits, not conversations.
    await add_conversation(session, campaign="ouderen-zwolle", typed=False, urgent=True)
    await add_conversation(session, at=WEEK48, typed=False)


EXPECTED = {
    ("2026-W47", "ouderen-zwolle", "widget", "ouderen", "bank_helpdesk_fraud", "visits"): 1,
    ("2026-W47", "ouderen-zwolle", "widget", "ouderen", "bank_helpdesk_fraud", "conversations"): 1,
    ("2026-W47", "ouderen-zwolle", "widget", "ouderen", "bank_helpdesk_fraud", "urgent"): 1,
    ("2026-W47", "ouderen-zwolle", "widget", "ouderen", "phishing_message", "handoffs"): 1,
    ("2026-W47", "ouderen-zwolle", "widget", "ouderen", "bank_helpdesk_fraud", "handoffs"): 1,
    ("2026-W48", "ouderen-zwolle", "widget", "ouderen", "bank_helpdesk_fraud", "outcome:police"): 1,
    ("2026-W47", "ouderen-zwolle", "widget", "ouderen", "bank_helpdesk_fraud", "helped_yes"): 1,
    ("2026-W47", "ouderen-zwolle", "telegram", "ouderen", "webshop_fraud", "visits"): 1,
    ("2026-W47", "ouderen-zwolle", "telegram", "ouderen", "webshop_fraud", "conversations"): 1,
    ("2026-W47", "ouderen-zwolle", "telegram", "ouderen", "webshop_fraud", "helped_no"): 1,
    ("2026-W47", "onbekend", "widget", "onbekend", "", "visits"): 1,
    ("2026-W47", "onbekend", "widget", "onbekend", "", "conversations"): 1,
    ("2026-W48", "", "widget", "", "", "visits"): 2,
    ("2026-W48", "", "widget", "", "", "conversations"): 1,
    ("2026-W47", "ouderen-zwolle", "widget", "ouderen", "", "visits"): 1,
}


async def test_weekly_counts_from_live_data(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session:
        await seed(session)
        await session.commit()
    async with sessions() as session:
        rows = await weekly_counts(session)
        assert as_dict(rows) == EXPECTED
        only_48 = await weekly_counts(session, first_week="2026-W48")
        assert {row.week for row in only_48} == {"2026-W48"}
        unknown = await weekly_counts(session, campaigns={"onbekend"})
        assert [row.metric for row in unknown] == ["conversations", "visits"]
    assert "Jan de Vries" not in tables.to_csv(rows)


async def test_figures_survive_deleting_conversations(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session:
        await seed(session)
        await session.commit()
    async with sessions() as session:
        before = await weekly_counts(session)
        conversations = (
            (await session.execute(select(Conversation).order_by(Conversation.created_at)))
            .scalars()
            .all()
        )
        # The retention job deletes all but the last; the figures must not change.
        for conversation in conversations[:-1]:
            await fold_conversation(session, conversation)
            await session.delete(conversation)
        await session.commit()
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Conversation)) == 1
        assert await session.scalar(select(func.count()).select_from(Feedback)) == 0
        cases = (await session.execute(select(Case))).scalars().all()
        assert len(cases) == 2 and all(case.conversation_id is None for case in cases)
        assert await session.scalar(select(func.count()).select_from(WeeklyFigure)) > 0
        assert await weekly_counts(session) == before
        # A second fold into the same rows adds up (the upsert).
        last = (await session.execute(select(Conversation))).scalars().one()
        await add_conversation(session, at=WEEK48)
        await fold_conversation(session, last)
        await session.delete(last)
        await session.commit()
    async with sessions() as session:
        after = as_dict(await weekly_counts(session))
        assert after[("2026-W48", "", "widget", "", "", "conversations")] == 2
        assert after[("2026-W48", "", "widget", "", "", "visits")] == 3
        stored = (
            await session.execute(
                select(WeeklyFigure).where(
                    WeeklyFigure.campaign == "", WeeklyFigure.metric == "conversations"
                )
            )
        ).scalar_one()
        assert stored.count == 1  # one folded, one live


# The threshold of 5


@pytest.mark.parametrize(("conversations", "shown"), [(4, "< 5"), (5, 5)])
async def test_threshold_in_table_and_csv(
    sessions: async_sessionmaker[AsyncSession], conversations: int, shown: int | str
) -> None:
    async with sessions() as session:
        await add_campaign(session, "ondernemers-ede", "ondernemers")
        for _ in range(conversations):
            await add_conversation(
                session, campaign="ondernemers-ede", cases=({"scam_type": "invoice_fraud"},)
            )
        await session.commit()
    async with sessions() as session:
        rows = await weekly_counts(session)
    assert (
        as_dict(rows)[
            (
                "2026-W47",
                "ondernemers-ede",
                "widget",
                "ondernemers",
                "invoice_fraud",
                "conversations",
            )
        ]
        == conversations
    )

    table = tables.week_campaign_table(rows)
    assert table.headers[:5] == ("Week", "Campagne", "Doelgroep", "Bezoeken", "Gesprekken")
    assert table.rows == (
        ("2026-W47", "ondernemers-ede", "Ondernemers", shown, shown, 0, shown, 0, 0),
    )
    by_type = tables.scam_type_table(rows)
    assert by_type.rows == (("Factuur- of CEO-fraude", shown, shown, 0, shown, 0, 0),)
    by_channel = tables.channel_group_table(rows)
    assert by_channel.rows == (("Website", "Ondernemers", shown, shown, 0, shown, 0, 0),)

    csv_text = tables.to_csv(rows)
    lines = csv_text.splitlines()
    assert lines[0] == (
        "Week;Campagne;Gemeente;Campagnecode;Kanaal;Doelgroep;Soort oplichting;Wat is geteld;Aantal"
    )
    assert lines[1:] == [
        "2026-W47;ondernemers-ede;;ondernemers-ede;Website;Ondernemers;Factuur- of CEO-fraude;"
        f"{label};{shown}"
        for label in ("Gesprekken", "Naar vrijwilliger", "Bezoeken")
    ]
    if conversations < tables.THRESHOLD:
        assert f";{conversations}" not in csv_text
