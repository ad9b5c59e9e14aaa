"""Versioned pseudonym keys (bot/keyring.py, bot/settings.py): PSEUDONYM_KEYS and
PSEUDONYM_KEY_FILE parsed, today's single key as version 1, and bad configuration refused
with one message for the operator that names the setting and never shows a secret."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.keyring import Keyring, KeyringError, parse_key_lines, parse_keys
from bot.settings import Settings
from tools.rasa_processes import ROOT

SECRET = "s3cr3t-do-not-print"


def test_the_first_key_is_current_and_the_others_are_old() -> None:
    ring = parse_keys(" 3:new-secret , 2:old:with:colons,1:oldest ")
    assert ring.current_version == 3 and ring.current_secret == "new-secret"
    assert ring.versions == (3, 2, 1)
    assert ring.old == ((2, "old:with:colons"), (1, "oldest"))
    assert ring.secret(2) == "old:with:colons" and ring.secret(9) is None


def test_a_key_file_allows_comments_and_blank_lines() -> None:
    ring = parse_key_lines("# rotated 2026-12-03\n\n2:new\n  # the old one, until empty\n1:old\n")
    assert ring.versions == (2, 1) and ring.current_secret == "new"


def test_a_keyring_never_shows_its_secrets() -> None:
    ring = parse_keys(f"2:{SECRET},1:other")
    assert SECRET not in repr(ring) and "(2, 1)" in repr(ring)
    settings = Settings(database_url="sqlite://", pseudonym_keys=ring)
    assert SECRET not in repr(settings)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f"2:{SECRET},2:other", "PSEUDONYM_KEYS: version 2 appears more than once"),
        (f"2:{SECRET},1:", "PSEUDONYM_KEYS, entry 2 has an empty secret"),
        (f"2:{SECRET},{SECRET}", "PSEUDONYM_KEYS, entry 2 is not 'version:secret'"),
        (f"0:{SECRET}", "PSEUDONYM_KEYS, entry 1: the version must be a positive whole number"),
        (f"-1:{SECRET}", "PSEUDONYM_KEYS, entry 1: the version must be a positive whole number"),
        (f"v2:{SECRET}", "PSEUDONYM_KEYS, entry 1: the version must be a positive whole number"),
        (f"2:{SECRET},", "PSEUDONYM_KEYS, entry 2 is not 'version:secret'"),
        (" , ", "PSEUDONYM_KEYS holds no key"),
    ],
)
def test_bad_keys_are_refused_naming_the_setting(text: str, message: str) -> None:
    with pytest.raises(KeyringError) as refused:
        parse_keys(text)
    assert str(refused.value) == message
    assert SECRET not in str(refused.value)


def test_a_bad_key_file_line_is_named_by_its_number(tmp_path: Path) -> None:
    with pytest.raises(KeyringError) as refused:
        parse_key_lines(f"# keys\n2:new\n{SECRET}\n")
    assert str(refused.value) == "PSEUDONYM_KEY_FILE, line 3 is not 'version:secret'"
    with pytest.raises(KeyringError) as empty:
        parse_key_lines("# only a comment\n")
    assert str(empty.value) == "PSEUDONYM_KEY_FILE holds no key"


def test_settings_read_the_keys_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("PSEUDONYM_KEYS", "PSEUDONYM_KEY_FILE", "PSEUDONYM_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PSEUDONYM_KEY", "today")
    today = Settings(database_url="sqlite://")
    assert today.pseudonym_keys == Keyring.single("today") and today.pseudonym_key == "today"
    assert today.pseudonym_keys.current_version == 1

    monkeypatch.setenv("PSEUDONYM_KEYS", "2:new,1:today")
    rotated = Settings(database_url="sqlite://")
    assert rotated.pseudonym_key == "new" and rotated.pseudonym_keys.versions == (2, 1)

    monkeypatch.delenv("PSEUDONYM_KEYS")
    key_file = tmp_path / "keys"
    key_file.write_text("# current first\n3:newest\n2:new\n")
    monkeypatch.setenv("PSEUDONYM_KEY_FILE", str(key_file))
    from_file = Settings(database_url="sqlite://")
    assert from_file.pseudonym_key == "newest" and from_file.pseudonym_keys.versions == (3, 2)

    monkeypatch.setenv("PSEUDONYM_KEYS", "2:new")
    with pytest.raises(KeyringError, match="set PSEUDONYM_KEYS or PSEUDONYM_KEY_FILE, not both"):
        Settings(database_url="sqlite://")
    monkeypatch.delenv("PSEUDONYM_KEYS")
    monkeypatch.setenv("PSEUDONYM_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(KeyringError, match=r"PSEUDONYM_KEY_FILE: cannot read .*missing"):
        Settings(database_url="sqlite://")


def test_given_values_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PSEUDONYM_KEYS", "7:from-the-environment")
    given_key = Settings(database_url="sqlite://", pseudonym_key="given")
    assert given_key.pseudonym_keys == Keyring.single("given")
    # A given keyring decides the current key, whatever key was given beside it.
    ring = parse_keys("2:new,1:given")
    both = Settings(database_url="sqlite://", pseudonym_key="given", pseudonym_keys=ring)
    assert both.pseudonym_key == "new" and both.pseudonym_keys is ring


def test_the_gateway_does_not_start_with_bad_keys(tmp_path: Path) -> None:
    """One line for the operator, naming the setting, and no secret in it."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "keys"],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'gateway.db'}",
            "PSEUDONYM_KEYS": f"2:{SECRET},2:{SECRET}-too",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "Pseudonym keys: PSEUDONYM_KEYS: version 2 appears more than once."
    )
    assert SECRET not in done.stdout + done.stderr
    assert not (tmp_path / "gateway.db").exists()
