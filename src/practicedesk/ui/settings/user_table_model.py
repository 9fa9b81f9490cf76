"""The practice's users as a table for the owner's Users tab."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from practicedesk.services.users import UserInfo

Index = QModelIndex | QPersistentModelIndex


class UserTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._users: list[UserInfo] = []
        self._headers = [self.tr("User name"), self.tr("Name"), self.tr("Role"), self.tr("Status")]

    def set_users(self, users: list[UserInfo]) -> None:
        self.beginResetModel()
        self._users = list(users)
        self.endResetModel()

    def user(self, row: int) -> UserInfo:
        return self._users[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._users)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        user = self._users[index.row()]
        return (user.username, user.display_name, user.role.label, self.status(user))[
            index.column()
        ]

    def status(self, user: UserInfo) -> str:
        if not user.active:
            return self.tr("Turned off")
        if user.locked_out:
            return self.tr("Locked after failed sign-ins")
        if user.must_change_password:
            return self.tr("Must choose a password")
        return self.tr("Active")

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None
