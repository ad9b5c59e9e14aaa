"""Channel addresses sealed at rest: the gateway must keep a Telegram chat id to deliver a
volunteer's later reply, but the database holds it only encrypted (Fernet, with a key
derived from PSEUDONYM_KEY). Without the key the database shows no Telegram id at all."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken


def _fernet(secret: str) -> Fernet:
    key = hashlib.sha256(b"scamhelp-channel-address:" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: str, address: str) -> str:
    return _fernet(secret).encrypt(address.encode()).decode()


def unseal(secret: str, sealed: str) -> str | None:
    """The address, or None if it was sealed with another key (or is damaged)."""
    try:
        return _fernet(secret).decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        return None
