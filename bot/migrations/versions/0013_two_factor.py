"""Two-factor log-in (issue 18): TOTP secrets, recovery codes and the switch for
volunteers.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 19:00:00
"""

from alembic import op  # noqa: F401  (used once the revision has its steps)

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
