"""Waves, their sightings (one per reported message), the sightings' indicators and the
fingerprint bands that find near-duplicates (SQLAlchemy 2).

A sighting outlives its conversation: counts and indicators stay for the waves and the
figures, while the text and the link to the resident go with the conversation
(bot/waves/forget.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.models import Base, UtcDateTime, utcnow


class Wave(Base):
    __tablename__ = "waves"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    first_seen: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)
    # What most of its messages were: kept up to date as sightings join.
    scam_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    organisation: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # A volunteer confirmed it as fraud: residents are told, its indicators can be shared.
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    confirmed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # A masked example kept at confirmation: it outlives the conversations (retention),
    # but not the resident's own erasure of the one it came from.
    kept_example: Mapped[str | None] = mapped_column(Text, nullable=True)
    kept_example_sighting_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # A coordinator's public warning, shown to residents who paste a matching message.
    warning: Mapped[str | None] = mapped_column(Text, nullable=True)
    warning_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    warning_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # Merged into another wave (its sightings moved there); kept so that old links work.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("waves.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class Sighting(Base):
    """One reported message in a wave."""

    __tablename__ = "wave_sightings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[str | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"), nullable=True, index=True
    )
    # The conversation's resident key (distinct residents are counted, not messages);
    # null once the conversation is gone.
    resident_key: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    # The version of the pseudonym key that made it (bot/keyrotation/), as its conversation's.
    key_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # The resident had already reported this wave: not counted again, even once the key
    # is gone.
    repeat: Mapped[bool] = mapped_column(Boolean, default=False)
    # Joined between the two thresholds: counted only once a volunteer confirms it.
    review: Mapped[bool] = mapped_column(Boolean, default=False)
    # first | fingerprint | indicator | review | volunteer
    joined_by: Mapped[str] = mapped_column(String(16), default="first")
    similarity: Mapped[float | None] = mapped_column(Float, nullable=True)
    words: Mapped[int] = mapped_column(Integer, default=0)
    scam_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    organisation: Mapped[str | None] = mapped_column(String(40), nullable=True)
    campaign: Mapped[str | None] = mapped_column(String(64), nullable=True)
    channel: Mapped[str] = mapped_column(String(16), default="widget")
    # The message, masked (common/masking.py); gone with the conversation.
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The MinHash signature, only for sightings whose bands are stored (a near-exact
    # copy of one that is stored adds none: a big wave costs little).
    signature: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)


def counted_resident(key: str | None, repeat: bool, sighting_id: int) -> str | None:
    """Who a counted report stands for: its resident key, or, once the conversation is
    gone, the report itself (unless it was a repeat, whose resident counted already).
    The SQL of bot/waves/overview.py (`_residents`) counts by the same rule."""
    if key:
        return key
    return None if repeat else f"gone:{sighting_id}"


class SightingBand(Base):
    """One locality-sensitive-hashing band of a sighting's signature: sightings that share
    a band key are candidates for a near-duplicate."""

    __tablename__ = "wave_bands"

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    sighting_id: Mapped[int] = mapped_column(
        ForeignKey("wave_sightings.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class SightingIndicator(Base):
    __tablename__ = "wave_indicators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sighting_id: Mapped[int] = mapped_column(
        ForeignKey("wave_sightings.id", ondelete="CASCADE"), index=True
    )
    # The sighting's wave, kept with it (merge and split move both): the indicator join.
    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # common/indicators.py: KINDS
    value: Mapped[str] = mapped_column(String(255))
    lookalike: Mapped[str | None] = mapped_column(String(40), nullable=True)


Index("ix_wave_indicators_kind_value", SightingIndicator.kind, SightingIndicator.value)
