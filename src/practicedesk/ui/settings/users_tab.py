"""Settings → Users (owner only): add, change, turn off and on, reset, unlock."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from practicedesk.services.session import PracticeSession
from practicedesk.services.users.accounts import UserInfo
from practicedesk.ui.settings.user_dialogs import (
    AddUserDialog,
    EditUserDialog,
    TemporaryPasswordDialog,
)
from practicedesk.ui.settings.user_table_model import UserTableModel
from practicedesk.ui.tasks import run_task


class UsersTab(QWidget):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = UserTableModel()
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.table = QTableView()
        self.table.setObjectName("userTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add = QPushButton(self.tr("Add user…"))
        self.edit = QPushButton(self.tr("Change…"))
        self.reset = QPushButton(self.tr("New password…"))
        self.unlock = QPushButton(self.tr("Unlock"))
        self.toggle = QPushButton(self.tr("Turn off"))
        buttons = QHBoxLayout()
        for button in (self.add, self.edit, self.reset, self.unlock, self.toggle):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self._on_selection_changed()

    def _connect(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.doubleClicked.connect(self._on_edit_clicked)
        self.add.clicked.connect(self._on_add_clicked)
        self.edit.clicked.connect(self._on_edit_clicked)
        self.reset.clicked.connect(self._on_reset_clicked)
        self.unlock.clicked.connect(self._on_unlock_clicked)
        self.toggle.clicked.connect(self._on_toggle_clicked)

    def refresh(self) -> None:
        run_task(self, self.session.users.list, self._on_loaded)

    def _on_loaded(self, users: list[UserInfo]) -> None:
        selected = self.selected()
        self.model.set_rows(users)
        if selected is not None:
            for row, user in enumerate(users):
                if user.id == selected.id:
                    self.table.selectRow(row)
        self._on_selection_changed()

    def selected(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_object(rows[0].row()) if rows else None

    def _on_selection_changed(self) -> None:
        user = self.selected()
        me = user is not None and user.id == self.session.user.user_id
        self.edit.setEnabled(user is not None)
        self.reset.setEnabled(user is not None and user.active and not me)
        self.unlock.setEnabled(user is not None and user.locked_out)
        self.toggle.setEnabled(user is not None and not me)
        self.toggle.setText(
            self.tr("Turn on…") if user is not None and not user.active else self.tr("Turn off")
        )

    def _on_add_clicked(self) -> None:
        AddUserDialog(self.session, self).exec()

    def _on_edit_clicked(self) -> None:
        user = self.selected()
        if user is not None:
            EditUserDialog(self.session, user, self).exec()

    def _on_reset_clicked(self) -> None:
        user = self.selected()
        if user is not None:
            TemporaryPasswordDialog(self.session, user, enabling=False, parent=self).exec()

    def _on_unlock_clicked(self) -> None:
        user = self.selected()
        if user is not None:
            run_task(self, lambda: self.session.users.unlock_account(user.id))

    def _on_toggle_clicked(self) -> None:
        user = self.selected()
        if user is None:
            return
        if not user.active:
            TemporaryPasswordDialog(self.session, user, enabling=True, parent=self).exec()
            return
        answer = QMessageBox.question(
            self,
            self.tr("Turn off {username}?").format(username=user.username),
            self.tr(
                "{name} will no longer be able to sign in. Their past work stays in the records "
                "and the audit log. You can turn the account on again later."
            ).format(name=user.display_name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            run_task(self, lambda: self.session.users.disable(user.id))
