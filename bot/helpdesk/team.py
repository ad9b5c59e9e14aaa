"""Team management for coordinators: who is on the team, their names, roles and
passwords, switching accounts off and archiving them, and the helpdesk's settings; the
figures the team page shows. As case work sits behind `Desk`, this sits behind `Team`,
so the routes hold no SQL. Every change is audited with the account it was done to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console import auth
from bot.conversation.states import CaseStatus
from bot.helpdesk.audit import account_name, audit
from bot.helpdesk.config import OPENING_HOURS, RETENTION_DAYS, HelpdeskConfig
from bot.helpdesk.hours import HoursError
from bot.helpdesk.labels import ROLES
from bot.models import Case, Volunteer, utcnow

if TYPE_CHECKING:
    from bot.helpdesk.holding import Holding

USERNAME_MAX = 64
DISPLAY_NAME_MAX = 80
ACTIONS = ("deactivate", "activate", "role", "name", "password", "unlock", "archive", "unarchive")
# Changes that need the coordinator's 'Ja, ...' tick first (the form's checkbox).
NEEDS_CONFIRMATION = ("deactivate", "archive")
TAKEN = "Die gebruikersnaam bestaat al."


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
    archived: int = 0


def role_word(role: str) -> str:
    """'coördinator': the role as a word inside a sentence."""
    label = ROLES.get(role, role)
    return label[:1].lower() + label[1:]


def sessions_ended(count: int) -> str:
    if count == 0:
        return "geen open sessies"
    return f"{count} {'sessie' if count == 1 else 'sessies'} beëindigd"


class Team:
    def __init__(
        self, config: HelpdeskConfig, presence_seconds: float, holding: Holding | None = None
    ) -> None:
        self.config = config
        self.presence_seconds = presence_seconds
        self.holding = holding  # releases the cases of an account turned off

    # --- reading ------------------------------------------------------------------
    async def overview(self, db: AsyncSession, show_archived: bool = False) -> TeamOverview:
        query = select(Volunteer).order_by(func.lower(Volunteer.username))
        if not show_archived:
            query = query.where(Volunteer.archived_at.is_(None))
        volunteers = list((await db.execute(query)).scalars())
        archived = await db.scalar(
            select(func.count(Volunteer.id)).where(Volunteer.archived_at.is_not(None))
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
            archived=archived or 0,
        )

    async def _per_volunteer(self, db: AsyncSession, *where: object) -> dict[int, int]:
        rows = await db.execute(
            select(Case.volunteer_id, func.count(Case.id)).where(*where).group_by(Case.volunteer_id)
        )
        return dict(rows.all())  # type: ignore[arg-type]

    async def member(self, db: AsyncSession, volunteer_id: int) -> Volunteer:
        volunteer = await db.get(Volunteer, volunteer_id)
        if volunteer is None:
            raise TeamError("Deze persoon bestaat niet.")
        return volunteer

    async def held_by(self, db: AsyncSession, volunteer_id: int) -> int:
        count = await db.scalar(
            select(func.count(Case.id)).where(
                Case.volunteer_id == volunteer_id, Case.status == CaseStatus.CLAIMED
            )
        )
        return count or 0

    # --- adding -------------------------------------------------------------------
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
        # vol3 and Vol3 are one name (the database holds a unique index on lower()).
        if await auth.by_username(db, username) is not None:
            raise TeamError(TAKEN)
        volunteer = Volunteer(
            username=username,
            display_name=display_name[:DISPLAY_NAME_MAX],
            role=role,
            password_hash=password_hash,
        )
        db.add(volunteer)
        audit(db, by, "add_user", subject=account_name(volunteer), detail=role)
        try:
            await db.commit()
        except IntegrityError as taken:  # added at the same moment by someone else
            await db.rollback()
            raise TeamError(TAKEN) from taken

    # --- changing -----------------------------------------------------------------
    async def change(
        self,
        db: AsyncSession,
        by: Volunteer,
        volunteer_id: int,
        action: str,
        role: str = "",
        password: str = "",
        display_name: str = "",
        confirmed: bool = False,
    ) -> str:
        """One change to one account; the Dutch notice to show after it."""
        volunteer = await self.member(db, volunteer_id)
        name = volunteer.display_name
        if action in NEEDS_CONFIRMATION and not confirmed:
            what = "uitzetten" if action == "deactivate" else "archiveren"
            raise TeamError(f"Vink eerst aan dat je {name} echt wilt {what}.")
        if action == "deactivate":
            await self.deactivate(db, by, volunteer)
            return f"{name} is uitgezet en kan niet meer inloggen."
        if action == "activate":
            await self.activate(db, by, volunteer)
            return f"{name} kan weer inloggen."
        if action == "role":
            await self.change_role(db, by, volunteer, role)
            return f"{name} is nu {role_word(role)}."
        if action == "name":
            await self.change_name(db, by, volunteer, display_name)
            return f"De naam is nu {volunteer.display_name}."
        if action == "password":
            ended = await self.reset_password(db, by, volunteer, password)
            return f"Nieuw wachtwoord voor {name} opgeslagen; {sessions_ended(ended)}."
        if action == "unlock":
            volunteer.locked_until = None
            volunteer.failed_logins = 0
            audit(db, by, "unlock_user", subject=account_name(volunteer))
            await db.commit()
            return f"De blokkade van {name} is opgeheven."
        if action == "archive":
            await self.archive(db, by, volunteer)
            return f"{name} is gearchiveerd."
        if action == "unarchive":
            await self.unarchive(db, by, volunteer)
            return f"{name} is uit het archief gehaald (nog uitgezet)."
        raise TeamError("Onbekende wijziging.")

    async def _keep_a_coordinator(
        self, db: AsyncSession, by: Volunteer, volunteer: Volunteer
    ) -> None:
        """Refuse a change that would leave the helpdesk without an active coordinator
        (nobody could then add people, reset passwords or change the settings)."""
        if volunteer.role != "coordinator" or not volunteer.active or volunteer.archived_at:
            return
        others = await db.scalar(
            select(func.count(Volunteer.id)).where(
                Volunteer.role == "coordinator",
                Volunteer.active.is_(True),
                Volunteer.archived_at.is_(None),
                Volunteer.id != volunteer.id,
            )
        )
        if not others:
            who = "Je bent" if volunteer.id == by.id else f"{volunteer.display_name} is"
            raise TeamError(
                f"{who} de laatste actieve coördinator. Maak eerst iemand anders coördinator."
            )

    async def change_role(
        self, db: AsyncSession, by: Volunteer, volunteer: Volunteer, role: str
    ) -> None:
        if role not in auth.ROLES:
            raise TeamError("Kies een rol: vrijwilliger, coördinator of campagneteam.")
        if role == volunteer.role:
            raise TeamError(f"{volunteer.display_name} is al {role_word(role)}.")
        if role != "coordinator":
            await self._keep_a_coordinator(db, by, volunteer)
        detail = f"{role_word(volunteer.role)} → {role_word(role)}"
        volunteer.role = role
        audit(db, by, "change_role", subject=account_name(volunteer), detail=detail)
        await db.commit()
        await self._release_if_gone(volunteer, by)  # a campaign account holds no cases

    async def _release_if_gone(self, volunteer: Volunteer, by: Volunteer) -> None:
        """After the change is committed: an account that may no longer hold cases (off,
        archived, a campaign account) gives its cases back to the queue at once."""
        if self.holding is not None:
            await self.holding.release_if_gone(volunteer, by)

    async def change_name(
        self, db: AsyncSession, by: Volunteer, volunteer: Volunteer, display_name: str
    ) -> None:
        display_name = " ".join(display_name.split())
        if not display_name:
            raise TeamError("Vul een naam in.")
        if len(display_name) > DISPLAY_NAME_MAX:
            raise TeamError(f"Die naam is te lang (hooguit {DISPLAY_NAME_MAX} tekens).")
        if display_name == volunteer.display_name:
            raise TeamError("Die naam is niet veranderd.")
        detail = f"{volunteer.display_name} → {display_name}"
        volunteer.display_name = display_name
        audit(db, by, "change_name", subject=account_name(volunteer), detail=detail)
        await db.commit()

    async def reset_password(
        self, db: AsyncSession, by: Volunteer, volunteer: Volunteer, password: str
    ) -> int:
        """A new password set by the coordinator: every session of the account ends (a
        stolen or forgotten one too) and a lock-out is lifted. How many sessions ended."""
        if volunteer.id == by.id:
            raise TeamError("Je eigen wachtwoord wijzig je bij Mijn account.")
        try:
            volunteer.password_hash = auth.hash_password(password)
        except auth.PasswordError as refused:
            raise TeamError(str(refused)) from refused
        volunteer.locked_until = None
        volunteer.failed_logins = 0
        ended = await auth.end_sessions(db, volunteer.id)
        audit(
            db,
            by,
            "reset_password",
            subject=account_name(volunteer),
            detail=f"{sessions_ended(ended)}, blokkade opgeheven",
        )
        await db.commit()
        return ended

    async def deactivate(
        self, db: AsyncSession, by: Volunteer, volunteer: Volunteer, *, commit: bool = True
    ) -> None:
        """Switch an account off: it cannot log in, its sessions end."""
        if not volunteer.active:
            raise TeamError(f"{volunteer.display_name} staat al uit.")
        await self._keep_a_coordinator(db, by, volunteer)
        volunteer.active = False
        await auth.end_sessions(db, volunteer.id)
        audit(db, by, "deactivate_user", subject=account_name(volunteer))
        if commit:
            await db.commit()
            await self._release_if_gone(volunteer, by)

    async def activate(self, db: AsyncSession, by: Volunteer, volunteer: Volunteer) -> None:
        if volunteer.archived_at is not None:
            raise TeamError("Haal dit account eerst uit het archief.")
        if volunteer.active:
            raise TeamError(f"{volunteer.display_name} staat al aan.")
        volunteer.active = True
        audit(db, by, "activate_user", subject=account_name(volunteer))
        await db.commit()

    async def archive(self, db: AsyncSession, by: Volunteer, volunteer: Volunteer) -> None:
        """Off, and out of the team list; the audit log keeps naming the account."""
        if volunteer.archived_at is not None:
            raise TeamError(f"{volunteer.display_name} is al gearchiveerd.")
        if volunteer.active:
            await self.deactivate(db, by, volunteer, commit=False)
        volunteer.archived_at = utcnow()
        await auth.end_sessions(db, volunteer.id)
        audit(db, by, "archive_user", subject=account_name(volunteer))
        await db.commit()
        await self._release_if_gone(volunteer, by)

    async def unarchive(self, db: AsyncSession, by: Volunteer, volunteer: Volunteer) -> None:
        if volunteer.archived_at is None:
            raise TeamError(f"{volunteer.display_name} is niet gearchiveerd.")
        volunteer.archived_at = None
        audit(db, by, "unarchive_user", subject=account_name(volunteer))
        await db.commit()

    # --- settings -----------------------------------------------------------------
    async def change_settings(
        self, db: AsyncSession, by: Volunteer, hours: str, retention: str
    ) -> None:
        """Opening hours and retention; each one that changed is audited with its old
        and new value as people read them."""
        hours_before = (await self.config.opening_hours(db)).as_text()
        retention_before = await self.config.retention_days(db)
        try:
            hours_after = (await self.config.set_opening_hours(db, hours)).as_text()
            if not retention.strip().isdigit():
                raise ValueError("Vul de bewaartermijn in als een aantal dagen.")
            retention_after = int(retention)
            await self.config.set_retention_days(db, retention_after)
        except (HoursError, ValueError) as refused:
            await db.rollback()
            raise TeamError(str(refused)) from refused
        if hours_after != hours_before:
            audit(
                db, by, "settings", subject=OPENING_HOURS, detail=f"{hours_before} → {hours_after}"
            )
        if retention_after != retention_before:
            detail = f"{retention_before} → {retention_after}"
            audit(db, by, "settings", subject=RETENTION_DAYS, detail=detail)
        await db.commit()
