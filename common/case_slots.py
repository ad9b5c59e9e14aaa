"""The slots that describe one case (plain data, read by both environments).

A new case starts them afresh: in the assistant when the resident chooses 'Nieuwe
vraag' or clearly tells another story (actions/case_policy.py), and in the gateway
when a volunteer has finished a case and hands the conversation back.
"""

from __future__ import annotations

from typing import Any

CASE_SLOTS: dict[str, Any] = {
    "scam_type": None,
    "damage": [],
    "urgent": False,
    "done": [],
    "payment": None,
    "platform": None,
    "contact": None,
    "advised": False,
    "triaged": False,
    "description": None,
    "pending_question": None,
}
# The report form's facts (actions/report_form.py): a new case starts a new draft.
REPORT_FACTS: tuple[str, ...] = (
    "what",
    "when",
    "contact",
    "other_party",
    "supplier",
    "invoice_number",
    "paid",
    "amount",
    "method",
    "iban",
    "wallet",
    "account_name",
    "paid_when",
    "done",
    "evidence",
)
CASE_SLOTS.update({f"report_{fact}": None for fact in REPORT_FACTS})
CASE_SLOTS.update({"report_retry": None, "report_stopped": None})
