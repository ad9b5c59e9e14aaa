"""Which conversations count (issue 12, item 9): a page open is a visit, a conversation
needs a message from the resident; the fold before deletion keeps both; corrections of
a case's scam type move its hand-off; campaigns shown by name and municipality."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.campaigns import tables
from bot.campaigns.figures import (
    campaign_names,
    conversation_counts,
    fold_conversation,
    weekly_counts,
)
from bot.campaigns.labels import CampaignName, counted_campaign_label
from bot.campaigns.models import Campaign
from bot.models import Case, Conversation, utcnow
from bot.tests.test_campaigns_unit import (
    WEEK47,
    add_campaign,
    add_conversation,
    as_dict,
    sessions,  # noqa: F401  (fixture)
)

ZWOLLE = ("2026-W47", "ouderen-zwolle", "widget", "ouderen")


def metrics(counts: dict[tuple[str, ...], int]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for key, count in counts.items():
        totals[key[-1]] = totals.get(key[-1], 0) + count
    return totals


def test_an_opened_chat_without_a_message_is_only_a_visit() -> None:
    groups = {"ouderen-zwolle": "ouderen"}
    opened = Conversation(
        channel="widget", campaign="ouderen-zwolle", urgent=True, created_at=WEEK47
    )
    counts = conversation_counts(opened, [], [], groups)
    assert {tuple(k): v for k, v in counts.items()} == {(*ZWOLLE, "", "visits"): 1}
    opened.last_resident_at = WEEK47
    counts = conversation_counts(opened, [], [], groups)
    assert {tuple(k): v for k, v in counts.items()} == {
        (*ZWOLLE, "", "visits"): 1,
        (*ZWOLLE, "", "conversations"): 1,
        (*ZWOLLE, "", "urgent"): 1,
    }


async def test_six_page_opens_are_six_visits_and_no_conversation(
    sessions: async_sessionmaker[AsyncSession],  # noqa: F811
) -> None:
    async with sessions() as session:
        await add_campaign(session, "ouderen-zwolle", "ouderen")
        for _ in range(6):
            await add_conversation(session, campaign="ouderen-zwolle", typed=False, urgent=True)
        await session.commit()
    async with sessions() as session:
        assert metrics(as_dict(await weekly_counts(session))) == {"visits": 6}
        # One resident writes once: one conversation (and still six visits).
        conversation = (await session.execute(select(Conversation))).scalars().first()
        assert conversation is not None
        conversation.last_resident_at = utcnow()
        await session.commit()
    async with sessions() as session:
        counts = metrics(as_dict(await weekly_counts(session)))
    assert counts == {"visits": 6, "conversations": 1, "urgent": 1}


async def test_urgent_counts_only_for_real_conversations(
    sessions: async_sessionmaker[AsyncSession],  # noqa: F811
) -> None:
    async with sessions() as session:
        await add_conversation(session, typed=False, urgent=True)
        await add_conversation(session, typed=False, cases=({"urgent": True},))
        await add_conversation(session, typed=True, urgent=True)
        await session.commit()
    async with sessions() as session:
        counts = metrics(as_dict(await weekly_counts(session)))
    # The case still counts as a hand-off: it happened, whatever the conversation says.
    assert counts == {"visits": 3, "conversations": 1, "urgent": 1, "handoffs": 1}


async def test_the_fold_keeps_visits_and_conversations_apart(
    sessions: async_sessionmaker[AsyncSession],  # noqa: F811
) -> None:
    async with sessions() as session:
        await add_campaign(session, "ouderen-zwolle", "ouderen")
        opened = await add_conversation(
            session, campaign="ouderen-zwolle", typed=False, urgent=True
        )
        typed = await add_conversation(
            session, campaign="ouderen-zwolle", urgent=True, cases=({"scam_type": "romance_scam"},)
        )
        await session.commit()
        opened_id, typed_id = opened.id, typed.id
    async with sessions() as session:
        before = await weekly_counts(session)
        assert metrics(as_dict(before)) == {
            "visits": 2,
            "conversations": 1,
            "urgent": 1,
            "handoffs": 1,
        }
        for cid in (opened_id, typed_id):
            conversation = await session.get(Conversation, cid)
            assert conversation is not None
            added = await fold_conversation(session, conversation)
            if cid == opened_id:
                assert [key.metric for key in added] == ["visits"]
            await session.delete(conversation)
        await session.commit()
    async with sessions() as session:
        assert (await session.execute(select(Conversation.id))).first() is None
        assert await weekly_counts(session) == before


async def test_a_corrected_scam_type_moves_the_handoff(
    sessions: async_sessionmaker[AsyncSession],  # noqa: F811
) -> None:
    async with sessions() as session:
        await add_conversation(session, cases=({"scam_type": "phishing_message"},))
        await session.commit()
    async with sessions() as session:
        case = (await session.execute(select(Case))).scalar_one()
        # A volunteer corrects the assistant's reading in place (bot/helpdesk).
        case.assistant_scam_type, case.scam_type = case.scam_type, "bank_helpdesk_fraud"
        case.corrected_at = utcnow()
        await session.commit()
    async with sessions() as session:
        handoffs = {
            r.scam_type: r.count for r in await weekly_counts(session) if r.metric == "handoffs"
        }
    assert handoffs == {"bank_helpdesk_fraud": 1}


def test_campaign_labels() -> None:
    names = {
        "flyer-utr": CampaignName("Laat je niet interneppen", "Utrecht"),
        "bieb": CampaignName("Ouderen in de bibliotheek"),
    }
    assert counted_campaign_label("flyer-utr", names) == (
        "Laat je niet interneppen, Utrecht (flyer-utr)"
    )
    assert counted_campaign_label("bieb", names) == "Ouderen in de bibliotheek (bieb)"
    assert counted_campaign_label("onbekend", names) == "Onbekende campagne"
    assert counted_campaign_label("", names) == "Geen campagne"
    assert counted_campaign_label("weg", names) == "weg"  # no name known: the code


async def test_names_and_municipality_in_tables_and_csv_also_when_archived(
    sessions: async_sessionmaker[AsyncSession],  # noqa: F811
) -> None:
    async with sessions() as session:
        await add_campaign(session, "flyer-utr", "ouderen", "Laat je niet interneppen", "Utrecht")
        await add_campaign(session, "=oud", "jongeren", "=SOM(A1)", "+Ede")
        for _ in range(5):
            await add_conversation(session, campaign="flyer-utr")
        await add_conversation(session, campaign="=oud")
        await add_conversation(session, campaign="Jan de Vries")
        await session.commit()
    async with sessions() as session:
        archived = await session.scalar(select(Campaign).where(Campaign.code == "flyer-utr"))
        assert archived is not None
        archived.archived_at = utcnow()
        await session.commit()
    async with sessions() as session:
        rows = await weekly_counts(session)
        names = await campaign_names(session)
    assert names["flyer-utr"] == CampaignName("Laat je niet interneppen", "Utrecht", True)
    table = tables.week_campaign_table(rows, names)
    labels = [row[1] for row in table.rows]
    assert "Laat je niet interneppen, Utrecht (flyer-utr)" in labels
    assert "Onbekende campagne" in labels and "Jan de Vries" not in str(table.rows)
    series = tables.campaign_series(rows, names=names)
    assert "Laat je niet interneppen, Utrecht (flyer-utr)" in series
    csv_lines = tables.to_csv(rows, names).splitlines()
    # The 5 is hidden too: the total of 7 minus 5 would leave the two 1s.
    assert (
        "2026-W47;Laat je niet interneppen;Utrecht;flyer-utr;Website;Ouderen;Nog onbekend;"
        "Gesprekken;< 5"
    ) in csv_lines
    assert any(line.startswith("2026-W47;'=SOM(A1);'+Ede;'=oud;") for line in csv_lines)
    assert any(line.startswith("2026-W47;Onbekende campagne;;;") for line in csv_lines)
