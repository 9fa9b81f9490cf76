"""Emergency access: the owner's user name, the recovery code, and a new password at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from practicedesk.ui.errors import show_inline
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.password_field import NewPasswordWidget


class RecoveryDialog(QDialog):
    def __init__(self, data_dir: Path, username: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._data_dir = data_dir
        self.session: object | None = None
        self.setWindowTitle(self.tr("Use the recovery code"))
        self._build_ui(username)
        self._connect()

    def _build_ui(self, username: str) -> None:
        intro = QLabel(
            self.tr(
                "Type the owner's user name and the recovery code from the Emergency Kit, then "
                "choose a new password. This is recorded in the audit log as emergency access."
            )
        )
        intro.setWordWrap(True)
        self.username = QLineEdit(username)
        self.code = QLineEdit()
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.new_password = NewPasswordWidget(lambda: [self.username.text()])
        self.message = QLabel()
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Open"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        form = QFormLayout()
        form.addRow(self.tr("Owner's user name"), self.username)
        form.addRow(self.tr("Recovery code"), self.code)
        form.addRow(self.tr("New password"), self.new_password)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def _connect(self) -> None:
        self.buttons.accepted.connect(self._on_open_clicked)
        self.buttons.rejected.connect(self.reject)
        self.new_password.sig_validity_changed.connect(
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled
        )

    def _on_open_clicked(self) -> None:
        username, code, password = (
            self.username.text().strip(),
            self.code.text(),
            self.new_password.value(),
        )
        data_dir = self._data_dir
        self.setEnabled(False)

        def work() -> object:
            from practicedesk.api import recover_access

            return recover_access(data_dir, username, code, password)

        run_task(self, work, self._on_opened, self._on_failed, database=False)

    def _on_opened(self, session: object) -> None:
        self.session = session
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self.setEnabled(True)
        show_inline(error, self.message, self)
