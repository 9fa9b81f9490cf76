"""Who may do what. Services call `require()`; the UI only hides what a role cannot use."""

from __future__ import annotations

from enum import StrEnum

from practicedesk.errors import PermissionDenied


class Role(StrEnum):
    OWNER = "owner"
    COORDINATOR = "coordinator"
    CLINICIAN = "clinician"

    @property
    def label(self) -> str:
        return {"owner": "Owner", "coordinator": "Coordinator", "clinician": "Clinician"}[self]


class Permission(StrEnum):
    MANAGE_USERS = "manage users"
    VIEW_AUDIT = "view the audit log"
    EDIT_PRACTICE = "change the practice details"
    EDIT_SETTINGS = "change practice settings"
    SET_UP_SCHEDULE = "set up providers and chairs"
    VIEW_SCHEDULE = "see the schedule"
    BOOK = "book, move or cancel appointments"
    TRACK_VISITS = "check patients in, seat them and check them out"
    VIEW_CHART = "open patient charts"
    EDIT_CHART = "change patient charts"
    EDIT_ALERTS = "change medical alerts"
    MERGE_PATIENTS = "merge two patient records"
    RENUMBER_CHARTS = "give a chart a new number"
    IMPORT_PATIENTS = "import patients"
    EXPORT_RECORDS = "export or print patient records"
    MAKE_BACKUPS = "make, check and restore backups"
    VIEW_MONEY = "see accounts, balances and claims"
    TAKE_PAYMENTS = "post charges and take payments"
    ADJUST_ANY_AMOUNT = "post write-offs, refunds and adjustments above the limit"
    CLOSE_DAYS = "close the day's money"
    REOPEN_DAYS = "reopen a closed day"
    EDIT_FEES = "change procedures and fees"
    SET_UP_REMINDERS = "set up e-mail reminders"
    VIEW_REPORTS = "see the practice's reports"
    VIEW_MONEY_REPORTS = "see the practice's money reports"


_ALL = frozenset(Permission)
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OWNER: _ALL,
    Role.COORDINATOR: frozenset(
        {
            Permission.VIEW_SCHEDULE,
            Permission.SET_UP_SCHEDULE,
            Permission.EDIT_SETTINGS,
            Permission.BOOK,
            Permission.TRACK_VISITS,
            Permission.VIEW_CHART,
            Permission.EDIT_CHART,
            Permission.EDIT_ALERTS,
            Permission.IMPORT_PATIENTS,
            Permission.EXPORT_RECORDS,
            Permission.VIEW_MONEY,
            Permission.TAKE_PAYMENTS,
            Permission.CLOSE_DAYS,
            Permission.VIEW_REPORTS,
        }
    ),
    Role.CLINICIAN: frozenset(
        {
            Permission.VIEW_SCHEDULE,
            Permission.TRACK_VISITS,
            Permission.VIEW_CHART,
            Permission.EDIT_ALERTS,
        }
    ),
}


def allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def require(role: Role, permission: Permission) -> None:
    if not allows(role, permission):
        raise PermissionDenied(
            f"Your account ({role.label.lower()}) may not {permission.value}. "
            "Ask the practice owner."
        )
