"""Configuration from environment variables, with safe defaults (README lists them)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from bot.keyring import Keyring, configured
from common.gc_freeze import enabled as gc_freeze_enabled

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR = PROJECT_ROOT / "var"


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _url_list(name: str) -> tuple[str, ...]:
    return tuple(url.strip() for url in os.environ.get(name, "").split(",") if url.strip())


def _kept_secret(variable: str, file_name: str) -> str:
    """The variable, or a random key kept in var/ so it stays stable across restarts."""
    configured = os.environ.get(variable, "").strip()
    if configured:
        return configured
    path = VAR / file_name
    if not path.exists():
        VAR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _pseudonym_key() -> str:
    return _kept_secret("PSEUDONYM_KEY", "pseudonym.key")


def _pseudonym_keyring() -> Keyring:
    """PSEUDONYM_KEYS or PSEUDONYM_KEY_FILE; with neither, PSEUDONYM_KEY (or the kept
    var/pseudonym.key) as version 1, so existing databases keep working."""
    ring = configured(
        os.environ.get("PSEUDONYM_KEYS", ""), os.environ.get("PSEUDONYM_KEY_FILE", "")
    )
    return ring or Keyring.single(_pseudonym_key())


def _session_secret() -> str:
    return _kept_secret("SESSION_SECRET", "session.key")


@dataclass(frozen=True)
class Settings:
    database_url: str = field(
        default_factory=lambda: _env("DATABASE_URL", f"sqlite:///{VAR / 'scamhelp.db'}")
    )
    rasa_url: str = field(default_factory=lambda: _env("RASA_URL", "http://127.0.0.1:5005"))
    # Several Rasa replicas sharing a tracker and lock store (docs/deploy.md), comma-
    # separated; empty: the one Rasa at rasa_url.
    rasa_urls: tuple[str, ...] = field(default_factory=lambda: _url_list("RASA_URLS"))
    # How often a replica that failed is asked whether it answers again.
    rasa_probe_seconds: float = field(
        default_factory=lambda: float(_env("RASA_PROBE_SECONDS", "5"))
    )
    rasa_timeout_seconds: float = field(
        default_factory=lambda: float(_env("RASA_TIMEOUT_SECONDS", "1.5"))
    )
    retry_interval_seconds: float = field(
        default_factory=lambda: float(_env("RASA_RETRY_SECONDS", "5"))
    )
    rate_limit_per_minute: int = field(
        default_factory=lambda: int(_env("RATE_LIMIT_PER_MINUTE", "20"))
    )
    max_message_chars: int = 4000
    # Screenshots (bot/images/): how many one gateway worker reads at a time, and the
    # seconds after which tesseract is stopped for one image.
    image_concurrency: int = field(default_factory=lambda: int(_env("IMAGE_CONCURRENCY", "1")))
    image_timeout_seconds: float = field(
        default_factory=lambda: float(_env("IMAGE_TIMEOUT_SECONDS", "8"))
    )
    # A typed message that is clearly not Dutch gets the gateway's honest answer in Dutch
    # and in that language, not the assistant's (bot/languages/); 0: off.
    language_check: bool = field(default_factory=lambda: _env("LANGUAGE_CHECK", "1") != "0")
    max_body_bytes: int = 16 * 1024
    # The current pseudonym secret (what seals and hashes now), and every secret with its
    # version (bot/keyring.py). Given one, the other follows: a given keyring wins, a
    # given key alone is version 1; given neither, both come from the environment.
    pseudonym_key: str = field(default="", repr=False)
    pseudonym_keys: Keyring = None  # type: ignore[assignment]  # set by __post_init__
    # Re-sealing and re-hashing under the current key (bot/keyrotation/job.py); 0: off.
    key_rotation_interval_seconds: float = field(
        default_factory=lambda: float(_env("KEY_ROTATION_INTERVAL_SECONDS", "3600"))
    )
    telegram_token: str = field(default_factory=lambda: _env("TELEGRAM_TOKEN", ""))
    telegram_base_url: str = field(
        default_factory=lambda: _env("TELEGRAM_BASE_URL", "https://api.telegram.org/bot")
    )
    telegram_webhook_url: str = field(default_factory=lambda: _env("TELEGRAM_WEBHOOK_URL", ""))
    telegram_webhook_secret: str = field(
        default_factory=lambda: _env("TELEGRAM_WEBHOOK_SECRET", "")
    )
    host: str = field(default_factory=lambda: _env("GATEWAY_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(_env("GATEWAY_PORT", "8000")))
    # Gateway worker processes on that one port (uvicorn's supervisor restarts one that
    # dies). Above 1 they need PostgreSQL and REDIS_URL to share their state.
    workers: int = field(default_factory=lambda: int(_env("GATEWAY_WORKERS", "1")))
    # uvicorn's line per request (client address, path, status): off by default, as the
    # addresses are personal data and the line cost about 8% of a worker's CPU under load.
    access_log: bool = field(default_factory=lambda: _env("GATEWAY_ACCESS_LOG", "0") == "1")
    # CPU priority of each gateway worker (0 to 19, as `nice`; bot/scaleout/priority.py).
    nice: int = field(default_factory=lambda: int(_env("GATEWAY_NICE", "0")))
    # The start-up's objects out of the cyclic garbage collector (common/gc_freeze.py).
    gc_freeze: bool = field(default_factory=gc_freeze_enabled)
    # --- helpdesk (volunteer console) ---
    session_secret: str = field(default_factory=_session_secret)
    # auto: Secure cookies when the request came over https; true / false to force.
    cookie_secure: str = field(default_factory=lambda: _env("COOKIE_SECURE", "auto"))
    session_hours: float = field(default_factory=lambda: float(_env("SESSION_HOURS", "12")))
    # A console session not used for this long ends (0: only SESSION_HOURS ends it).
    session_idle_minutes: float = field(
        default_factory=lambda: float(_env("SESSION_IDLE_MINUTES", "30"))
    )
    # Defaults until the coordinator changes them in the console.
    helpdesk_hours: str = field(default_factory=lambda: _env("HELPDESK_HOURS", "ma-vr 09:00-17:00"))
    retention_days: int = field(default_factory=lambda: int(_env("RETENTION_DAYS", "30")))
    retention_interval_seconds: float = field(
        default_factory=lambda: float(_env("RETENTION_INTERVAL_SECONDS", "3600"))
    )
    # A volunteer counts as online when their console was seen this recently.
    presence_seconds: float = field(default_factory=lambda: float(_env("PRESENCE_SECONDS", "90")))
    # The wait told to residents while there are too few claimed cases to measure it.
    default_wait_minutes: int = field(
        default_factory=lambda: int(_env("DEFAULT_WAIT_MINUTES", "15"))
    )
    # Urgent cases are announced in this Telegram group (the bot must be a member).
    volunteers_chat_id: str = field(default_factory=lambda: _env("VOLUNTEERS_CHAT_ID", ""))
    # Public address of the console, for the link in that announcement.
    console_url: str = field(
        default_factory=lambda: _env("CONSOLE_URL", "http://127.0.0.1:8000/console")
    )
    # A held case with no activity of its holder for this long goes back to the queue
    # (0: never); the check runs every claim_sweep_seconds.
    claim_idle_minutes: int = field(default_factory=lambda: int(_env("CLAIM_IDLE_MINUTES", "30")))
    claim_sweep_seconds: float = field(
        default_factory=lambda: float(_env("CLAIM_SWEEP_SECONDS", "60"))
    )
    # --- several gateway workers (README: Shared state) ---
    # Redis for event streams, rate limits and (on SQLite) the conversation lock across
    # workers; empty: all of that stays in this process.
    redis_url: str = field(default_factory=lambda: _env("REDIS_URL", ""))
    # Prefix of every Redis key and channel, so deployments can share one Redis.
    redis_prefix: str = field(default_factory=lambda: _env("REDIS_PREFIX", "scamhelp:"))
    max_failed_logins: int = 5
    lockout_minutes: int = 15
    # --- campaigns ---
    # Public address of this gateway, for campaign links and QR codes.
    public_url: str = field(
        default_factory=lambda: _env("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
    )
    # The bot's Telegram user name for deep links (else asked from Telegram at start).
    telegram_bot_username: str = field(
        default_factory=lambda: _env("TELEGRAM_BOT_USERNAME", "").lstrip("@")
    )

    def __post_init__(self) -> None:
        ring = self.pseudonym_keys
        if ring is None:
            given = self.pseudonym_key
            ring = Keyring.single(given) if given else _pseudonym_keyring()
        object.__setattr__(self, "pseudonym_keys", ring)
        object.__setattr__(self, "pseudonym_key", ring.current_secret)

    @property
    def rasa_replica_urls(self) -> tuple[str, ...]:
        """The Rasa servers the gateway talks to: RASA_URLS, else the one RASA_URL."""
        return self.rasa_urls or (self.rasa_url,)
