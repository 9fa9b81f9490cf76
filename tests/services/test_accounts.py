"""Users, roles, settings and the audit log, through the services a script or window uses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from practicedesk.api import open_practice
from practicedesk.errors import InvalidInput, PermissionDenied, WeakPassword, WrongPassword
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.practice import PracticeDetails
from practicedesk.services.session import PracticeSession
from practicedesk.services.settings import IDLE_LOCK_MINUTES
from practicedesk.services.staff import ProviderKind
from practicedesk.store.models import Setting
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD, PRACTICE, make_practice

NEW_PASSWORD = "copper kettle on a windy hill"


@pytest.fixture
def team(data_dir: Path) -> Path:
    created = make_practice(data_dir)
    users = created.session.users
    users.add("maria", "Maria Lopez", Role.COORDINATOR, OTHER_PASSWORD, must_change_password=False)
    users.add("dr.kim", "Dr. Kim", Role.CLINICIAN, OTHER_PASSWORD, must_change_password=False)
    created.session.close()
    return data_dir


def test_roles_are_enforced_in_the_services(team: Path) -> None:
    with open_practice(team, "maria", OTHER_PASSWORD) as coordinator:
        with pytest.raises(PermissionDenied):
            coordinator.users.add("x1", "X", Role.OWNER, NEW_PASSWORD)
        with pytest.raises(PermissionDenied):
            coordinator.audit.entries()
        with pytest.raises(PermissionDenied):
            coordinator.practice.update(PRACTICE)
        coordinator.settings.set(IDLE_LOCK_MINUTES, 15)  # allowed
        coordinator.staff.add_room("Chair 9", "#FFFFFF")  # allowed
    with open_practice(team, "dr.kim", OTHER_PASSWORD) as clinician:
        with pytest.raises(PermissionDenied):
            clinician.settings.set(IDLE_LOCK_MINUTES, 5)
        with pytest.raises(PermissionDenied):
            clinician.staff.add_provider("Dr. New", ProviderKind.DENTIST, "#000000")
        assert clinician.staff.rooms()  # reading the set-up is fine


def test_a_turned_off_user_cannot_sign_in_and_learns_nothing(team: Path) -> None:
    with open_practice(team, OWNER, OWNER_PASSWORD) as owner:
        maria = next(u for u in owner.users.list() if u.username == "maria")
        owner.users.disable(maria.id)
    with pytest.raises(WrongPassword):
        open_practice(team, "maria", OTHER_PASSWORD)
    with open_practice(team, OWNER, OWNER_PASSWORD) as owner:
        owner.users.enable(maria.id, NEW_PASSWORD)
    with open_practice(team, "maria", NEW_PASSWORD) as session:
        assert session.must_change_password


def test_the_owner_cannot_lock_themselves_out(owner_session: PracticeSession) -> None:
    me = owner_session.user.user_id
    with pytest.raises(PermissionDenied, match="your own account"):
        owner_session.users.disable(me)
    with pytest.raises(PermissionDenied, match="only owner"):
        owner_session.users.update(me, "Olive Owner", Role.COORDINATOR)
    other = owner_session.users.add("second", "Second Owner", Role.OWNER, OTHER_PASSWORD)
    owner_session.users.update(me, "Olive Owner", Role.COORDINATOR)  # now allowed
    assert owner_session.users.get(other.id).role is Role.OWNER


def test_a_reset_password_works_and_must_be_changed(team: Path) -> None:
    with open_practice(team, OWNER, OWNER_PASSWORD) as owner:
        maria = next(u for u in owner.users.list() if u.username == "maria")
        owner.users.reset_password(maria.id, NEW_PASSWORD)
        assert owner.users.get(maria.id).must_change_password
    with pytest.raises(WrongPassword):
        open_practice(team, "maria", OTHER_PASSWORD)
    with open_practice(team, "maria", NEW_PASSWORD) as session:
        assert session.must_change_password


def test_changing_ones_own_password_needs_the_current_one_and_a_good_new_one(
    team: Path,
) -> None:
    with open_practice(team, "maria", OTHER_PASSWORD) as session:
        with pytest.raises(WrongPassword):
            session.change_password("not my password at all", NEW_PASSWORD)
        with pytest.raises(WeakPassword):
            session.change_password(OTHER_PASSWORD, "maria12345678901")
        with pytest.raises(InvalidInput, match="different"):
            session.change_password(OTHER_PASSWORD, OTHER_PASSWORD)
        session.change_password(OTHER_PASSWORD, NEW_PASSWORD)
    open_practice(team, "maria", NEW_PASSWORD).close()


@pytest.mark.parametrize(
    ("username", "problem"),
    [("a", "2 to 40"), ("-maria", "starts with"), ("ma ria", "letters"), ("olive", "already")],
)
def test_user_names_are_checked(
    owner_session: PracticeSession, username: str, problem: str
) -> None:
    with pytest.raises(InvalidInput, match=problem):
        owner_session.users.add(username, "Someone", Role.CLINICIAN, NEW_PASSWORD)


def test_the_audit_log_records_and_filters(team: Path) -> None:
    with open_practice(team, "maria", OTHER_PASSWORD) as session:
        session.settings.set(IDLE_LOCK_MINUTES, 12)
    with open_practice(team, OWNER, OWNER_PASSWORD) as owner:
        audit = owner.audit
        assert {e.action for e in audit.entries(AuditFilter(username="maria"))} >= {
            Action.LOGIN,
            Action.SETTING_CHANGED,
            Action.LOGOUT,
        }
        [setting] = audit.entries(AuditFilter(action=Action.SETTING_CHANGED))
        assert "12 minutes" in setting.summary
        assert audit.entries(AuditFilter(text="12 min"))
        future = datetime.now(UTC) + timedelta(days=1)
        assert audit.entries(AuditFilter(since=future)) == []
        assert audit.count() == len(audit.entries(limit=1000))
        assert "maria" in audit.usernames()
        assert audit.verify().ok
        assert audit.entries(AuditFilter(action=Action.AUDIT_VERIFIED))


def test_settings_are_validated_and_a_damaged_value_reads_as_the_default(
    owner_session: PracticeSession,
) -> None:
    assert owner_session.settings.get(IDLE_LOCK_MINUTES) == 10
    for bad in (0, 241, True, "5"):
        with pytest.raises(InvalidInput):
            owner_session.settings.set(IDLE_LOCK_MINUTES, bad)  # type: ignore[arg-type]
    owner_session.settings.set(IDLE_LOCK_MINUTES, 3)
    assert owner_session.settings.get(IDLE_LOCK_MINUTES) == 3
    with owner_session._ctx.db.writing() as db:
        for row in db.query(Setting).all():
            row.value = "{broken"
    assert owner_session.settings.get(IDLE_LOCK_MINUTES) == 10


def test_practice_details_are_validated(owner_session: PracticeSession) -> None:
    values = {name: getattr(PRACTICE, name) for name in PRACTICE.__dataclass_fields__}
    for change, problem in (
        ({"name": "  "}, "needs a name"),
        ({"time_zone": "Mars/Olympus"}, "not a time zone"),
        ({"email": "not-an-address"}, "e-mail"),
    ):
        with pytest.raises(InvalidInput, match=problem):
            owner_session.practice.update(PracticeDetails(**{**values, **change}))
    saved = owner_session.practice.update(PracticeDetails(**{**values, "city": "  Dover "}))
    assert saved.city == "Dover" and owner_session.practice.details().city == "Dover"


def test_providers_and_chairs_are_validated(owner_session: PracticeSession) -> None:
    staff = owner_session.staff
    with pytest.raises(InvalidInput, match="needs a name"):
        staff.add_provider("   ", ProviderKind.DENTIST, "#112233")
    with pytest.raises(InvalidInput, match="colour"):
        staff.add_room("Chair 1", "blue")
    dentist = staff.add_provider("Dr. Ada Park", ProviderKind.DENTIST, "#112233")
    staff.update_provider(dentist.id, "Dr. Ada Park", ProviderKind.DENTIST, "#112233", False)
    assert staff.providers() == []
    assert [p.name for p in staff.providers(include_inactive=True)] == ["Dr. Ada Park"]
