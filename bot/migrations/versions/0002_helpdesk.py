"""helpdesk: volunteers, console sessions, cases (from hand-off requests), audit log, settings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 17:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "volunteers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "console_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["volunteer_id"], ["volunteers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index(op.f("ix_console_sessions_volunteer_id"), "console_sessions", ["volunteer_id"])
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("conversation_id", sa.String(length=36), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("campaign", sa.String(length=64), nullable=True),
        sa.Column("scam_type", sa.String(length=40), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("damage", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=True),
        sa.Column("opened_after_message_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("ending", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("content_erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["volunteer_id"], ["volunteers.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_cases_conversation_id"), "cases", ["conversation_id"])
    op.create_index(op.f("ix_cases_status"), "cases", ["status"])
    op.create_index(op.f("ix_cases_volunteer_id"), "cases", ["volunteer_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["volunteer_id"], ["volunteers.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_audit_log_volunteer_id"), "audit_log", ["volunteer_id"])
    op.create_index(op.f("ix_audit_log_case_id"), "audit_log", ["case_id"])
    op.create_table(
        "helpdesk_settings",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    # Hand-off requests stored before the helpdesk existed become open cases.
    op.execute(
        """
        INSERT INTO cases (conversation_id, channel, campaign, scam_type, urgent, damage,
            reason, summary, consent, opened_after_message_id, status, created_at)
        SELECT h.conversation_id, c.channel, c.campaign, h.scam_type, h.urgent, '[]',
            h.reason, h.summary, NULL,
            COALESCE((SELECT MAX(m.id) FROM messages m WHERE m.conversation_id = h.conversation_id
                      AND m.created_at <= h.created_at), 0),
            'open', h.created_at
        FROM handoff_requests h JOIN conversations c ON c.id = h.conversation_id
        """
    )
    op.execute("UPDATE conversations SET state = 'waiting' WHERE state = 'handoff_requested'")
    op.drop_index(op.f("ix_handoff_requests_conversation_id"), table_name="handoff_requests")
    op.drop_table("handoff_requests")
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(
            sa.Column("rasa_paused", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("author_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_messages_author_id_volunteers",
            "volunteers",
            ["author_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(op.f("ix_messages_status"), ["status"])


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_index(op.f("ix_messages_status"))
        batch.drop_constraint("fk_messages_author_id_volunteers", type_="foreignkey")
        batch.drop_column("author_id")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("rasa_paused")
    op.create_table(
        "handoff_requests",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("conversation_id", sa.String(length=36), nullable=False),
        sa.Column("scam_type", sa.String(length=40), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_handoff_requests_conversation_id"), "handoff_requests", ["conversation_id"]
    )
    op.drop_table("helpdesk_settings")
    op.drop_table("audit_log")
    op.drop_table("cases")
    op.drop_table("console_sessions")
    op.drop_table("volunteers")
