"""User accounts: roles enforced by the services, the owner's management of accounts, and
everyone's own password."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from practicedesk.api import open_practice
from practicedesk.errors import (
    InvalidInput,
    LoginDelayed,
    PermissionDenied,
    WeakPassword,
    WrongPassword,
)
from practicedesk.security.roles import Role
from practicedesk.security.throttle import FREE_ATTEMPTS
from practicedesk.services.audit import AuditFilter
from practicedesk.services.practice.settings import IDLE_LOCK_MINUTES
from practicedesk.services.practice.staff import ProviderKind
from practicedesk.services.session import PracticeSession
from practicedesk.services.users.accounts import UserInfo
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD, PRACTICE, make_practice

NEW_PASSWORD = "copper kettle on a windy hill"
TEMPORARY = "marble staircase under moonlight"


@pytest.fixture
def team(data_dir: Path) -> Path:
    """A closed practice with a coordinator and a clinician who have chosen their passwords."""
    created = make_practice(data_dir)
    users = created.session.users
    users.add("maria", "Maria Lopez", Role.COORDINATOR, OTHER_PASSWORD, must_change_password=False)
    users.add("dr.kim", "Dr. Kim", Role.CLINICIAN, OTHER_PASSWORD, must_change_password=False)
    created.session.close()
    return data_dir


def _user(session: PracticeSession, username: str) -> UserInfo:
    return next(user for user in session.users.list() if user.username == username)


# -- roles ----------------------------------------------------------------------------------------


def test_a_coordinator_cannot_manage_users_see_the_audit_or_edit_the_practice(
    team: Path,
) -> None:
    with open_practice(team, "maria", OTHER_PASSWORD) as coordinator:
        kim = _user(coordinator, "dr.kim")
        refused: list[Callable[[], object]] = [
            lambda: coordinator.users.add("eve", "Eve", Role.OWNER, NEW_PASSWORD),
            lambda: coordinator.users.update(kim.id, "Dr. Kim", Role.OWNER),
            lambda: coordinator.users.disable(kim.id),
            lambda: coordinator.users.reset_password(kim.id, TEMPORARY),
            lambda: coordinator.users.unlock_account(kim.id),
            lambda: coordinator.audit.entries(),
            lambda: coordinator.audit.verify(),
            lambda: coordinator.practice.update(PRACTICE),
        ]
        for call in refused:
            with pytest.raises(PermissionDenied) as denied:
                call()
            assert "coordinator" in denied.value.message and "owner" in denied.value.message
        # What the front desk does need is allowed.
        coordinator.settings.set(IDLE_LOCK_MINUTES, 15)
        coordinator.staff.add_room("Chair 9", "#FFFFFF")
        assert {u.username for u in coordinator.users.list()} == {OWNER, "maria", "dr.kim"}
    with open_practice(team, OWNER, OWNER_PASSWORD) as owner:
        assert _user(owner, "dr.kim").role is Role.CLINICIAN
        assert _user(owner, "dr.kim").active
        assert "eve" not in {u.username for u in owner.users.list()}
        assert owner.settings.get(IDLE_LOCK_MINUTES) == 15


def test_a_clinician_cannot_change_settings_or_the_set_up(team: Path) -> None:
    with open_practice(team, OWNER, OWNER_PASSWORD) as owner:
        owner.staff.add_room("Chair 9", "#FFFFFF")
    with open_practice(team, "dr.kim", OTHER_PASSWORD) as clinician:
        with pytest.raises(PermissionDenied, match="clinician"):
            clinician.settings.set(IDLE_LOCK_MINUTES, 5)
        with pytest.raises(PermissionDenied):
            clinician.staff.add_provider("Dr. New", ProviderKind.DENTIST, "#000000")
        with pytest.raises(PermissionDenied):
            clinician.users.add("eve", "Eve", Role.CLINICIAN, NEW_PASSWORD)
        assert clinician.settings.get(IDLE_LOCK_MINUTES) == 10
        assert [r.name for r in clinician.staff.rooms()] == ["Chair 9"]  # reading is fine


# -- the owner manages accounts -------------------------------------------------------------------


def test_a_new_user_chooses_their_own_password_at_first_sign_in(
    owner_session: PracticeSession, data_dir: Path
) -> None:
    added = owner_session.users.add("maria", "  Maria   Lopez ", Role.COORDINATOR, TEMPORARY)
    assert (added.username, added.display_name, added.role) == (
        "maria",
        "Maria Lopez",
        Role.COORDINATOR,
    )
    assert added.must_change_password and added.active
    owner_session.close()
    with open_practice(data_dir, "maria", TEMPORARY) as session:
        assert session.must_change_password
        session.change_password(TEMPORARY, NEW_PASSWORD)
        assert not session.must_change_password
    with open_practice(data_dir, "maria", NEW_PASSWORD) as session:
        assert not session.must_change_password
    with pytest.raises(WrongPassword):
        open_practice(data_dir, "maria", TEMPORARY)


@pytest.mark.parametrize(
    ("username", "problem"),
    [
        ("a", "2 to 40"),
        ("-maria", "starts with a letter"),
        ("ma ria", "letters, digits"),
        (OWNER.upper(), "already a user"),
    ],
)
def test_user_names_are_checked(
    owner_session: PracticeSession, username: str, problem: str
) -> None:
    with pytest.raises(InvalidInput, match=problem):
        owner_session.users.add(username, "Someone", Role.CLINICIAN, NEW_PASSWORD)
    assert [u.username for u in owner_session.users.list()] == [OWNER]


def test_a_weak_first_password_is_refused(owner_session: PracticeSession) -> None:
    with pytest.raises(WeakPassword):
        owner_session.users.add("maria", "Maria Lopez", Role.COORDINATOR, "maria12345678901")
    assert [u.username for u in owner_session.users.list()] == [OWNER]


def test_a_turned_off_user_cannot_sign_in_and_is_told_nothing_more(team: Path) -> None:
    with open_practice(team, OWNER, OWNER_PASSWORD) as owner:
        owner.users.disable(_user(owner, "maria").id)
        assert not _user(owner, "maria").active
    with pytest.raises(WrongPassword) as turned_off:
        open_practice(team, "maria", OTHER_PASSWORD)
    with pytest.raises(WrongPassword) as unknown:
        open_practice(team, "nobody", OTHER_PASSWORD)
    assert turned_off.value.message == unknown.value.message
    open_practice(team, "dr.kim", OTHER_PASSWORD).close()


def test_turning_a_user_back_on_needs_a_new_temporary_password(team: Path) -> None:
    with open_practice(team, OWNER, OWNER_PASSWORD) as owner:
        maria = _user(owner, "maria")
        owner.users.disable(maria.id)
        with pytest.raises(InvalidInput, match="turned off"):
            owner.users.reset_password(maria.id, TEMPORARY)
        with pytest.raises(WeakPassword):
            owner.users.enable(maria.id, "short")
        assert not owner.users.get(maria.id).active
        owner.users.enable(maria.id, TEMPORARY)
        assert owner.users.get(maria.id).active
    with pytest.raises(WrongPassword):
        open_practice(team, "maria", OTHER_PASSWORD)
    with open_practice(team, "maria", TEMPORARY) as session:
        assert session.must_change_password


def test_nobody_can_turn_off_their_own_account(owner_session: PracticeSession) -> None:
    me = owner_session.user.user_id
    second = owner_session.users.add("second", "Second Owner", Role.OWNER, OTHER_PASSWORD)
    with pytest.raises(PermissionDenied, match="your own account"):
        owner_session.users.disable(me)
    assert owner_session.users.get(me).active
    assert owner_session.users.get(second.id).active


def test_the_last_owner_cannot_be_demoted(owner_session: PracticeSession) -> None:
    users, me = owner_session.users, owner_session.user.user_id
    with pytest.raises(PermissionDenied, match="only owner"):
        users.update(me, "Olive Owner", Role.COORDINATOR)
    second = users.add("second", "Second Owner", Role.OWNER, OTHER_PASSWORD)
    users.disable(second.id)
    with pytest.raises(PermissionDenied, match="only owner"):
        users.update(me, "Olive Owner", Role.CLINICIAN)  # a turned-off owner does not count
    assert users.get(me).role is Role.OWNER
    # Turned back on, still on a temporary password, the second owner counts again.
    users.enable(second.id, TEMPORARY)
    assert users.get(second.id).must_change_password
    users.update(me, "Olive Owner", Role.COORDINATOR)
    assert users.get(me).role is Role.COORDINATOR
    assert users.get(second.id).role is Role.OWNER


def test_with_a_second_owner_the_first_may_step_down(team: Path) -> None:
    with open_practice(team, OWNER, OWNER_PASSWORD) as owner:
        second = owner.users.add(
            "second", "Second Owner", Role.OWNER, NEW_PASSWORD, must_change_password=False
        )
        owner.users.update(owner.user.user_id, "Olive Owner", Role.COORDINATOR)
        assert owner.users.get(owner.user.user_id).role is Role.COORDINATOR
    with open_practice(team, "second", NEW_PASSWORD) as second_owner:
        with pytest.raises(PermissionDenied, match="only owner"):
            second_owner.users.update(second.id, "Second Owner", Role.CLINICIAN)
        olive = _user(second_owner, OWNER)
        second_owner.users.disable(olive.id)  # not the last owner: allowed
    with open_practice(team, "maria", OTHER_PASSWORD) as coordinator:
        assert coordinator.user.role is Role.COORDINATOR


def test_a_reset_password_replaces_the_old_one_and_must_be_changed(team: Path) -> None:
    with open_practice(team, OWNER, OWNER_PASSWORD) as owner:
        maria = _user(owner, "maria")
        owner.users.reset_password(maria.id, TEMPORARY)
        assert owner.users.get(maria.id).must_change_password
    with pytest.raises(WrongPassword):
        open_practice(team, "maria", OTHER_PASSWORD)
    with open_practice(team, "maria", TEMPORARY) as session:
        assert session.must_change_password
        session.change_password(TEMPORARY, NEW_PASSWORD)
    open_practice(team, "maria", NEW_PASSWORD).close()


# -- one's own password ------------------------------------------------------------------------


def test_changing_ones_own_password_needs_the_current_one(team: Path) -> None:
    with open_practice(team, "maria", OTHER_PASSWORD) as session:
        with pytest.raises(WrongPassword):
            session.change_password("not my password at all", NEW_PASSWORD)
        with pytest.raises(WrongPassword):
            session.change_password(OWNER_PASSWORD, NEW_PASSWORD)  # someone else's
    open_practice(team, "maria", OTHER_PASSWORD).close()


def test_changing_ones_own_password_needs_a_good_new_one(team: Path) -> None:
    with open_practice(team, "maria", OTHER_PASSWORD) as session:
        for weak in ("short", "maria12345678901", "harbor test dental"):
            with pytest.raises(WeakPassword):
                session.change_password(OTHER_PASSWORD, weak)
        with pytest.raises(InvalidInput, match="different"):
            session.change_password(OTHER_PASSWORD, OTHER_PASSWORD)
    open_practice(team, "maria", OTHER_PASSWORD).close()


def test_wrong_current_passwords_are_delayed_like_logins(team: Path) -> None:
    """Change-password is not a way round the login delays."""
    with open_practice(team, "maria", OTHER_PASSWORD) as session:
        for _ in range(FREE_ATTEMPTS):
            with pytest.raises(WrongPassword):
                session.change_password("not my password at all", NEW_PASSWORD)
        with pytest.raises(LoginDelayed):
            session.change_password(OTHER_PASSWORD, NEW_PASSWORD)


def test_a_password_changed_in_one_session_works_at_the_next_open(team: Path) -> None:
    with open_practice(team, "dr.kim", OTHER_PASSWORD) as session:
        session.change_password(OTHER_PASSWORD, NEW_PASSWORD)
    with pytest.raises(WrongPassword):
        open_practice(team, "dr.kim", OTHER_PASSWORD)
    with open_practice(team, "dr.kim", NEW_PASSWORD) as session:
        assert session.user.username == "dr.kim"
    with open_practice(team, OWNER, OWNER_PASSWORD) as owner:
        changed = owner.audit.entries(AuditFilter(username="dr.kim", action="password changed"))
        assert len(changed) == 1
