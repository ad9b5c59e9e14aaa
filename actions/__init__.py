"""Rasa SDK action server: advice selection, message analysis, escalation, report checklist."""
