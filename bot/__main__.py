"""Gateway command line: `python -m bot serve` or `python -m bot migrate`."""

from __future__ import annotations

import argparse
import logging

import uvicorn

from bot.db import migrate
from bot.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot")
    parser.add_argument("command", choices=["serve", "migrate"])
    args = parser.parse_args()
    settings = Settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if args.command == "migrate":
        migrate(settings.database_url)
        return
    from bot.web import create_app

    print(f"Gateway: widget demo page at http://{settings.host}:{settings.port}/demo", flush=True)
    if not settings.telegram_token:
        print("Gateway: TELEGRAM_TOKEN is not set, running without Telegram.", flush=True)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")


if __name__ == "__main__":
    main()
