"""Sealing with rotating keys (bot/sealing.py, MultiFernet): sealed with the current key,
opened with any key of the ring, re-sealed to the current key; and resident hashes under
every key (bot/pseudonym.py)."""

from __future__ import annotations

from bot.keyring import Keyring, parse_keys
from bot.pseudonym import candidates, rederived, resident_key
from bot.sealing import reseal, seal, sealed_with, unseal

OLD = Keyring.single("old-secret")
ROTATED = parse_keys("2:new-secret,1:old-secret")
NEW_ONLY = parse_keys("2:new-secret")


def test_a_value_sealed_before_rotation_still_opens_after_it() -> None:
    sealed = seal("old-secret", "123456789")  # a plain secret: how callers sealed until now
    assert unseal(OLD, sealed) == "123456789"
    assert unseal(ROTATED, sealed) == "123456789"
    assert sealed_with(ROTATED, sealed) == 1
    assert unseal(NEW_ONLY, sealed) is None  # its key removed: no reading it
    assert sealed_with(NEW_ONLY, sealed) is None


def test_sealing_uses_the_current_key_and_reseal_moves_a_value_to_it() -> None:
    fresh = seal(ROTATED, "-100222")
    assert sealed_with(ROTATED, fresh) == 2 and unseal(NEW_ONLY, fresh) == "-100222"
    assert unseal(OLD, fresh) is None
    old = seal(OLD, "42")
    moved = reseal(ROTATED, old)
    assert moved != old and sealed_with(ROTATED, moved) == 2
    assert unseal(NEW_ONLY, moved) == "42"


def test_a_sealed_value_is_never_the_value_and_differs_each_time() -> None:
    first, second = seal(ROTATED, "42"), seal(ROTATED, "42")
    assert first != second and "42" not in first
    assert unseal(ROTATED, "not a token") is None
    assert unseal(ROTATED, first[:-4] + "AAAA") is None


def test_resident_hashes_under_every_key_the_current_first() -> None:
    found = candidates(ROTATED, "telegram", "42")
    assert list(found.values()) == [2, 1]
    assert list(found) == [
        resident_key("new-secret", "telegram", "42"),
        resident_key("old-secret", "telegram", "42"),
    ]
    # Today's single key makes the hashes it always made.
    assert list(candidates(OLD, "telegram", "42")) == [resident_key("old-secret", "telegram", "42")]


def test_a_rederived_hash_depends_on_the_old_hash_and_the_new_key() -> None:
    old = resident_key("old-secret", "widget", "random-id")
    assert rederived("new-secret", old) == rederived("new-secret", old)
    assert rederived("new-secret", old) != rederived("other-secret", old)
    assert rederived("new-secret", old) != old
    assert len(rederived("new-secret", old)) == 64
