"""The practice's users as a table for the owner's Users tab."""

from __future__ import annotations

from typing import Any

from practicedesk.services.users.accounts import UserInfo
from practicedesk.ui.widgets.rows_table_model import RowsTableModel


class UserTableModel(RowsTableModel[UserInfo]):
    def headers(self) -> list[str]:
        return [self.tr("User name"), self.tr("Name"), self.tr("Role"), self.tr("Status")]

    def cell(self, user: UserInfo, column: int) -> Any:
        return (user.username, user.display_name, user.role.label, self.status(user))[column]

    def status(self, user: UserInfo) -> str:
        if not user.active:
            return self.tr("Turned off")
        if user.locked_out:
            return self.tr("Locked after failed sign-ins")
        if user.must_change_password:
            return self.tr("Must choose a password")
        return self.tr("Active")
