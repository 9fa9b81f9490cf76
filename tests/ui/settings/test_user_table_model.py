"""The users table's model keeps Qt's item model rules (pytest-qt's model tester)."""

from __future__ import annotations

from practicedesk.services.session import PracticeSession
from practicedesk.ui.settings.user_table_model import UserTableModel


def test_the_user_table_model_follows_qt_rules(
    qtmodeltester, session_with_patients: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    users = UserTableModel()
    users.set_rows(session_with_patients.users.list())
    assert users.rowCount() == 1
    qtmodeltester.check(users)
