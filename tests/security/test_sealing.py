"""The mail password among the synced settings: sealed under the practice's key, opened by
any PC of the practice, refused under another name or another practice's key."""

from __future__ import annotations

import secrets

import pytest

from practicedesk.security.sealing import SealBroken, seal, settings_key, unseal


def test_a_sealed_secret_opens_under_the_same_practice_key_and_name_only() -> None:
    master = secrets.token_bytes(32)
    sealed = seal(settings_key(master), "mail server secret", "reminders.password")
    assert "mail server secret" not in sealed
    assert unseal(settings_key(master), sealed, "reminders.password") == "mail server secret"
    with pytest.raises(SealBroken):
        unseal(settings_key(master), sealed, "other.password")
    with pytest.raises(SealBroken):
        unseal(settings_key(secrets.token_bytes(32)), sealed, "reminders.password")
    with pytest.raises(SealBroken):
        unseal(settings_key(master), sealed[:-4] + "AAAA", "reminders.password")


def test_sealing_twice_gives_two_texts_and_nothing_stays_nothing() -> None:
    key = settings_key(secrets.token_bytes(32))
    assert seal(key, "same", "n") != seal(key, "same", "n")
    assert seal(key, "", "n") == "" and unseal(key, "", "n") == ""
