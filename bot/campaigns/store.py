"""Campaigns in the database: the queries the campaign pages and landing page need.
An archived campaign leaves the list (unless asked for); its code, links, QR codes and
figures stay, since posters with it may hang for years."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.campaigns.links import InvalidCode, suggest_code, validate_code
from bot.campaigns.models import Campaign
from bot.helpdesk.audit import audit
from bot.models import Volunteer, utcnow

NAME_MAX = 120
MUNICIPALITY_MAX = 80


class CampaignError(Exception):
    """A campaign change refused, with the Dutch reason to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


async def newest_first(db: AsyncSession, include_archived: bool = False) -> list[Campaign]:
    query = select(Campaign).order_by(Campaign.created_at.desc())
    if not include_archived:
        query = query.where(Campaign.archived_at.is_(None))
    return list((await db.execute(query)).scalars())


async def archived_count(db: AsyncSession) -> int:
    found = await db.scalar(
        select(func.count(Campaign.id)).where(Campaign.archived_at.is_not(None))
    )
    return found or 0


def named(campaign: Campaign) -> str:
    """How the audit log names a campaign: 'Ouderen bibliotheek (ouderen-2026)'."""
    return f"{campaign.name} ({campaign.code})"


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
    campaign = Campaign(
        code=code,
        name=name,
        target_group=group,
        municipality=municipality,
        created_by=by.username,
    )
    db.add(campaign)
    audit(db, by, "add_campaign", subject=named(campaign))
    await db.commit()
    return code


async def change(
    db: AsyncSession, by: Volunteer, code: str, name: str, group: str, municipality: str | None
) -> bool:
    """Name, target group and municipality; False if there is no such campaign."""
    campaign = await by_code(db, code)
    if campaign is None:
        return False
    changes = [
        f"{label} {old or '-'} → {new or '-'}"
        for label, old, new in (
            ("naam", campaign.name, name),
            ("doelgroep", campaign.target_group, group),
            ("gemeente", campaign.municipality, municipality),
        )
        if old != new
    ]
    campaign.name = name
    campaign.target_group = group
    campaign.municipality = municipality
    audit(db, by, "change_campaign", subject=named(campaign), detail="; ".join(changes) or None)
    await db.commit()
    return True


async def set_archived(db: AsyncSession, by: Volunteer, code: str, archived: bool) -> bool:
    """Archive a campaign (or take it out of the archive); False if there is no such
    campaign or it already was so."""
    campaign = await by_code(db, code)
    if campaign is None or (campaign.archived_at is not None) == archived:
        return False
    campaign.archived_at = utcnow() if archived else None
    action = "archive_campaign" if archived else "unarchive_campaign"
    audit(db, by, action, subject=named(campaign))
    await db.commit()
    return True
