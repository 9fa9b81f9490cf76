"""Signing in: the same answer for every wrong guess, delays that survive restarts, locks,
and the recovery code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from practicedesk.api import open_practice, recover_access
from practicedesk.errors import (
    AccountLocked,
    InvalidInput,
    LoginDelayed,
    PermissionDenied,
    WrongPassword,
)
from practicedesk.security.roles import Role
from practicedesk.security.throttle import FREE_ATTEMPTS, LOCK_AFTER
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.unlocking import KeyAccess
from practicedesk.store.data_folder import DataFolder
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD, make_practice

NEW_PASSWORD = "copper kettle on a windy hill"


def _fail(data_dir: Path, username: str, times: int) -> None:
    for _ in range(times):
        with pytest.raises((WrongPassword, LoginDelayed, AccountLocked)):
            open_practice(data_dir, username, "a wrong guess of a password")


def _age_failures(data_dir: Path, seconds: int) -> None:
    """Pretend the last failure happened `seconds` ago, instead of sleeping in a test."""
    access = KeyAccess(DataFolder(data_dir))
    attempts = access.attempts
    for lookup, state in list(attempts._entries.items()):
        if state.last_failure:
            attempts._entries[lookup] = type(state)(
                state.failures, state.last_failure - timedelta(seconds=seconds)
            )
    attempts._save()


def test_the_right_password_opens_the_practice(closed_practice: Path) -> None:
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        assert session.user.username == OWNER
        assert session.user.role is Role.OWNER


def test_unknown_user_and_wrong_password_get_the_same_answer(closed_practice: Path) -> None:
    with pytest.raises(WrongPassword) as wrong_password:
        open_practice(closed_practice, OWNER, "not the password at all")
    with pytest.raises(WrongPassword) as unknown_user:
        open_practice(closed_practice, "nobody", "not the password at all")
    assert wrong_password.value.message == unknown_user.value.message


def test_user_names_are_not_case_sensitive(closed_practice: Path) -> None:
    with open_practice(closed_practice, OWNER.upper(), OWNER_PASSWORD) as session:
        assert session.user.username == OWNER


def test_after_a_few_failures_the_next_attempt_must_wait_even_after_a_restart(
    closed_practice: Path,
) -> None:
    _fail(closed_practice, OWNER, FREE_ATTEMPTS)
    with pytest.raises(LoginDelayed) as delayed:
        open_practice(closed_practice, OWNER, OWNER_PASSWORD)
    assert delayed.value.seconds > 0
    # A fresh KeyAccess reads the attempts file again, as after a restart.
    assert (
        KeyAccess(DataFolder(closed_practice))
        .attempts.get(KeyAccess(DataFolder(closed_practice)).keystore.lookup(OWNER))
        .failures
        == FREE_ATTEMPTS
    )
    _age_failures(closed_practice, 3600)
    open_practice(closed_practice, OWNER, OWNER_PASSWORD).close()


def test_unknown_names_are_delayed_the_same_way(closed_practice: Path) -> None:
    _fail(closed_practice, "nobody", FREE_ATTEMPTS)
    with pytest.raises(LoginDelayed):
        open_practice(closed_practice, "nobody", "a wrong guess of a password")


def test_many_failures_lock_the_account_until_the_owner_unlocks_it(data_dir: Path) -> None:
    created = make_practice(data_dir)
    created.session.users.add(
        "maria", "Maria Lopez", Role.COORDINATOR, OTHER_PASSWORD, must_change_password=False
    )
    created.session.close()
    for _ in range(LOCK_AFTER):
        _age_failures(data_dir, 3600)
        _fail(data_dir, "maria", 1)
    _age_failures(data_dir, 3600)
    with pytest.raises(AccountLocked):
        open_practice(data_dir, "maria", OTHER_PASSWORD)

    with open_practice(data_dir, OWNER, OWNER_PASSWORD) as owner:
        maria = next(u for u in owner.users.list() if u.username == "maria")
        assert maria.locked_out
        owner.users.unlock_account(maria.id)
        actions = [e.action for e in owner.audit.entries(AuditFilter())]
        assert Action.ACCOUNT_LOCKED in actions
    open_practice(data_dir, "maria", OTHER_PASSWORD).close()


def test_failed_logins_reach_the_audit_log_at_the_next_sign_in(closed_practice: Path) -> None:
    _fail(closed_practice, OWNER, 1)
    _fail(closed_practice, "nobody", 1)
    _age_failures(closed_practice, 3600)
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        failed = session.audit.entries(AuditFilter(action=Action.LOGIN_FAILED))
    assert sorted((e.username, e.summary) for e in failed) == [
        ("", "unknown user name"),
        (OWNER, ""),
    ]


def test_the_recovery_code_opens_the_practice_and_replaces_the_owner_password(
    data_dir: Path,
) -> None:
    created = make_practice(data_dir)
    code = created.recovery_code
    created.session.close()
    with recover_access(data_dir, OWNER, code.lower(), NEW_PASSWORD) as session:
        assert session.user.username == OWNER
        actions = [e.action for e in session.audit.entries(AuditFilter())]
    assert Action.EMERGENCY_ACCESS in actions and Action.PASSWORD_CHANGED in actions
    with pytest.raises(WrongPassword):
        open_practice(data_dir, OWNER, OWNER_PASSWORD)
    _age_failures(data_dir, 3600)
    open_practice(data_dir, OWNER, NEW_PASSWORD).close()


def test_the_recovery_code_also_lifts_an_owner_lockout(data_dir: Path) -> None:
    created = make_practice(data_dir)
    code = created.recovery_code
    created.session.close()
    for _ in range(LOCK_AFTER):
        _age_failures(data_dir, 3600)
        _fail(data_dir, OWNER, 1)
    recover_access(data_dir, OWNER, code, NEW_PASSWORD).close()
    open_practice(data_dir, OWNER, NEW_PASSWORD).close()


def test_the_recovery_code_is_only_for_owners(data_dir: Path) -> None:
    created = make_practice(data_dir)
    created.session.users.add("maria", "Maria Lopez", Role.COORDINATOR, OTHER_PASSWORD)
    code = created.recovery_code
    created.session.close()
    with pytest.raises(PermissionDenied):
        recover_access(data_dir, "maria", code, NEW_PASSWORD)
    with pytest.raises(InvalidInput):
        recover_access(data_dir, "nobody", code, NEW_PASSWORD)
    open_practice(data_dir, OWNER, OWNER_PASSWORD).close()


def test_a_wrong_recovery_code_fails_clearly(closed_practice: Path) -> None:
    with pytest.raises(WrongPassword):
        recover_access(closed_practice, OWNER, "AAAA-" * 7 + "AAAA", NEW_PASSWORD)
    with pytest.raises(InvalidInput, match="32 letters"):
        recover_access(closed_practice, OWNER, "not a code", NEW_PASSWORD)


def test_a_new_password_must_be_changed_at_first_sign_in(data_dir: Path) -> None:
    created = make_practice(data_dir)
    created.session.users.add("maria", "Maria Lopez", Role.COORDINATOR, OTHER_PASSWORD)
    created.session.close()
    with open_practice(data_dir, "maria", OTHER_PASSWORD) as session:
        assert session.must_change_password
        session.change_password(OTHER_PASSWORD, NEW_PASSWORD)
        assert not session.must_change_password
    with open_practice(data_dir, "maria", NEW_PASSWORD) as session:
        assert not session.must_change_password


def test_delays_ignore_a_clock_set_back(closed_practice: Path) -> None:
    access = KeyAccess(DataFolder(closed_practice))
    future = datetime.now(UTC) + timedelta(days=30)
    for _ in range(FREE_ATTEMPTS + 1):
        with pytest.raises((WrongPassword, LoginDelayed)):
            access.unlock(OWNER, "a wrong guess of a password", now=future)
    with pytest.raises(LoginDelayed) as delayed:
        access.unlock(OWNER, OWNER_PASSWORD)
    assert delayed.value.seconds <= 8
