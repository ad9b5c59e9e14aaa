"""The latest report draft of a conversation (SQLAlchemy 2).

One row per conversation: the assistant sends the whole draft at every form turn, so the
newest payload replaces the facts. It is conversation content: erasure and the retention
job delete it with the conversation (bot/conversation/erasure.py), after its counts were
folded into the figures."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.models import Base, UtcDateTime, utcnow
from common.report_draft import ReportDraft


class ReportDraftRow(Base):
    __tablename__ = "report_drafts"

    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    scam_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # The resident answered the form's last question.
    finished: Mapped[bool] = mapped_column(Boolean, default=False)
    # Field name -> the answer as the draft shows it (common/report_draft.py: FIELDS).
    # Never logged: IBANs, amounts and names of the other party are in here.
    facts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)

    def draft(self) -> ReportDraft:
        """The stored draft in the contract's shape (render_text, lines)."""
        facts = {str(k): str(v) for k, v in (self.facts or {}).items()}
        return ReportDraft(scam_type=self.scam_type, finished=self.finished, facts=facts)
