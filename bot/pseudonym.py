"""Pseudonymous resident ids: a keyed hash of the channel's own id (no user names stored)."""

from __future__ import annotations

import hashlib
import hmac


def resident_key(secret: str, channel: str, channel_user_id: str) -> str:
    message = f"{channel}:{channel_user_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
