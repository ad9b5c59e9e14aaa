"""Values sealed at rest: the gateway must keep a Telegram chat id to deliver a
volunteer's later reply, but the database holds it only encrypted (Fernet, with a key
derived from the pseudonym key). Without the key the database shows no Telegram id at all.

Keys rotate (bot/keyring.py): a value is sealed with the current key and unsealed with
any key of the ring (MultiFernet), and `reseal` moves it to the current key, which the
rotation job does for every sealed column (bot/keyrotation/columns.py). A plain secret
(a str) counts as a ring of that one key."""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.keyring import Keyring

Keys = str | Keyring


@lru_cache(maxsize=64)
def _fernet(secret: str) -> Fernet:
    key = hashlib.sha256(b"scamhelp-channel-address:" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _ring(keys: Keys) -> Keyring:
    return Keyring.single(keys) if isinstance(keys, str) else keys


@lru_cache(maxsize=16)
def _multi(ring: Keyring) -> MultiFernet:
    return MultiFernet([_fernet(secret) for _, secret in ring.keys])


def seal(keys: Keys, value: str) -> str:
    """The value, encrypted with the current key."""
    return _multi(_ring(keys)).encrypt(value.encode()).decode()


def unseal(keys: Keys, sealed: str) -> str | None:
    """The value, or None if no key of the ring sealed it (or it is damaged)."""
    try:
        return _multi(_ring(keys)).decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        return None


def sealed_with(keys: Keys, sealed: str) -> int | None:
    """The version of the key that sealed it, or None if no key of the ring did."""
    for version, secret in _ring(keys).keys:
        try:
            _fernet(secret).decrypt(sealed.encode())
        except (InvalidToken, ValueError):
            continue
        return version
    return None


def reseal(keys: Keys, sealed: str) -> str:
    """The same value sealed with the current key (a new token, its time kept); raises
    InvalidToken when no key of the ring can read it (ask `sealed_with` first)."""
    return _multi(_ring(keys)).rotate(sealed.encode()).decode()
