"""Pseudonymous resident ids: a keyed hash of the channel's own id (no user names stored).

Keys rotate (bot/keyring.py): a stored hash carries the version of the key that made it
(`key_version` beside every resident key, bot/keyrotation/columns.py). A lookup by the
channel's id computes the hash under every key of the ring (`candidates`) and asks for all
of them at once."""

from __future__ import annotations

import hashlib
import hmac

from bot.keyring import Keyring

# A widget resident's id is a random one the server makes and never keeps
# (bot/api/routes/widget.py), so their hash is never looked up by it: under a new key it
# is made from the old hash instead (`rederived`), which keeps it one resident's mark in
# every table (the waves count distinct residents) and needs no old key afterwards.
REDERIVED = "rekeyed"


def resident_key(secret: str, channel: str, channel_user_id: str) -> str:
    message = f"{channel}:{channel_user_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def candidates(keys: Keyring, channel: str, channel_user_id: str) -> dict[str, int]:
    """The resident's hash under each key of the ring -> that key's version, the current
    key first."""
    return {
        resident_key(secret, channel, channel_user_id): version for version, secret in keys.keys
    }


def rederived(secret: str, old_hash: str) -> str:
    """A hash whose channel id is not known any more, moved to the key `secret`."""
    return resident_key(secret, REDERIVED, old_hash)
