"""Conversations, messages, helpdesk cases, volunteers and their sessions (SQLAlchemy 2)."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text
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
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "role": self.role,
            "text": self.text,
            "buttons": list(self.buttons or []),
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
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


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
    action: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class HelpdeskSetting(Base):
    """Settings the coordinator changes in the console (opening hours, retention)."""

    __tablename__ = "helpdesk_settings"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
