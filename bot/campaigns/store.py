"""Campaigns in the database: the queries the campaign pages and landing page need."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.campaigns.links import InvalidCode, suggest_code, validate_code
from bot.campaigns.models import Campaign
from bot.helpdesk.audit import audit
from bot.models import Volunteer

NAME_MAX = 120
MUNICIPALITY_MAX = 80


class CampaignError(Exception):
    """A campaign change refused, with the Dutch reason to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


async def newest_first(db: AsyncSession) -> list[Campaign]:
    return list((await db.execute(select(Campaign).order_by(Campaign.created_at.desc()))).scalars())


async def codes(db: AsyncSession) -> list[str]:
    return list((await db.execute(select(Campaign.code).order_by(Campaign.code))).scalars())


async def by_code(db: AsyncSession, code: str) -> Campaign | None:
    return await db.scalar(select(Campaign).where(Campaign.code == code))


async def create(
    db: AsyncSession,
    by: Volunteer,
    name: str,
    group: str,
    municipality: str | None,
    typed_code: str,
) -> str:
    """The new campaign's code: the one typed, or one made from the name."""
    taken = set((await db.execute(select(Campaign.code))).scalars())
    try:
        code = validate_code(typed_code) if typed_code else suggest_code(name, taken)
    except InvalidCode as refused:
        raise CampaignError(str(refused)) from refused
    if code in taken:
        raise CampaignError(f"De code {code} bestaat al. Kies een andere.")
    db.add(
        Campaign(
            code=code,
            name=name,
            target_group=group,
            municipality=municipality,
            created_by=by.username,
        )
    )
    audit(db, by, "add_campaign")
    await db.commit()
    return code


async def change(
    db: AsyncSession, by: Volunteer, code: str, name: str, group: str, municipality: str | None
) -> bool:
    """Name, target group and municipality; False if there is no such campaign."""
    campaign = await by_code(db, code)
    if campaign is None:
        return False
    campaign.name = name
    campaign.target_group = group
    campaign.municipality = municipality
    audit(db, by, "change_campaign")
    await db.commit()
    return True
