"""Versioned pseudonym keys: the current one (what seals and hashes now) and older ones
(what may still have sealed or hashed a stored value), each with a positive version.

Configured as PSEUDONYM_KEYS (`3:new,2:old`, the current key first) or as the lines of
PSEUDONYM_KEY_FILE (`version:secret`, `#` comments and blank lines allowed, the current
key first). The messages of KeyringError are for operators: they name the setting and
the entry, never a secret. Framework-free on purpose: settings, sealing and the CLI use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class KeyringError(Exception):
    """The key configuration cannot be used; the message names the setting."""


@dataclass(frozen=True)
class Keyring:
    # (version, secret), the current key first; never shown by repr().
    keys: tuple[tuple[int, str], ...] = field(repr=False)

    def __post_init__(self) -> None:
        if not self.keys:
            raise KeyringError("a keyring needs at least one key")

    @classmethod
    def single(cls, secret: str, version: int = 1) -> Keyring:
        """One key: how PSEUDONYM_KEY (or var/pseudonym.key) counts, as version 1."""
        return cls(((version, secret),))

    @property
    def current_version(self) -> int:
        return self.keys[0][0]

    @property
    def current_secret(self) -> str:
        return self.keys[0][1]

    @property
    def versions(self) -> tuple[int, ...]:
        """Every version, the current first."""
        return tuple(version for version, _ in self.keys)

    @property
    def old(self) -> tuple[tuple[int, str], ...]:
        """The keys after the current one."""
        return self.keys[1:]

    def secret(self, version: int) -> str | None:
        """The secret of this version, or None once its key was removed."""
        return next((secret for number, secret in self.keys if number == version), None)

    def __repr__(self) -> str:
        return f"Keyring(versions={self.versions})"


def _entry(text: str, where: str) -> tuple[int, str]:
    version, colon, secret = text.partition(":")
    if not colon:
        raise KeyringError(f"{where} is not 'version:secret'")
    version = version.strip()
    if not version.isascii() or not version.isdigit() or int(version) < 1:
        raise KeyringError(f"{where}: the version must be a positive whole number")
    if not secret.strip():
        raise KeyringError(f"{where} has an empty secret")
    return int(version), secret.strip()


def _keyring(entries: list[tuple[int, str]], setting: str) -> Keyring:
    if not entries:
        raise KeyringError(f"{setting} holds no key")
    seen: set[int] = set()
    for version, _ in entries:
        if version in seen:
            raise KeyringError(f"{setting}: version {version} appears more than once")
        seen.add(version)
    return Keyring(tuple(entries))


def parse_keys(text: str, setting: str = "PSEUDONYM_KEYS") -> Keyring:
    """`3:new,2:old` (the current key first; a secret cannot hold a comma here)."""
    parts = text.split(",")
    if all(not part.strip() for part in parts):
        raise KeyringError(f"{setting} holds no key")
    entries = [
        _entry(part, f"{setting}, entry {number}") for number, part in enumerate(parts, start=1)
    ]
    return _keyring(entries, setting)


def parse_key_lines(text: str, setting: str = "PSEUDONYM_KEY_FILE") -> Keyring:
    """One `version:secret` a line, the current key first; `#` starts a comment line."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        entries.append(_entry(stripped, f"{setting}, line {number}"))
    return _keyring(entries, setting)


def read_key_file(path: Path, setting: str = "PSEUDONYM_KEY_FILE") -> Keyring:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise KeyringError(f"{setting}: cannot read {path} ({reason})") from None
    return parse_key_lines(text, setting)


def configured(keys: str, key_file: str) -> Keyring | None:
    """The keyring of PSEUDONYM_KEYS or PSEUDONYM_KEY_FILE (their values given), or None
    when neither is set."""
    if keys.strip() and key_file.strip():
        raise KeyringError("set PSEUDONYM_KEYS or PSEUDONYM_KEY_FILE, not both")
    if keys.strip():
        return parse_keys(keys)
    if key_file.strip():
        return read_key_file(Path(key_file.strip()))
    return None
