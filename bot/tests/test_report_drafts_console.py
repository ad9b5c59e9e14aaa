"""The report draft on the volunteer console, over HTTP in front of the fake Rasa (no
model), on SQLite and PostgreSQL: with the resident's consent the case page shows the
draft (inert, escaped), its holder corrects it (audited without the answers) and sends it
through the normal delivery; without consent it is not shown; list views, the audit log
and the logs never carry the other party's IBAN or the amount."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from bot.models import AuditEntry
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import HTML, console_client
from bot.tests.fake_rasa import FakeRasa
from bot.tests.reply_helpers import actions, fake_handoff, hand_off, volunteer
from bot.tests.report_helpers import FACTS, SCAM, script_form
from bot.tests.widget_client import history, open_chat, say
from common.report_draft import FIELDS, LABELS, ReportDraft, render_text

CSRF_VALUE = re.compile(r'name="csrf" value="[^"]*"')

IBAN = FACTS["iban"]
AMOUNT = FACTS["amount"]
NEW_AMOUNT = "€ 1.350,00"
HOSTILE = "<img src=x onerror=alert(1)> zie https://bank-veilig.example/x"


@pytest.fixture
async def app(database_url: str, fake_rasa: FakeRasa) -> AsyncIterator[FastAPI]:
    fake_handoff(fake_rasa)
    async with fake_gateway(database_url, fake_rasa) as (application, _):
        yield application


@pytest.fixture
async def resident(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with console_client(app) as http:
        yield http


async def case_after_the_form(
    app: FastAPI, resident: httpx.AsyncClient, fake: FakeRasa, consent: bool
) -> tuple[str, int]:
    """A resident who finished the report form and then asked for a person."""
    cid, _ = await open_chat(resident, campaign="demo")
    for words in script_form(fake):
        await say(resident, cid, text=words)
    fake_handoff(fake)  # after the form's rules, so the hand-off wins for its message
    return cid, await hand_off(app, resident, cid, consent)


def form_of(facts: dict[str, str], csrf: str, **changed: str) -> dict[str, str]:
    """The correction form as the page sends it: every field, shown and (changed) new."""
    data = {"csrf": csrf}
    for name, _label in FIELDS:
        data[f"shown:{name}"] = facts.get(name, "")
        data[f"fact:{name}"] = changed.get(name, facts.get(name, ""))
    return data


async def test_with_consent_the_holder_reads_corrects_and_sends_the_draft(
    app: FastAPI, resident: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid, case_id = await case_after_the_form(app, resident, fake_rasa, consent=True)
    async with volunteer(app, "anna") as anna, volunteer(app, "chris", "coordinator") as chris:
        page = await anna.page(case_id)
        for name, answer in FACTS.items():
            assert LABELS[name] in page and answer in page, name
        # Open, not claimed: read, no form, nothing to send.
        assert "Concept aanpassen of aanvullen" not in page
        refused = await anna.http.post(
            f"/console/cases/{case_id}/report-draft",
            data=form_of(FACTS, anna.csrf, amount=NEW_AMOUNT),
        )
        assert refused.status_code == 303
        assert "Alleen wie de zaak heeft" in await anna.page(case_id)

        await anna.claim(case_id)
        assert "Concept aanpassen of aanvullen" in await anna.page(case_id)
        edited = await anna.http.post(
            f"/console/cases/{case_id}/report-draft",
            data=form_of(FACTS, anna.csrf, amount=NEW_AMOUNT, evidence=HOSTILE, when=""),
        )
        assert edited.headers["location"] == f"/console/cases/{case_id}#concept-aangifte"
        page = await anna.page(case_id)
        assert "Het concept is aangepast." in page and NEW_AMOUNT in page
        # Inert like every resident text: escaped, the link defanged, never clickable.
        assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
        assert "hxxps://bank-veilig[.]example/x" in page
        expected = ReportDraft(
            SCAM,
            True,
            {
                **{k: v for k, v in FACTS.items() if k != "when"},
                "amount": NEW_AMOUNT,
                "evidence": HOSTILE,
            },
        )
        assert (await resident.get(f"/api/conversations/{cid}/report-draft")).text == render_text(
            expected
        )
        # The live fragment reads the same.
        fragment = await anna.http.get(f"/console/cases/{case_id}/report-draft")
        assert NEW_AMOUNT in fragment.text and FACTS["when"] not in fragment.text

        # A coordinator reads the case but does not hold it: no correcting.
        other = await chris.http.post(
            f"/console/cases/{case_id}/report-draft/send",
            data={"csrf": chris.csrf, "client_key": "chris-1"},
        )
        assert other.status_code == 303

        key = {"csrf": anna.csrf, "client_key": "anna-concept-1"}
        sent = await anna.http.post(f"/console/cases/{case_id}/report-draft/send", data=key)
        assert sent.headers["location"] == f"/console/cases/{case_id}#antwoorden"
        again = await anna.http.post(f"/console/cases/{case_id}/report-draft/send", data=key)
        assert again.status_code == 303  # the same key: one message
        received = [m for m in await history(resident, cid) if m["role"] == "volunteer"]
        assert [(m["text"], m["report_draft"]) for m in received] == [(render_text(expected), True)]

        assert [a for a in await actions(app) if a[0].startswith("report_draft")] == [
            ("report_draft_edit", case_id, "Wanneer gebeurde het?, Bedrag, Wat heb ik bewaard?"),
            ("report_draft_send", case_id, None),
        ]
        audit = (await chris.http.get("/console/audit", headers=HTML)).text
        assert f"Concept-aangifte van zaak {case_id} aangepast: Wanneer gebeurde het?" in audit
        assert f"Concept-aangifte gestuurd in zaak {case_id}" in audit
        exported = (await chris.http.get("/console/audit.csv")).text
        for text in (audit, exported):
            assert NEW_AMOUNT not in text and AMOUNT not in text and IBAN not in text


async def test_without_consent_the_draft_is_not_shown_nor_changed(
    app: FastAPI, resident: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid, case_id = await case_after_the_form(app, resident, fake_rasa, consent=False)
    async with volunteer(app, "bram") as bram:
        await bram.claim(case_id)
        page = await bram.page(case_id)
        assert "Geen concept voor een aangifte om te tonen." in page
        # Not in the page's text: the random CSRF tokens may hold the short answer 'Ja'.
        text = CSRF_VALUE.sub("", page)
        for answer in FACTS.values():
            assert not re.search(rf"(?<![\w-]){re.escape(answer)}(?![\w-])", text), answer
        assert "Stuur concept naar bewoner" not in page
        fragment = await bram.http.get(f"/console/cases/{case_id}/report-draft")
        assert IBAN not in fragment.text and "Geen concept" in fragment.text
        for path, data in (
            ("report-draft", form_of(FACTS, bram.csrf, amount=NEW_AMOUNT)),
            ("report-draft/send", {"csrf": bram.csrf, "client_key": "bram-1"}),
        ):
            response = await bram.http.post(
                f"/console/cases/{case_id}/{path}",
                data=data,
                headers={"Accept": "application/json"},
            )
            assert response.status_code == 400 and "geen concept" in response.json()["error"]
    assert [m for m in await history(resident, cid) if m["role"] == "volunteer"] == []
    assert (await resident.get(f"/api/conversations/{cid}/report-draft")).text == render_text(
        ReportDraft(SCAM, True, FACTS)
    )
    async with app.state.gateway.sessions() as session:
        kinds = (await session.execute(select(AuditEntry.action))).scalars().all()
    assert not [kind for kind in kinds if kind.startswith("report_draft")]


async def test_list_views_and_logs_never_show_the_iban_or_the_amount(
    app: FastAPI, resident: httpx.AsyncClient, fake_rasa: FakeRasa, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO), caplog.at_level(logging.DEBUG, logger="bot"):
        _, case_id = await case_after_the_form(app, resident, fake_rasa, consent=True)
        async with volunteer(app, "dana", "coordinator") as dana:
            queue = (await dana.http.get("/console", headers=HTML)).text
            assert f"Zaak {case_id}" in queue
            await dana.claim(case_id)
            await dana.http.post(
                f"/console/cases/{case_id}/report-draft",
                data=form_of(FACTS, dana.csrf, amount=NEW_AMOUNT),
            )
            await dana.http.post(
                f"/console/cases/{case_id}/report-draft/send",
                data={"csrf": dana.csrf, "client_key": "dana-1"},
            )
            lists = [
                (await dana.http.get(path, headers=HTML)).text
                for path in ("/console", "/console/overview", "/console/closed", "/console/audit")
            ]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "report draft kept" in logged
    for shown in [*lists, logged]:
        for secret in (IBAN, "0417164300", AMOUNT, NEW_AMOUNT, "1.250", "1.350"):
            assert secret not in shown
