"""console_sessions: the notice or error a page shows after a form, kept server-side

Until now it travelled in the URL (?fout=..., ?ok=...), so a link could make the
console show any text as an official notice.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 12:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("console_sessions") as batch:
        batch.add_column(sa.Column("flash_error", sa.Text(), nullable=True))
        batch.add_column(sa.Column("flash_notice", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("console_sessions") as batch:
        batch.drop_column("flash_notice")
        batch.drop_column("flash_error")
