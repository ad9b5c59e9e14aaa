"""Lock-outs that survive a restart (issue 18), and what idle sessions need.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 19:00:00
"""

from alembic import op  # noqa: F401  (used once the revision has its steps)

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
