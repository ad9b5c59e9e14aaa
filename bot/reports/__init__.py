"""Aangifte voorbereiden (issue 16): the police-report draft the assistant's form fills in.

The contract with the action server is common/report_draft.py. Here the gateway keeps the
latest draft of a conversation (models.py, store.py), serves it to the resident as text
and PDF (resident.py, pdf.py) and lets the volunteer of a case read, correct and send it
(casework.py). The figures count drafts started and finished (bot/campaigns/figures.py).
"""
