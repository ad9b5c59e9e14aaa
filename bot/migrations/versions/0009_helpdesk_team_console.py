"""A console a helpdesk team can run on (issue 12): what holding, reading, replying,
correcting, returning and archiving need

- cases: the holder's latest activity (auto-release), the first reply (figures), the
  assistant's own scam type and urgency kept when a volunteer corrects them;
- conversations: when the resident last wrote, and the return link's hash;
- messages: an idempotency key per conversation, delivered and seen;
- volunteers: archived, and usernames unique whatever their case;
- campaigns: archived;
- audit_log: the object and the change named (subject, detail), a longer action;
- case_notes, case_reads, drafts, canned_replies.

Usernames that differ only in case (vol3, Vol3) get the account id appended to all but
the oldest, so the unique index can be made; the audit log keeps the old names.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 13:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _when(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=True)


def _rename_case_duplicates() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, username FROM volunteers ORDER BY id")).all()
    seen: set[str] = set()
    for account_id, username in rows:
        if username.lower() in seen:
            bind.execute(
                sa.text("UPDATE volunteers SET username = :name WHERE id = :id"),
                {"name": f"{username}-{account_id}"[:64], "id": account_id},
            )
        seen.add(username.lower())


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(_when("holder_active_at"))
        batch.add_column(_when("first_reply_at"))
        batch.add_column(sa.Column("assistant_scam_type", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("assistant_urgent", sa.Boolean(), nullable=True))
        batch.add_column(_when("corrected_at"))
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(_when("last_resident_at"))
        batch.add_column(sa.Column("return_token_hash", sa.String(length=64), nullable=True))
        batch.create_unique_constraint("uq_conversations_return_token_hash", ["return_token_hash"])
    # Conversations from before: the resident was last active at their latest message.
    op.execute(
        "UPDATE conversations SET last_resident_at = (SELECT max(m.created_at) FROM messages m"
        " WHERE m.conversation_id = conversations.id AND m.role = 'resident')"
    )
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("client_key", sa.String(length=64), nullable=True))
        batch.add_column(_when("delivered_at"))
        batch.add_column(_when("seen_at"))
        batch.create_unique_constraint(
            "uq_messages_conversation_id_client_key", ["conversation_id", "client_key"]
        )
    with op.batch_alter_table("volunteers") as batch:
        batch.add_column(_when("archived_at"))
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(_when("archived_at"))
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("action", existing_type=sa.String(length=24), type_=sa.String(length=40))
        batch.add_column(sa.Column("subject", sa.String(length=120), nullable=True))
        batch.add_column(sa.Column("detail", sa.String(length=200), nullable=True))
        batch.create_index("ix_audit_log_at", ["at"])
    op.create_table(
        "case_notes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "case_id", sa.Integer(), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "volunteer_id",
            sa.Integer(),
            sa.ForeignKey("volunteers.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("author", sa.String(length=80), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_case_notes_case_id", "case_notes", ["case_id"])
    op.create_table(
        "case_reads",
        sa.Column(
            "volunteer_id",
            sa.Integer(),
            sa.ForeignKey("volunteers.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "case_id", sa.Integer(), sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("last_message_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "drafts",
        sa.Column(
            "volunteer_id",
            sa.Integer(),
            sa.ForeignKey("volunteers.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "case_id", sa.Integer(), sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "canned_replies",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("scam_type", sa.String(length=40), nullable=True),
        _when("archived_at"),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    # Last: SQLite's batch mode rebuilds tables from reflection, which cannot read an
    # expression index back.
    _rename_case_duplicates()
    op.create_index(
        "uq_volunteers_username_lower", "volunteers", [sa.text("lower(username)")], unique=True
    )


def downgrade() -> None:
    op.drop_index("uq_volunteers_username_lower", table_name="volunteers")
    op.drop_table("canned_replies")
    op.drop_table("drafts")
    op.drop_table("case_reads")
    op.drop_index("ix_case_notes_case_id", table_name="case_notes")
    op.drop_table("case_notes")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_index("ix_audit_log_at")
        batch.drop_column("detail")
        batch.drop_column("subject")
        batch.alter_column("action", existing_type=sa.String(length=40), type_=sa.String(length=24))
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_column("archived_at")
    with op.batch_alter_table("volunteers") as batch:
        batch.drop_column("archived_at")
    with op.batch_alter_table("messages") as batch:
        batch.drop_constraint("uq_messages_conversation_id_client_key", type_="unique")
        batch.drop_column("seen_at")
        batch.drop_column("delivered_at")
        batch.drop_column("client_key")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_constraint("uq_conversations_return_token_hash", type_="unique")
        batch.drop_column("return_token_hash")
        batch.drop_column("last_resident_at")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("corrected_at")
        batch.drop_column("assistant_urgent")
        batch.drop_column("assistant_scam_type")
        batch.drop_column("first_reply_at")
        batch.drop_column("holder_active_at")
