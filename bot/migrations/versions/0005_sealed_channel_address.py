"""conversations: room for the sealed (encrypted) channel address

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 18:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.alter_column(
            "channel_address", type_=sa.String(length=255), existing_type=sa.String(length=64)
        )


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.alter_column(
            "channel_address", type_=sa.String(length=64), existing_type=sa.String(length=255)
        )
