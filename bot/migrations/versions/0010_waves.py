"""What is going around (issue 15): waves, their sightings (one per reported scam
message), the sightings' indicators and their fingerprint bands.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 03:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "waves",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _when("first_seen", nullable=False),
        _when("last_seen", nullable=False),
        sa.Column("scam_type", sa.String(length=40), nullable=True),
        sa.Column("organisation", sa.String(length=40), nullable=True),
        _when("confirmed_at"),
        sa.Column("confirmed_by", sa.String(length=64), nullable=True),
        sa.Column("kept_example", sa.Text(), nullable=True),
        sa.Column("kept_example_sighting_id", sa.Integer(), nullable=True),
        sa.Column("warning", sa.Text(), nullable=True),
        sa.Column("warning_by", sa.String(length=64), nullable=True),
        _when("warning_at"),
        sa.Column(
            "merged_into_id",
            sa.Integer(),
            sa.ForeignKey("waves.id", ondelete="SET NULL"),
            nullable=True,
        ),
        _when("created_at", nullable=False),
    )
    op.create_index("ix_waves_last_seen", "waves", ["last_seen"])
    op.create_table(
        "wave_sightings",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "wave_id", sa.Integer(), sa.ForeignKey("waves.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "conversation_id",
            sa.String(length=36),
            sa.ForeignKey("conversations.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("resident_key", sa.String(length=64), nullable=True),
        sa.Column("repeat", sa.Boolean(), nullable=False),
        sa.Column("review", sa.Boolean(), nullable=False),
        sa.Column("joined_by", sa.String(length=16), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.Column("scam_type", sa.String(length=40), nullable=True),
        sa.Column("organisation", sa.String(length=40), nullable=True),
        sa.Column("campaign", sa.String(length=64), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("signature", sa.LargeBinary(), nullable=True),
        _when("seen_at", nullable=False),
    )
    op.create_index("ix_wave_sightings_wave_id", "wave_sightings", ["wave_id"])
    op.create_index("ix_wave_sightings_conversation_id", "wave_sightings", ["conversation_id"])
    op.create_index("ix_wave_sightings_resident_key", "wave_sightings", ["resident_key"])
    op.create_index("ix_wave_sightings_seen_at", "wave_sightings", ["seen_at"])
    op.create_table(
        "wave_bands",
        sa.Column("key", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column(
            "sighting_id",
            sa.Integer(),
            sa.ForeignKey("wave_sightings.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_wave_bands_sighting_id", "wave_bands", ["sighting_id"])
    op.create_table(
        "wave_indicators",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "sighting_id",
            sa.Integer(),
            sa.ForeignKey("wave_sightings.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "wave_id", sa.Integer(), sa.ForeignKey("waves.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("value", sa.String(length=255), nullable=False),
        sa.Column("lookalike", sa.String(length=40), nullable=True),
    )
    op.create_index("ix_wave_indicators_sighting_id", "wave_indicators", ["sighting_id"])
    op.create_index("ix_wave_indicators_wave_id", "wave_indicators", ["wave_id"])
    op.create_index("ix_wave_indicators_kind_value", "wave_indicators", ["kind", "value"])


def downgrade() -> None:
    op.drop_table("wave_indicators")
    op.drop_table("wave_bands")
    op.drop_table("wave_sightings")
    op.drop_table("waves")
