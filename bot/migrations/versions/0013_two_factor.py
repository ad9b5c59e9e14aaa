"""Two-factor log-in (issue 18): TOTP secrets, recovery codes and the switch for
volunteers (the switch is a row in helpdesk_settings, no schema).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


# SQLite's batch mode copies the table and loses this expression index (it cannot be
# reflected): dropped before, made again after, as 0009 made it.
USERNAME_INDEX = "uq_volunteers_username_lower"


def upgrade() -> None:
    # Plain ADD COLUMN (SQLite has it too): no table copy.
    op.add_column("volunteers", sa.Column("totp_secret", sa.Text(), nullable=True))
    op.add_column("volunteers", sa.Column("totp_last_step", sa.Integer(), nullable=True))
    op.add_column("volunteers", sa.Column("totp_ready_hash", sa.String(length=64), nullable=True))
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "volunteer_id",
            sa.Integer(),
            sa.ForeignKey("volunteers.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("code_hash", sa.String(length=256), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_recovery_codes_volunteer_id", "recovery_codes", ["volunteer_id"])


def downgrade() -> None:
    op.drop_index("ix_recovery_codes_volunteer_id", table_name="recovery_codes")
    op.drop_table("recovery_codes")
    op.drop_index(USERNAME_INDEX, table_name="volunteers")
    with op.batch_alter_table("volunteers") as batch:
        batch.drop_column("totp_ready_hash")
        batch.drop_column("totp_last_step")
        batch.drop_column("totp_secret")
    op.create_index(USERNAME_INDEX, "volunteers", [sa.text("lower(username)")], unique=True)
