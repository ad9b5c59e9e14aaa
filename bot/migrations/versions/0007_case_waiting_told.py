"""cases: whether the resident was told their messages wait for the volunteer

Until now the gateway searched the conversation for the Dutch 'still waiting' text to
know this; rewording the text would have changed behaviour. An explicit field instead.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(
            sa.Column("waiting_told", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("waiting_told")
