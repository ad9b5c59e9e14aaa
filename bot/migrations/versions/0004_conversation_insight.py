"""conversations: scam type and urgency from the assistant (for the anonymous figures)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 18:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("scam_type", sa.String(length=40), nullable=True))
        batch.add_column(
            sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("urgent")
        batch.drop_column("scam_type")
