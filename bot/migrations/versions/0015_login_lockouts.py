"""Lock-outs that survive a restart (issue 18), and what idle sessions need

- login_lockouts: failed log-ins of names without an account, keyed by a keyed hash of
  the lower-cased name (never the name), with the count, the start of its window and
  the lock; used when REDIS_URL is not set (bot/scaleout/lockout_store.py);
- console_sessions: when the session was last used (idle sessions end) and a coarse
  description of the browser ('Firefox op Windows'), for the list of sessions.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_lockouts",
        sa.Column("name_hash", sa.String(length=64), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    )
    with op.batch_alter_table("console_sessions") as batch:
        batch.add_column(sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("browser", sa.String(length=60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("console_sessions") as batch:
        batch.drop_column("browser")
        batch.drop_column("last_used_at")
    op.drop_table("login_lockouts")
