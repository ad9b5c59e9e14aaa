"""Gateway command line.

python -m bot serve                     run the gateway (widget API, Telegram, console)
python -m bot migrate                   bring the database schema up to date
python -m bot create-user NAME --role coordinator [--display-name N]
                                        add a console account (password asked, or
                                        read from stdin with --password-stdin)
python -m bot keys                      rows still under each pseudonym key version
                                        (README: Rotating the pseudonym key)
python -m bot reset-2fa NAME            forget an account's second factor (a lost phone
                                        and lost recovery codes): it sets up a new app
                                        at its next log-in; a lock-out is lifted
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys

from bot.db import make_engine, make_sessions, migrate
from bot.keyring import KeyringError
from bot.masking import install_log_masking
from bot.settings import Settings


class NameTaken(ValueError):
    """Another account has this name in other capitals (vol3 and Vol3 are one name)."""


async def create_user(
    settings: Settings, username: str, role: str, display_name: str, password: str
) -> str:
    from bot.console.auth import by_username, end_sessions, hash_password
    from bot.models import Volunteer

    password_hash = hash_password(password)  # raises PasswordError with a Dutch message
    engine = make_engine(settings.database_url)
    try:
        async with make_sessions(engine)() as session:
            existing = await by_username(session, username)
            if existing is not None and existing.username != username:
                raise NameTaken(
                    f"Die gebruikersnaam bestaat al: {existing.username}. Hoofdletters tellen "
                    f"niet mee. Gebruik '{existing.username}' om dat account te herstellen."
                )
            if existing is not None:
                # A reset (e.g. a forgotten coordinator password): on again, out of the
                # archive, every old session ended.
                existing.password_hash, existing.role, existing.active = password_hash, role, True
                existing.failed_logins, existing.locked_until = 0, None
                existing.archived_at = None
                await end_sessions(session, existing.id)
                await session.commit()
                return "updated"
            session.add(
                Volunteer(
                    username=username,
                    display_name=display_name,
                    role=role,
                    password_hash=password_hash,
                )
            )
            await session.commit()
            return "created"
    finally:
        await engine.dispose()


async def key_counts(settings: Settings) -> str:
    from bot.keyrotation.counts import count_versions, report

    engine = make_engine(settings.database_url)
    try:
        async with make_sessions(engine)() as session:
            return report(
                settings.pseudonym_keys, await count_versions(session, settings.pseudonym_keys)
            )
    finally:
        await engine.dispose()


async def reset_two_factor(settings: Settings, username: str) -> int | None:
    """The way back for an account (a coordinator too) without phone or recovery codes;
    how many of its sessions ended, or None when there is no such account. Audited."""
    from bot.console.auth import by_username
    from bot.console.two_factor import reset
    from bot.helpdesk.audit import account_name, audit
    from bot.helpdesk.team import sessions_ended

    engine = make_engine(settings.database_url)
    try:
        async with make_sessions(engine)() as session:
            volunteer = await by_username(session, username)
            if volunteer is None:
                return None
            ended = await reset(session, volunteer.id)
            volunteer.failed_logins, volunteer.locked_until = 0, None
            detail = f"via de opdrachtregel, {sessions_ended(ended)}"
            audit(
                session,
                volunteer,
                "reset_two_factor",
                subject=account_name(volunteer),
                detail=detail,
            )
            await session.commit()
            return ended
    finally:
        await engine.dispose()


def main() -> None:
    from bot.console.auth import ROLES, PasswordError

    parser = argparse.ArgumentParser(prog="python -m bot")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve")
    sub.add_parser("migrate")
    user = sub.add_parser("create-user", help="add or reset a console account")
    user.add_argument("username")
    user.add_argument("--role", choices=ROLES, default="volunteer")
    user.add_argument("--display-name", default=None)
    user.add_argument("--password-stdin", action="store_true")
    sub.add_parser("keys", help="rows still under each pseudonym key version")
    second = sub.add_parser("reset-2fa", help="forget an account's second factor (lost phone)")
    second.add_argument("username")
    args = parser.parse_args()
    try:
        settings = Settings()
    except KeyringError as error:  # for the operator: names the setting, never a secret
        sys.exit(f"Pseudonym keys: {error}.")
    except ValueError as error:  # a count or a port that is no number
        sys.exit(
            f"Een instelling in de omgeving is geen getal ({error}).\n"
            f"A setting in the environment is not a number ({error})."
        )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    install_log_masking()
    if args.command == "migrate":
        migrate(settings.database_url)
        return
    if args.command == "keys":
        migrate(settings.database_url)
        print(asyncio.run(key_counts(settings)))
        return
    if args.command == "create-user":
        migrate(settings.database_url)
        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Wachtwoord (minstens 12 tekens): ")
        try:
            done = asyncio.run(
                create_user(
                    settings, args.username, args.role, args.display_name or args.username, password
                )
            )
        except (PasswordError, NameTaken) as refused:
            sys.exit(str(refused))
        print(f"Account {args.username} ({args.role}) {done}.")
        return
    if args.command == "reset-2fa":
        migrate(settings.database_url)
        ended = asyncio.run(reset_two_factor(settings, args.username))
        if ended is None:
            sys.exit(f"Er is geen account {args.username}.")
        print(
            f"Second factor of {args.username} reset ({ended} session(s) ended): "
            "it sets up a new app at its next log-in."
        )
        return
    from bot.scaleout import workers

    if (refused := workers.refusal(settings)) is not None:
        print(refused, file=sys.stderr)
        sys.exit(2)
    # One line of what runs where (the log masker would mask the digits of an address).
    url = f"http://{settings.host}:{settings.port}"
    telegram = "Telegram on" if settings.telegram_token else "no Telegram (TELEGRAM_TOKEN not set)"
    print(
        f"Gateway on {url}: widget demo {url}/demo, volunteer console {url}/console, "
        f"Rasa at {', '.join(settings.rasa_replica_urls)}, {telegram}, "
        f"{settings.workers} worker(s).",
        flush=True,
    )
    workers.serve(settings)


if __name__ == "__main__":
    main()
