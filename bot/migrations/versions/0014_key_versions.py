"""Keys that can rotate (issue 18): the key version of resident hashes and sealed addresses.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 19:00:00
"""

from alembic import op  # noqa: F401  (used once the revision has its steps)

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
