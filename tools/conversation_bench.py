"""The scripted conversations (tests/conversations/) through the gateway against the
real assistant: the pass rate per category, and every failed turn.

These scripts were written by the team: a pass here says the behaviour we meant is
there, not how residents we never heard fare. Run with the gateway environment:

    .venv-bot/bin/python tools/conversation_bench.py [--show-failures]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from collections import defaultdict
from pathlib import Path

import httpx

from bot.settings import Settings
from bot.tests.conversation_harness import Played, Player, load_scripts
from bot.web import create_app
from tools.rasa_processes import ROOT, rasa_servers

SETS = (
    (
        "harness",
        ROOT / "tests" / "conversations",
        "Conversation harness (tests/conversations/, written with the code; in make test)",
    ),
    (
        "held_out",
        ROOT / "tests" / "conversations_heldout",
        "Held-out conversations (tests/conversations_heldout/, written blind to the code "
        "and to the harness; bench only)",
    ),
)


async def play_all(rasa_url: str, database: Path, folder: Path) -> list[Played]:
    settings = Settings(
        database_url=f"sqlite:///{database}",
        rasa_url=rasa_url,
        pseudonym_key="bench-key",
        rate_limit_per_minute=10_000,
    )
    app = create_app(settings)
    played: list[Played] = []
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            player = Player(app, client, rasa_url)
            await player.load_domain()
            for script in load_scripts(folder):
                played.append(await player.play(script))
            await player.close()
    return played


def report(played: list[Played], show_failures: bool, title: str) -> dict[str, dict[str, float]]:
    by_category: dict[str, list[Played]] = defaultdict(list)
    for item in played:
        by_category[item.script.category].append(item)
    print(f"\n{title}")
    print(f"{'category':<16}{'passed':>8}{'total':>7}{'rate':>8}")
    figures: dict[str, dict[str, float]] = {}
    for category in sorted(by_category):
        items = by_category[category]
        passed = sum(item.passed for item in items)
        figures[category] = {"passed": passed, "total": len(items), "rate": passed / len(items)}
        print(f"{category:<16}{passed:>8}{len(items):>7}{passed / len(items):>8.2f}")
    total = sum(item.passed for item in played)
    figures["all"] = {"passed": total, "total": len(played), "rate": total / len(played)}
    print(f"{'all':<16}{total:>8}{len(played):>7}{total / len(played):>8.2f}")
    if show_failures:
        for item in played:
            for failure in item.failures:
                print(f"  {item.script.category}:{item.script.id}: {failure}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show-failures", action="store_true")
    args = parser.parse_args()
    figures = {}
    with rasa_servers() as servers, tempfile.TemporaryDirectory() as folder:
        for name, scripts, title in SETS:
            played = asyncio.run(play_all(servers.rasa_url, Path(folder) / f"{name}.db", scripts))
            figures[name] = report(played, args.show_failures, title)
    out = ROOT / "results" / "conversations.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
