"""Conversations, messages, helpdesk cases, volunteers and their sessions (SQLAlchemy 2)."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from bot.conversation.states import CaseStatus, ConversationState, MessageStatus


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime; a naive one (SQLite keeps no zone) is taken as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp column that always comes back aware (UTC), on SQLite as on PostgreSQL,
    so no code has to guess what a naive value means."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return as_utc(value) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return as_utc(value) if value is not None else None


def new_id() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    pass


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    channel: Mapped[str] = mapped_column(String(16))  # widget | telegram
    # Keyed hash of the channel's user id (bot/pseudonym.py); never a user name.
    resident_key: Mapped[str] = mapped_column(String(64), index=True)
    # The version of the pseudonym key that made it (bot/keyring.py, bot/keyrotation/).
    key_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # Where to deliver later messages (the Telegram chat id, sealed: bot/sealing.py);
    # null for the widget.
    channel_address: Mapped[str | None] = mapped_column(String(255), nullable=True)
    campaign: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # bot/conversation/states.py: ConversationState, written only by transition()
    state: Mapped[str] = mapped_column(String(24), default=ConversationState.BOT)
    # What the assistant recognised (its 'insight' payload), for the anonymous figures.
    scam_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    # The resident wrote that a life is in danger (common/crisis.py): a later case
    # starts at the top of the queue with the marker.
    crisis: Mapped[bool] = mapped_column(Boolean, default=False)
    # True while Rasa's tracker holds a 'pause' the gateway still has to 'resume'.
    rasa_paused: Mapped[bool] = mapped_column(Boolean, default=False)
    # When the resident last sent something: volunteers see it as 'laatst actief', and a
    # conversation counts in the figures only once the resident wrote (page opens are visits).
    last_resident_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # SHA-256 of the personal return link's secret (the widget shows the link once); null
    # until the resident asks for one.
    return_token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)

    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", order_by="Message.id"
    )
    cases: Mapped[list[Case]] = relationship(back_populates="conversation", passive_deletes=True)


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))  # resident | bot | volunteer
    # The volunteer who wrote it (role 'volunteer').
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteers.id", ondelete="SET NULL"), nullable=True
    )
    text: Mapped[str] = mapped_column(Text, default="")
    buttons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # A button press: the payload sent to Rasa instead of the text.
    payload: Mapped[str | None] = mapped_column(Text, nullable=True)
    # bot/conversation/states.py: MessageStatus (resident messages move through it)
    status: Mapped[str] = mapped_column(String(16), default=MessageStatus.ANSWERED, index=True)
    # Bot messages sent later (not as the immediate reply) are pushed to channels.
    delayed: Mapped[bool] = mapped_column(Boolean, default=False)
    # The sender's idempotency key (a volunteer's reply form): the same key twice in one
    # conversation is one message.
    client_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # A volunteer's message: the channel took it (Telegram's API, the widget fetched it),
    # and the widget showed it on screen.
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # The turn that finished a report draft ends here (or a volunteer sent the draft): the
    # widget offers 'Kopieer' and 'Download als PDF' under it, Telegram sends the PDF.
    report_draft: Mapped[bool] = mapped_column(Boolean, default=False)
    # The language of a bot message that is not Dutch (BCP 47: 'en', 'tr', 'ar', 'pl',
    # 'uk'), so that the widget marks it for screen readers and read-aloud voices; None
    # for Dutch (bot/languages/).
    lang: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")
    __table_args__ = (UniqueConstraint("conversation_id", "client_key"),)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "role": self.role,
            "text": self.text,
            "buttons": list(self.buttons or []),
            "report_draft": bool(self.report_draft),
            "lang": self.lang,
            "created_at": self.created_at.isoformat(),
        }


class Volunteer(Base):
    """A console account: a volunteer, a coordinator or (campaigns) a campaign team member."""

    __tablename__ = "volunteers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16), default="volunteer")
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # Archived accounts cannot log in and are hidden from the team list; their audit stays.
    archived_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # Two-factor log-in (bot/console/two_factor.py): the TOTP secret, sealed; the last
    # time step a code was used for (each works once); the one-time start after set-up.
    totp_secret: Mapped[str | None] = mapped_column(Text, nullable=True)
    totp_last_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    totp_ready_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Usernames are unique whatever their case (vol3 and Vol3 are one name).


Index("uq_volunteers_username_lower", func.lower(Volunteer.username), unique=True)


class RecoveryCode(Base):
    """A one-time code for logging in without the phone: only its argon2 hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class ConsoleSession(Base):
    """A logged-in console session; the cookie carries the signed token, we keep its hash."""

    __tablename__ = "console_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE"), index=True
    )
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # What the next page shows once after a form (bot/console/flash.py), never the URL.
    flash_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    flash_notice: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Idle sessions end (bot/console/session_use.py); null: not used since the log-in.
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # 'Firefox op Windows' for the list of sessions; never the full User-Agent.
    browser: Mapped[str | None] = mapped_column(String(60), nullable=True)


class LoginLockout(Base):
    """Failed log-ins of a name without an account (bot/scaleout/lockout_store.py),
    when REDIS_URL is not set: keyed by a keyed hash of the name, never the name."""

    __tablename__ = "login_lockouts"

    name_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    window_started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class Case(Base):
    """A hand-off to the volunteers. Content (summary) is erased after the retention
    period; category, urgency, outcome and timestamps stay for the figures."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"), nullable=True, index=True
    )
    channel: Mapped[str] = mapped_column(String(16))
    campaign: Mapped[str | None] = mapped_column(String(64), nullable=True)
    scam_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    # A life in danger was mentioned (113 / 112 given): first in the queue, marked.
    crisis: Mapped[bool] = mapped_column(Boolean, default=False)
    damage: Mapped[list[str]] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(String(24), default="ask_human")
    summary: Mapped[str] = mapped_column(Text, default="")
    # None: not answered yet; True: the volunteer may read the conversation so far.
    consent: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    # Without consent the case holds only messages after this one.
    opened_after_message_id: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default=CaseStatus.OPEN, index=True)
    # The resident was told their messages wait for the volunteer (said once per case).
    waiting_told: Mapped[bool] = mapped_column(Boolean, default=False)
    volunteer_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteers.id", ondelete="SET NULL"), nullable=True, index=True
    )
    # The holder's latest activity on the case (claim, reply, note, draft): a held case
    # with none for CLAIM_IDLE_MINUTES goes back to the queue.
    holder_active_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # The first volunteer reply, for the figures' first-reply time.
    first_reply_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # What the assistant recognised, kept when a volunteer corrects scam_type or urgent
    # (null: not corrected); the corrections feed the figures and labelled examples.
    assistant_scam_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    assistant_urgent: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    corrected_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # advised | police | bank | no_scam | other (the volunteer's); withdrawn | erased
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # hand_back | close | resident | erased
    ending: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    content_erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)

    conversation: Mapped[Conversation | None] = relationship(back_populates="cases")
    volunteer: Mapped[Volunteer | None] = relationship()


class AuditEntry(Base):
    """Who did what with which case, and when (kept without case content)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    volunteer_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteers.id", ondelete="SET NULL"), nullable=True, index=True
    )
    username: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(40))
    # What the action was done to, named: an account ('Anna (anna)'), a setting, a
    # campaign code. Never case content.
    subject: Mapped[str | None] = mapped_column(String(120), nullable=True)
    # The change itself, short: '30 → 14', 'vrijwilliger → coördinator'.
    detail: Mapped[str | None] = mapped_column(String(200), nullable=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)


class CaseNote(Base):
    """A volunteer's internal note on a case: never shown to the resident; erased with the
    case content after the retention period."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    volunteer_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteers.id", ondelete="SET NULL"), nullable=True
    )
    # The author's display name when writing (the account may be archived later).
    author: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class CaseRead(Base):
    """How far a volunteer has read a case: the newest message id they saw (unread
    markers count resident messages after it)."""

    __tablename__ = "case_reads"

    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE"), primary_key=True
    )
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    last_message_id: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class Draft(Base):
    """A reply a volunteer is typing, kept server-side so that it survives a session end."""

    __tablename__ = "drafts"

    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE"), primary_key=True
    )
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)


class CannedReply(Base):
    """A reply in the volunteers' own voice, kept by the team (beside the assistant's
    advice texts, which come from responses/)."""

    __tablename__ = "canned_replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    label: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    # Offered first for cases of this scam type; null: for every case.
    scam_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    archived_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)


class HelpdeskSetting(Base):
    """Settings the coordinator changes in the console (opening hours, retention)."""

    __tablename__ = "helpdesk_settings"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
