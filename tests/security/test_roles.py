"""Who may do what: the owner everything, the front desk its work, clinicians schedule and chart."""

from __future__ import annotations

import pytest

from practicedesk.errors import PermissionDenied
from practicedesk.security.roles import Permission, Role, allows, require

OWNER_ONLY = {Permission.MANAGE_USERS, Permission.VIEW_AUDIT}
CLINICIAN = {
    Permission.VIEW_SCHEDULE,
    Permission.TRACK_VISITS,
    Permission.VIEW_CHART,
    Permission.EDIT_ALERTS,
}


@pytest.mark.parametrize("permission", list(Permission))
def test_the_owner_may_do_everything(permission: Permission) -> None:
    assert allows(Role.OWNER, permission)
    require(Role.OWNER, permission)


@pytest.mark.parametrize("permission", sorted(OWNER_ONLY))
def test_only_the_owner_manages_users_and_reads_the_audit_log(permission: Permission) -> None:
    assert not allows(Role.COORDINATOR, permission)
    assert not allows(Role.CLINICIAN, permission)


def test_the_front_desk_runs_the_day() -> None:
    for permission in (
        Permission.BOOK,
        Permission.TRACK_VISITS,
        Permission.SET_UP_SCHEDULE,
        Permission.EDIT_SETTINGS,
        Permission.VIEW_CHART,
        Permission.IMPORT_PATIENTS,
    ):
        assert allows(Role.COORDINATOR, permission)


@pytest.mark.parametrize("permission", list(Permission))
def test_a_clinician_sees_the_schedule_and_charts_and_changes_only_alerts_and_visits(
    permission: Permission,
) -> None:
    assert allows(Role.CLINICIAN, permission) == (permission in CLINICIAN)


def test_no_one_but_the_owner_edits_the_practice_or_merges_patients() -> None:
    for permission in (Permission.EDIT_PRACTICE, Permission.MERGE_PATIENTS):
        assert [role for role in Role if allows(role, permission)] == [Role.OWNER]


def test_a_refusal_names_the_role_and_the_action_and_who_can_help() -> None:
    with pytest.raises(PermissionDenied) as refused:
        require(Role.CLINICIAN, Permission.MANAGE_USERS)
    assert refused.value.message == (
        "Your account (clinician) may not manage users. Ask the practice owner."
    )


@pytest.mark.parametrize(
    ("role", "permission"),
    [(r, p) for r in (Role.COORDINATOR, Role.CLINICIAN) for p in Permission if not allows(r, p)],
)
def test_every_refusal_is_a_readable_sentence(role: Role, permission: Permission) -> None:
    with pytest.raises(PermissionDenied) as refused:
        require(role, permission)
    message = refused.value.message
    assert message.startswith(f"Your account ({role.label.lower()}) may not {permission.value}.")
    assert message.endswith("Ask the practice owner.")
    assert refused.value.exit_code == 3
