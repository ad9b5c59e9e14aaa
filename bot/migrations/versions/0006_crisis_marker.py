"""cases and conversations: the safety-net marker (a life in danger was mentioned)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 08:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("cases", "conversations"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("crisis", sa.Boolean(), nullable=False, server_default=sa.false())
            )


def downgrade() -> None:
    for table in ("cases", "conversations"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("crisis")
