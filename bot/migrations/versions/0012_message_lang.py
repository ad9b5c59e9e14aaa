"""Other languages, honestly (issue 17): the language of a bot message that is not Dutch
(BCP 47), for the widget's `lang` on that bubble; null for Dutch.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-09 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("lang", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("lang")
