"""Throttling, the attempts file, the password rule, recovery codes and the audit chain."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practicedesk.errors import InvalidInput, PermissionDenied, WeakPassword
from practicedesk.security.attempts import AttemptsFile
from practicedesk.security.audit import GENESIS, ChainedEntry, entry_hash, first_break
from practicedesk.security.passwords import check_new_password, normalize_password
from practicedesk.security.recovery import new_recovery_code, normalize_recovery_code
from practicedesk.security.roles import Permission, Role, allows, require
from practicedesk.security.throttle import (
    FREE_ATTEMPTS,
    LOCK_AFTER,
    MAX_DELAY_SECONDS,
    Attempts,
    delay_after,
    seconds_to_wait,
)

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


# -- throttling -------------------------------------------------------------------------------


def test_a_few_typos_cost_nothing_then_waits_double_up_to_a_cap() -> None:
    assert [delay_after(n) for n in range(FREE_ATTEMPTS)] == [0] * FREE_ATTEMPTS
    delays = [delay_after(n) for n in range(FREE_ATTEMPTS, 20)]
    assert delays[0] > 0 and delays[1] == 2 * delays[0]
    assert max(delays) == MAX_DELAY_SECONDS


@given(st.integers(0, 30), st.integers(-(10**6), 10**6))
def test_the_wait_never_exceeds_the_delay_whatever_the_clock_says(
    failures: int, offset_seconds: int
) -> None:
    attempts = Attempts(failures, NOW)
    wait = seconds_to_wait(attempts, NOW + timedelta(seconds=offset_seconds))
    assert 0 <= wait <= delay_after(failures)


def test_locked_at_the_limit() -> None:
    assert not Attempts(LOCK_AFTER - 1).locked and Attempts(LOCK_AFTER).locked


def test_attempts_survive_a_restart_and_lock_once(tmp_path: Path) -> None:
    path = tmp_path / "login-attempts.json"
    for i in range(LOCK_AFTER):
        AttemptsFile(path).record_failure("hash-a", NOW + timedelta(minutes=i))
    reopened = AttemptsFile(path)
    assert reopened.get("hash-a").failures == LOCK_AFTER and reopened.get("hash-a").locked
    events = [e.event for e in reopened.take_pending()]
    assert events.count("failed_login") == LOCK_AFTER and events.count("account_locked") == 1
    assert AttemptsFile(path).take_pending() == []
    reopened.clear("hash-a")
    assert AttemptsFile(path).get("hash-a").failures == 0


@pytest.mark.parametrize(
    "content", ["", "garbage", '{"format": "x"}', '{"format": "practicedesk-attempts"}']
)
def test_a_damaged_attempts_file_starts_afresh_and_says_so(tmp_path: Path, content: str) -> None:
    path = tmp_path / "login-attempts.json"
    path.write_text(content)
    attempts = AttemptsFile(path)
    assert attempts.get("anyone").failures == 0
    assert [e.event for e in attempts.take_pending()] == ["attempts_file_reset"]


# -- passwords ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["lunar otter quietly paints", "front desk since 2019 tea", "ñandú en la niebla gris"],
)
def test_passphrases_are_welcome_without_composition_rules(password: str) -> None:
    check_new_password(password, ["olive", "Harbor Test Dental"])


def test_short_passwords_are_refused_with_the_count() -> None:
    with pytest.raises(WeakPassword, match="this has 9"):
        check_new_password("Tr0ub4dor")


@pytest.mark.parametrize(
    "password",
    ["passwordpassword", "aaaaaaaaaaaaaaaa", "123456789012345", "qwertyuiopasdfgh"],
)
def test_guessable_passwords_are_refused(password: str) -> None:
    with pytest.raises(WeakPassword, match="too easy to guess"):
        check_new_password(password)


def test_passwords_built_from_the_practice_or_user_name_are_refused() -> None:
    with pytest.raises(WeakPassword):
        check_new_password("harbortestdental1", ["olive", "Harbor Test Dental"])
    with pytest.raises(WeakPassword):
        check_new_password("oliveoliveolive1", ["olive", "Harbor Test Dental"])


def test_passwords_compare_after_unicode_normalization() -> None:
    assert normalize_password("ｃａｆé ｂｌｕｅ") == normalize_password("café blue")
    assert normalize_password("cafe\u0301") == normalize_password("café")


# -- recovery codes ----------------------------------------------------------------------------


def test_recovery_codes_are_eight_groups_of_four_and_unique() -> None:
    codes = {new_recovery_code() for _ in range(100)}
    assert len(codes) == 100
    for code in codes:
        groups = code.split("-")
        assert len(groups) == 8 and all(len(group) == 4 for group in groups)
        assert normalize_recovery_code(code) == code.replace("-", "")


@pytest.mark.parametrize("typed", ["", "ABCD", "!!!!-" * 7 + "!!!!", "A" * 33])
def test_what_is_not_a_recovery_code_says_so(typed: str) -> None:
    with pytest.raises(InvalidInput, match="recovery code"):
        normalize_recovery_code(typed)


# -- roles --------------------------------------------------------------------------------------


def test_roles() -> None:
    assert all(allows(Role.OWNER, p) for p in Permission)
    assert not allows(Role.COORDINATOR, Permission.MANAGE_USERS)
    assert not allows(Role.COORDINATOR, Permission.VIEW_AUDIT)
    assert allows(Role.COORDINATOR, Permission.EDIT_SETTINGS)
    assert [p for p in Permission if allows(Role.CLINICIAN, p)] == [
        Permission.VIEW_SCHEDULE,
        Permission.TRACK_VISITS,
        Permission.VIEW_CHART,
        Permission.EDIT_ALERTS,
    ]
    assert not allows(Role.CLINICIAN, Permission.BOOK)
    with pytest.raises(PermissionDenied, match="clinician"):
        require(Role.CLINICIAN, Permission.MANAGE_USERS)


# -- the audit chain ----------------------------------------------------------------------------


def _chain(count: int) -> list[ChainedEntry]:
    entries, prev = [], GENESIS
    for seq in range(1, count + 1):
        content: dict[str, Any] = {"action": "login", "username": f"user{seq % 3}", "n": seq}
        digest = entry_hash(prev, content)
        entries.append(ChainedEntry(seq, prev, digest, content))
        prev = digest
    return entries


def test_an_intact_chain_verifies() -> None:
    assert first_break(_chain(20)) is None
    assert first_break([]) is None


@given(st.integers(1, 20))
def test_an_edit_is_found_at_its_entry(position: int) -> None:
    entries = _chain(20)
    victim = entries[position - 1]
    entries[position - 1] = ChainedEntry(
        victim.seq, victim.prev_hash, victim.hash, {**victim.content, "username": "mallory"}
    )
    broken = first_break(entries)
    assert broken is not None and broken.seq == position and "changed" in broken.reason


@given(st.integers(1, 19))
def test_a_removed_entry_is_found(position: int) -> None:
    entries = _chain(20)
    del entries[position - 1]
    broken = first_break(entries)
    assert broken is not None
    assert broken.seq == (position + 1 if position > 1 else 2)


def test_reordered_entries_are_found() -> None:
    entries = _chain(5)
    entries[1], entries[2] = entries[2], entries[1]
    assert first_break(entries) is not None


@pytest.mark.parametrize("password", ["Password12345!!!", "Welcome2024Welcome", "olive12345678901"])
def test_padded_common_words_are_refused(password: str) -> None:
    with pytest.raises(WeakPassword):
        check_new_password(password, ["olive", "Harbor Test Dental"])
