"""Campaigns, weekly aggregate figures and 'heeft dit geholpen?' answers (SQLAlchemy 2)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.models import Base, UtcDateTime, utcnow


class Campaign(Base):
    """A campaign of a municipal team; residents arrive with its code."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Telegram deep-link rules: 1-64 characters of A-Z, a-z, 0-9, _ and - (links.py).
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # ouderen | jongeren | ondernemers | laaggeletterden | algemeen (labels.TARGET_GROUPS)
    target_group: Mapped[str] = mapped_column(String(24), default="algemeen")
    municipality: Mapped[str | None] = mapped_column(String(80), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # The console username of whoever created it.
    created_by: Mapped[str] = mapped_column(String(64))
    # An archived campaign is hidden from the lists; its links still work and its figures stay.
    archived_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class WeeklyFigure(Base):
    """Counts folded in from conversations the retention job (or the resident) deleted.

    One row per (week, campaign, channel, target group, scam type, metric). Holds no ids,
    no free text and no time finer than an ISO week. campaign is a known code, 'onbekend'
    or '' (no campaign); scam_type is '' when unknown. metric: visits | conversations |
    urgent | handoffs | outcome:<outcome> | helped_yes | helped_no | drafts_started |
    drafts_finished (report drafts, bot/reports/).
    """

    __tablename__ = "weekly_figures"
    __table_args__ = (
        UniqueConstraint(
            "week",
            "campaign",
            "channel",
            "target_group",
            "scam_type",
            "metric",
            name="uq_weekly_figures_key",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    week: Mapped[str] = mapped_column(String(8))  # ISO week, e.g. '2026-W47'
    campaign: Mapped[str] = mapped_column(String(64), default="")
    channel: Mapped[str] = mapped_column(String(16))
    target_group: Mapped[str] = mapped_column(String(24), default="")
    scam_type: Mapped[str] = mapped_column(String(40), default="")
    metric: Mapped[str] = mapped_column(String(24))
    count: Mapped[int] = mapped_column(Integer, default=0)


class Feedback(Base):
    """One answer to 'heeft dit geholpen?' at the end of an advice path.

    Folded into WeeklyFigure and deleted when its conversation is deleted (figures.py).
    """

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"), nullable=True, index=True
    )
    campaign: Mapped[str | None] = mapped_column(String(64), nullable=True)
    channel: Mapped[str] = mapped_column(String(16))
    scam_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    helped: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
