"""Configuration from environment variables, with safe defaults (README lists them)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR = PROJECT_ROOT / "var"


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _pseudonym_key() -> str:
    """PSEUDONYM_KEY, or a random key kept in var/ so ids stay stable across restarts."""
    configured = os.environ.get("PSEUDONYM_KEY", "").strip()
    if configured:
        return configured
    path = VAR / "pseudonym.key"
    if not path.exists():
        VAR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


@dataclass(frozen=True)
class Settings:
    database_url: str = field(
        default_factory=lambda: _env("DATABASE_URL", f"sqlite:///{VAR / 'scamhelp.db'}")
    )
    rasa_url: str = field(default_factory=lambda: _env("RASA_URL", "http://127.0.0.1:5005"))
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
    max_body_bytes: int = 16 * 1024
    pseudonym_key: str = field(default_factory=_pseudonym_key)
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
