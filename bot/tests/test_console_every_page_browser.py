"""Every console page, for every role that may open it, in a real browser (Debian's
Chromium): at a phone's 390 x 844 nothing scrolls sideways, and axe finds no violation,
at the phone's size and at a desktop's. The route table is walked too, so a new page
cannot be left out of this check."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bot.campaigns.models import Campaign
from bot.conversation.states import CaseStatus
from bot.models import Case, Message, Volunteer, utcnow
from bot.reports.models import ReportDraftRow
from bot.settings import Settings
from bot.tests.browser_helpers import PHONE, add_account, log_in, sticking_out, violations
from bot.tests.test_console_access import console_routes
from bot.tests.test_console_cases_browser import close_cases, seed_cases
from bot.tests.test_widget_browser import (
    browser,  # noqa: F401  (fixture)
    gateway,  # noqa: F401  (fixture)
    new_page,
)
from bot.tests.widget_client import marker
from bot.waves.models import Sighting, SightingIndicator, Wave
from bot.web import create_app

DESKTOP = {"width": 1280, "height": 900}
# GET routes that are not pages: fragments, event streams, downloads.
NOT_PAGES = {
    "/console/queue",
    "/console/events",
    "/console/cases/{case_id}/messages",
    "/console/cases/{case_id}/state",
    "/console/cases/{case_id}/report-draft",
    "/console/unread",
    "/console/corrections.csv",
    "/console/audit.csv",
    "/console/figures.csv",
    "/console/campaigns/{code}/qr/{kind}.{fmt}",
    "/console/waves/export.csv",
    "/console/waves/export.stix.json",
}
# A long unbroken link and an IBAN: what a resident pastes, and what overflowed before.
PASTED = (
    "Ze stuurden https://ing-beveiliging-controle-nederland-klantenservice.example/verify"
    "?session=8f3a9c2e7b1d4f6a0c5e9b2d7f1a3c6e en vroegen 450 euro op NL91ABNA0417164300."
)


def pages(case_id: int, volunteer_id: int, code: str, wave_id: int = 1) -> dict[str, str]:
    """Each page's route, with a real object for its parameters."""
    return {
        "/console/login": "/console/login",
        "/console": "/console",
        "/console/closed": "/console/closed",
        "/console/cases/{case_id}": f"/console/cases/{case_id}",
        "/console/canned": "/console/canned",
        "/console/overview": "/console/overview",
        "/console/team": "/console/team",
        "/console/team/volunteers/{volunteer_id}": f"/console/team/volunteers/{volunteer_id}",
        "/console/account": "/console/account",
        "/console/audit": "/console/audit",
        "/console/campaigns": "/console/campaigns",
        "/console/campaigns/{code}": f"/console/campaigns/{code}",
        "/console/figures": "/console/figures",
        "/console/waves": "/console/waves",
        "/console/waves/{wave_id}": f"/console/waves/{wave_id}",
    }


def test_the_page_list_covers_every_console_page() -> None:
    app = create_app(Settings(database_url="sqlite://", pseudonym_key="k"))
    get_routes = {r.path for r in console_routes(app) if "GET" in r.methods}
    assert get_routes | {"/console/login"} == set(pages(1, 1, "x")) | NOT_PAGES


def _seed_wave(session: Session, conversation_id: str | None) -> int:
    """A wave of two residents' reports with a long link, a number and an IBAN."""
    wave = Wave(organisation="ING", scam_type="phishing_message", warning="Klik niet. Bel je bank.")
    session.add(wave)
    session.flush()
    for n, key in enumerate(("a" * 64, "b" * 64)):
        sighting = Sighting(
            wave_id=wave.id,
            conversation_id=conversation_id if n == 0 else None,
            resident_key=key,
            words=len(PASTED.split()),
            text=PASTED,
            review=n == 1,
            joined_by="review" if n else "first",
            similarity=0.31 if n else None,
            scam_type="phishing_message",
            organisation="ING",
        )
        session.add(sighting)
        session.flush()
        session.add_all(
            SightingIndicator(sighting_id=sighting.id, wave_id=wave.id, kind=kind, value=value)
            for kind, value in (
                ("domain", "ing-beveiliging-controle-nederland-klantenservice.example"),
                ("iban", "NL91ABNA0417164300"),
                ("phone", "+31612345678"),
            )
        )
    return wave.id


def _seed(
    database_url: str, coordinator: str, volunteer: str
) -> tuple[int, int, str, list[int], int]:
    """A case the coordinator holds with a pasted link, a campaign with a long name, and
    a wave with a message to review."""
    [case_id] = seed_cases(database_url, marker(6), 1)
    code = f"buurt-{marker(6)}"
    engine = create_engine(database_url)
    try:
        with Session(engine) as session:
            holder = session.scalar(select(Volunteer).where(Volunteer.username == coordinator))
            other = session.scalar(select(Volunteer).where(Volunteer.username == volunteer))
            assert holder is not None and other is not None
            case = session.get(Case, case_id)
            assert case is not None
            case.status, case.volunteer_id, case.claimed_at = (
                CaseStatus.CLAIMED,
                holder.id,
                utcnow(),
            )
            case.campaign = code
            # The resident's report draft, read with consent: the case page shows it with
            # the holder's correction form (long answers, an IBAN, a wallet address).
            case.consent = True
            session.add(
                ReportDraftRow(
                    conversation_id=case.conversation_id,
                    scam_type="phishing_message",
                    finished=True,
                    facts={
                        "what": PASTED,
                        "amount": "€ 450,00",
                        "iban": "NL91ABNA0417164300",
                        "wallet": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdqbc1qar0srrr7xfkvy5",
                    },
                    started_at=utcnow(),
                    updated_at=utcnow(),
                    finished_at=utcnow(),
                )
            )
            session.add(
                Message(
                    conversation_id=case.conversation_id,
                    role="resident",
                    text=PASTED,
                    status="to_case",
                )
            )
            session.add(
                Campaign(
                    code=code,
                    name="Laat je niet interneppen: voorlichting in bibliotheek en buurthuis",
                    target_group="ouderen",
                    municipality="Súdwest-Fryslân",
                    created_by=coordinator,
                )
            )
            wave_id = _seed_wave(session, case.conversation_id)
            session.commit()
            return case_id, other.id, code, [case_id], wave_id
    finally:
        engine.dispose()


@pytest.fixture
def accounts(live_database_url: str) -> Iterator[tuple[str, str, str, int, int, str, int]]:
    coordinator = add_account(live_database_url, "Coco", "coordinator")
    volunteer = add_account(live_database_url, "Vera")
    campaign = add_account(live_database_url, "Cas", "campaign")
    case_id, volunteer_id, code, seeded, wave_id = _seed(live_database_url, coordinator, volunteer)
    try:
        yield coordinator, volunteer, campaign, case_id, volunteer_id, code, wave_id
    finally:
        close_cases(live_database_url, seeded)


def _check(page: Page, url: str) -> list[str]:
    problems = []
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        response = page.goto(url)
        assert response is not None and response.status == 200, (url, response and response.status)
        if size is PHONE and (out := sticking_out(page)):
            problems.append(f"{url}: scrolls sideways at 390 px: {out}")
        problems += [f"{url} at {size['width']} px: {v}" for v in violations(page)]
    return problems


def test_every_page_fits_a_phone_and_passes_axe_for_every_role(
    browser: Browser,  # noqa: F811
    gateway: str,  # noqa: F811
    accounts: tuple[str, str, str, int, int, str, int],
) -> None:
    coordinator, volunteer, campaign, case_id, volunteer_id, code, wave_id = accounts
    urls = pages(case_id, volunteer_id, code, wave_id)
    seen: dict[str, list[str]] = {
        # role: the pages it may open
        "coordinator": [u for p, u in urls.items() if p != "/console/login"],
        "volunteer": [
            urls[p]
            for p in (
                "/console",
                "/console/closed",
                "/console/canned",
                "/console/account",
                "/console/waves",
                "/console/waves/{wave_id}",
            )
        ],
        "campaign": [
            urls[p]
            for p in (
                "/console/figures",
                "/console/campaigns",
                "/console/campaigns/{code}",
                "/console/account",
                "/console/waves",
            )
        ],
    }
    problems: list[str] = []
    anonymous = new_page(browser, gateway)
    try:
        problems += _check(anonymous, urls["/console/login"])
    finally:
        anonymous.context.close()
    for role, username, landing in (
        ("coordinator", coordinator, "Wachtrij"),
        ("volunteer", volunteer, "Wachtrij"),
        ("campaign", campaign, "Cijfers"),
    ):
        page = new_page(browser, gateway)
        try:
            log_in(page, username, landing)
            for url in seen[role]:
                problems += _check(page, url)
        finally:
            page.context.close()
    assert not problems, "\n".join(problems)
