"""Keys that can rotate (issue 18): the key version of resident hashes and sealed addresses.

Every stored resident key gets the version of the pseudonym key that made it; the rows
there are were all made with the one key there was, version 1 (bot/keyring.py). Sealed
values need no column: which key opens a token is found by trying the keys of the ring
(bot/sealing.py: sealed_with).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TABLES = ("conversations", "wave_sightings")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("key_version", sa.Integer(), nullable=False, server_default="1")
            )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("key_version")
