"""Practice-wide settings, declared once with their types, defaults and limits.

Stored as JSON in the `setting` table (so they sync); a value that is missing, damaged or out
of range reads as the default rather than stopping the program.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.errors import InvalidInput
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.store.models import Setting


@dataclass(frozen=True, slots=True)
class IntSetting:
    key: str
    label: str
    default: int
    minimum: int
    maximum: int
    unit: str = ""
    choices: tuple[int, ...] = ()
    # Who may change it. The money limits guard what a coordinator may post alone, so only
    # the owner sets them.
    permission: Permission = Permission.EDIT_SETTINGS

    def parse(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(f"{self.label} must be a whole number.")
        if not self.minimum <= value <= self.maximum:
            raise InvalidInput(
                f"{self.label} must be between {self.minimum} and {self.maximum} {self.unit}."
            )
        if self.choices and value not in self.choices:
            allowed = ", ".join(str(choice) for choice in self.choices)
            raise InvalidInput(f"{self.label} must be one of {allowed} {self.unit}.")
        return value


IDLE_LOCK_MINUTES = IntSetting(
    "idle_lock_minutes", "Lock the screen after", default=10, minimum=1, maximum=240, unit="minutes"
)

GRID_MINUTES = IntSetting(
    "grid_minutes",
    "Appointment book steps of",
    default=15,
    minimum=5,
    maximum=15,
    unit="minutes",
    choices=(5, 10, 15),
)

VERIFY_WITHIN_DAYS = IntSetting(
    "verify_within_days",
    "Verify insurance within",
    default=30,
    minimum=1,
    maximum=365,
    unit="days before a visit",
)

HISTORY_WITHIN_DAYS = IntSetting(
    "history_within_days",
    "Medical history signed within",
    default=180,
    minimum=1,
    maximum=730,
    unit="days before a surgery",
)

CONSENT_WITHIN_DAYS = IntSetting(
    "consent_within_days",
    "Surgical consent signed within",
    default=30,
    minimum=1,
    maximum=365,
    unit="days before a surgery",
)

ADJUSTMENT_LIMIT_CENTS = IntSetting(
    "adjustment_limit_cents",
    "Adjustments a coordinator may post, up to",
    default=5_000,
    minimum=0,
    maximum=100_000_00,
    unit="cents",
    permission=Permission.EDIT_FEES,
)

CLAIM_FOLLOW_UP_DAYS = IntSetting(
    "claim_follow_up_days",
    "Follow up claims not paid after",
    default=30,
    minimum=7,
    maximum=180,
    unit="days",
    permission=Permission.EDIT_FEES,
)

STATEMENT_MINIMUM_CENTS = IntSetting(
    "statement_minimum_cents",
    "Send statements for balances over",
    default=500,
    minimum=0,
    maximum=100_000_00,
    unit="cents",
    permission=Permission.EDIT_FEES,
)

STATEMENT_EVERY_DAYS = IntSetting(
    "statement_every_days",
    "Send a guarantor a statement at most every",
    default=30,
    minimum=7,
    maximum=120,
    unit="days",
    permission=Permission.EDIT_FEES,
)

STATEMENT_DUE_DAYS = IntSetting(
    "statement_due_days",
    "Statements ask to be paid within",
    default=30,
    minimum=0,
    maximum=90,
    unit="days",
)

DECLARED = {
    setting.key: setting
    for setting in (
        IDLE_LOCK_MINUTES,
        GRID_MINUTES,
        VERIFY_WITHIN_DAYS,
        HISTORY_WITHIN_DAYS,
        CONSENT_WITHIN_DAYS,
        ADJUSTMENT_LIMIT_CENTS,
        CLAIM_FOLLOW_UP_DAYS,
        STATEMENT_MINIMUM_CENTS,
        STATEMENT_EVERY_DAYS,
        STATEMENT_DUE_DAYS,
    )
}


def read_setting(session: Session, setting: IntSetting) -> int:
    """The setting's value, or its default when unset or unreadable (one PC may have synced
    a value this version does not accept)."""
    row = session.scalar(select(Setting).where(Setting.key == setting.key))
    if row is None or row.deleted_at is not None:
        return setting.default
    try:
        return setting.parse(json.loads(row.value))
    except (ValueError, InvalidInput):
        return setting.default


class SettingsService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def get(self, setting: IntSetting) -> int:
        with self._ctx.db.reading() as session:
            return read_setting(session, setting)

    def set(self, setting: IntSetting, value: int) -> None:
        self._ctx.require(setting.permission)
        value = setting.parse(value)
        text = json.dumps(value)
        with self._ctx.db.writing() as session:
            row = session.scalar(select(Setting).where(Setting.key == setting.key))
            if row is None:
                session.add(Setting(key=setting.key, value=text))
            elif row.deleted_at is None and row.value == text:
                return  # saved unchanged: nothing to log or tell
            else:
                row.value = text
                row.deleted_at = None
            audit.record(
                session,
                self._ctx.actor,
                audit.Action.SETTING_CHANGED,
                f"{setting.label}: {value} {setting.unit}".strip(),
                subject_type="setting",
                subject_id=setting.key,
            )
        self._ctx.announce(Area.SETTINGS)
