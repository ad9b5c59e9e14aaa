"""Helpdesk latency over N cases, in Debian's Chromium against a live gateway and Rasa:

  A. from the hand-off payload (the case row the gateway makes from the assistant's
     reply) to the case appearing in a volunteer's open console (queue page, live);
  B. from a volunteer's reply (the console form post) to the reply appearing in the
     resident's open widget.

Each case: a resident opens the widget demo page, asks for a person, and the
volunteer (already logged in, queue page open) claims, replies and closes.
Run with the gateway environment:

    PYTHONPATH=. .venv-bot/bin/python tools/helpdesk_bench.py [--cases 50]
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx
from playwright.sync_api import Page, sync_playwright

from bot import texts
from tools.console_login import finish_sync, log_in_page
from tools.rasa_processes import ROOT, free_port, rasa_servers
from tools.stats import percentile

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]
PASSWORD = "bench-wachtwoord-123"
ASK = "Kan ik een mens spreken?"
KEY = "scamhelp.conversation"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
WATCH_QUEUE = """() => {
  window.seenAt = {};
  const mark = () => document.querySelectorAll('tr[data-case]').forEach((row) => {
    if (!(row.dataset.case in window.seenAt)) window.seenAt[row.dataset.case] = Date.now();
  });
  mark();
  new MutationObserver(mark).observe(document.getElementById('queue'),
    { childList: true, subtree: true });
}"""
WATCH_WIDGET = """() => {
  window.replyAt = null;
  new MutationObserver(() => {
    if (window.replyAt === null && document.querySelector('.scamhelp-volunteer')) {
      window.replyAt = Date.now();
    }
  }).observe(document.body, { childList: true, subtree: true });
}"""


def epoch_ms(stored: str) -> float:
    """SQLite keeps the gateway's UTC timestamps without a zone."""
    moment = datetime.fromisoformat(stored).replace(tzinfo=timezone.utc)
    return moment.timestamp() * 1000


def add_volunteer(database_url: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "bot", "create-user", "bench", "--role", "volunteer"]
        + ["--password-stdin"],
        input=PASSWORD + "\n",
        env={**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": database_url},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )


def log_in(client: httpx.Client) -> None:
    form = client.get("/console/login").text
    response = client.post(
        "/console/login",
        data={"csrf": CSRF.search(form).group(1), "username": "bench", "password": PASSWORD},
    )
    response = finish_sync(client, "bench", response)  # the code step (set up on first use)
    assert response.status_code == 303, response.text


def csrf(client: httpx.Client, path: str) -> str:
    match = CSRF.search(client.get(path, headers={"Accept": "text/html"}).text)
    assert match, path
    return match.group(1)


def one_case(
    resident: Page, console: Page, volunteer: httpx.Client, database: Path
) -> tuple[float, float]:
    resident.goto("/demo")
    log = resident.get_by_role("log")
    log.get_by_text("Vertel in je eigen woorden").first.wait_for()
    resident.evaluate(WATCH_WIDGET)
    resident.get_by_role("textbox", name="Je bericht").fill(ASK)
    resident.keyboard.press("Enter")
    log.get_by_text(texts.CONSENT_QUESTION).first.wait_for()
    conversation = resident.evaluate(f"sessionStorage.getItem('{KEY}')")
    with sqlite3.connect(database) as db:
        case_id, created = db.execute(
            "SELECT id, created_at FROM cases WHERE conversation_id = ?", (conversation,)
        ).fetchone()
    console.wait_for_function(f"() => '{case_id}' in window.seenAt", timeout=30_000)
    to_console = console.evaluate(f"() => window.seenAt['{case_id}']") - epoch_ms(created)

    token = csrf(volunteer, f"/console/cases/{case_id}")
    volunteer.post(f"/console/cases/{case_id}/claim", data={"csrf": token})
    sent = time.time() * 1000
    reply = volunteer.post(
        f"/console/cases/{case_id}/reply", data={"csrf": token, "text": "Hoi, ik help je."}
    )
    assert reply.status_code == 303
    resident.wait_for_function("() => window.replyAt !== null", timeout=30_000)
    to_widget = resident.evaluate("() => window.replyAt") - sent
    volunteer.post(f"/console/cases/{case_id}/close", data={"csrf": token, "outcome": "advised"})
    return to_console, to_widget


def report(name: str, values: list[float]) -> None:
    print(
        f"  {name}: n={len(values)}  p50 {percentile(values, 0.5):7.1f} ms  "
        f"p95 {percentile(values, 0.95):7.1f} ms  max {max(values):7.1f} ms"
    )


def start_gateway(rasa_url: str, workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.db'}"),
        "RASA_URL": rasa_url,
        "RASA_TIMEOUT_SECONDS": "10",
        "GATEWAY_PORT": str(port),
        "RATE_LIMIT_PER_MINUTE": "1000000",
        "PSEUDONYM_KEY": "bench",
    }
    env.pop("TELEGRAM_TOKEN", None)
    log = (workdir / "gateway.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("gateway did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=50)
    args = parser.parse_args()
    workdir = Path(os.environ.get("TMPDIR", "/tmp")) / f"helpdesk-bench-{os.getpid()}"
    workdir.mkdir(parents=True, exist_ok=True)
    database = workdir / "bench.db"
    os.environ["BENCH_DATABASE_URL"] = f"sqlite:///{database}"
    print(f"helpdesk latency: {args.cases} cases, Chromium, loopback, SQLite")
    with rasa_servers() as rasa:
        gateway, url = start_gateway(rasa.rasa_url, workdir)
        try:
            add_volunteer(os.environ["BENCH_DATABASE_URL"])
            with sync_playwright() as p, httpx.Client(base_url=url) as volunteer:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                console_context = browser.new_context(base_url=url)
                console = console_context.new_page()
                log_in_page(console, "bench", PASSWORD)
                console.get_by_role("heading", name="Wachtrij").wait_for()
                console.evaluate(WATCH_QUEUE)
                log_in(volunteer)
                rasa.say("warm-up", ASK)
                to_console, to_widget = [], []
                for _ in range(args.cases):
                    context = browser.new_context(base_url=url)
                    try:
                        a, b = one_case(context.new_page(), console, volunteer, database)
                    finally:
                        context.close()
                    to_console.append(a)
                    to_widget.append(b)
                browser.close()
            report("hand-off payload -> case in the open console", to_console)
            report("volunteer reply -> resident's widget        ", to_widget)
        finally:
            gateway.terminate()
            gateway.wait(timeout=20)


if __name__ == "__main__":
    main()
