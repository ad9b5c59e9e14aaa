"""The audit log as CSV for the coordinator: Dutch headers, Dutch sentences, Dutch time.
Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a
formula, so such a cell gets a leading quote: a subject or name typed in the console
must never become a formula on the coordinator's computer."""

from __future__ import annotations

import csv
import io

from bot.helpdesk.audit_texts import describe, kind_of
from bot.helpdesk.hours import TIMEZONE
from bot.models import AuditEntry

HEADERS = ("Wanneer", "Wie", "Naam", "Wat", "Zaak", "Soort", "Onderwerp", "Wijziging")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TIME_FORMAT = "%d-%m-%Y %H:%M:%S"


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(entries: list[AuditEntry], names: dict[int, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for entry in entries:
        writer.writerow(
            safe_cell(value)
            for value in (
                entry.at.astimezone(TIMEZONE).strftime(TIME_FORMAT),
                entry.username,
                names.get(entry.volunteer_id or 0, ""),
                describe(entry),
                entry.case_id or "",
                kind_of(entry.action),
                entry.subject,
                entry.detail,
            )
        )
    # With a byte order mark, so Excel reads the Dutch letters right.
    return "\ufeff" + out.getvalue()
