"""Team management for coordinators: who is on the team, their roles and passwords,
and the helpdesk's settings; the figures the team page shows. As case work sits
behind `Desk`, this sits behind `Team`, so the routes hold no SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console import auth
from bot.conversation.states import CaseStatus
from bot.helpdesk.audit import audit
from bot.helpdesk.config import HelpdeskConfig
from bot.helpdesk.hours import HoursError
from bot.models import Case, Volunteer, utcnow

if TYPE_CHECKING:
    from bot.helpdesk.holding import Holding

USERNAME_MAX = 64
DISPLAY_NAME_MAX = 80
ACTIONS = ("deactivate", "activate", "role", "password", "unlock")


class TeamError(Exception):
    """A change the team page refuses, with the Dutch reason to show there."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class TeamOverview:
    volunteers: list[Volunteer]
    held: dict[int, int]
    closed_week: dict[int, int]
    open_cases: int
    claimed_cases: int
    urgent_open: int
    online: set[int] = field(default_factory=set)


class Team:
    def __init__(
        self, config: HelpdeskConfig, presence_seconds: float, holding: Holding | None = None
    ) -> None:
        self.config = config
        self.presence_seconds = presence_seconds
        self.holding = holding  # releases the cases of an account turned off

    async def overview(self, db: AsyncSession) -> TeamOverview:
        volunteers = list(
            (await db.execute(select(Volunteer).order_by(Volunteer.username))).scalars()
        )
        held = await self._per_volunteer(db, Case.status == CaseStatus.CLAIMED)
        week_ago = utcnow() - timedelta(days=7)
        closed = await self._per_volunteer(
            db, Case.status == CaseStatus.CLOSED, Case.closed_at >= week_ago
        )
        counts = dict(
            (await db.execute(select(Case.status, func.count(Case.id)).group_by(Case.status))).all()
        )
        urgent_open = await db.scalar(
            select(func.count(Case.id)).where(Case.status == CaseStatus.OPEN, Case.urgent.is_(True))
        )
        online_since = utcnow().timestamp() - self.presence_seconds
        return TeamOverview(
            volunteers=volunteers,
            held=held,
            closed_week=closed,
            open_cases=counts.get(CaseStatus.OPEN, 0),
            claimed_cases=counts.get(CaseStatus.CLAIMED, 0),
            urgent_open=urgent_open or 0,
            online={
                v.id
                for v in volunteers
                if v.last_seen_at and v.last_seen_at.timestamp() >= online_since
            },
        )

    async def _per_volunteer(self, db: AsyncSession, *where: object) -> dict[int, int]:
        rows = await db.execute(
            select(Case.volunteer_id, func.count(Case.id)).where(*where).group_by(Case.volunteer_id)
        )
        return dict(rows.all())  # type: ignore[arg-type]

    async def add(
        self,
        db: AsyncSession,
        by: Volunteer,
        username: str,
        display_name: str,
        role: str,
        password: str,
    ) -> None:
        username = username.strip()
        display_name = display_name.strip() or username
        if not username or len(username) > USERNAME_MAX or role not in auth.ROLES:
            raise TeamError("Vul een gebruikersnaam en een rol in.")
        try:
            password_hash = auth.hash_password(password)
        except auth.PasswordError as refused:
            raise TeamError(str(refused)) from refused
        if await db.scalar(select(Volunteer.id).where(Volunteer.username == username)):
            raise TeamError("Deze gebruikersnaam bestaat al.")
        db.add(
            Volunteer(
                username=username,
                display_name=display_name[:DISPLAY_NAME_MAX],
                role=role,
                password_hash=password_hash,
            )
        )
        audit(db, by, f"add_user:{role}")
        await db.commit()

    async def change(
        self,
        db: AsyncSession,
        by: Volunteer,
        volunteer_id: int,
        action: str,
        role: str = "",
        password: str = "",
    ) -> None:
        volunteer = await db.get(Volunteer, volunteer_id)
        if volunteer is None:
            raise TeamError("Deze persoon bestaat niet.")
        if action in ("deactivate", "activate"):
            if volunteer.id == by.id:
                raise TeamError("Je kunt jezelf niet uitzetten.")
            volunteer.active = action == "activate"
        elif action == "role" and role in auth.ROLES:
            if volunteer.id == by.id:
                raise TeamError("Je kunt je eigen rol niet wijzigen.")
            volunteer.role = role
        elif action == "password":
            try:
                volunteer.password_hash = auth.hash_password(password)
            except auth.PasswordError as refused:
                raise TeamError(str(refused)) from refused
            volunteer.locked_until = None
            volunteer.failed_logins = 0
        elif action == "unlock":
            volunteer.locked_until = None
            volunteer.failed_logins = 0
        else:
            raise TeamError("Onbekende wijziging.")
        audit(db, by, f"{action}:{volunteer.username}")
        await db.commit()
        if self.holding is not None:  # an account turned off holds no cases
            await self.holding.release_if_gone(volunteer, by)

    async def change_settings(
        self, db: AsyncSession, by: Volunteer, hours: str, retention: str
    ) -> None:
        try:
            await self.config.set_opening_hours(db, hours)
            if not retention.isdigit():
                raise ValueError("Vul de bewaartermijn in als een aantal dagen.")
            await self.config.set_retention_days(db, int(retention))
        except (HoursError, ValueError) as refused:
            await db.rollback()
            raise TeamError(str(refused)) from refused
        audit(db, by, "settings")
        await db.commit()
