"""Emergency access: the owner's user name, the recovery code, and a new password at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLineEdit, QWidget

from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.password_field import NewPasswordWidget


class RecoveryDialog(FormDialog):
    def __init__(self, data_dir: Path, username: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._data_dir = data_dir
        self.session: object | None = None
        self.setWindowTitle(self.tr("Use the recovery code"))
        self.intro.setText(
            self.tr(
                "Type the owner's user name and the recovery code from the Emergency Kit, then "
                "choose a new password. This is recorded in the audit log as emergency access."
            )
        )
        self.intro.show()
        self.username = QLineEdit(username)
        self.code = QLineEdit()
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.new_password = NewPasswordWidget(lambda: [self.username.text()])
        self.form.addRow(self.tr("Owner's user name"), self.username)
        self.form.addRow(self.tr("Recovery code"), self.code)
        self.form.addRow(self.tr("New password"), self.new_password)
        self.ok_button().setText(self.tr("Open"))
        self.ok_button().setEnabled(False)
        self.new_password.sig_validity_changed.connect(self.ok_button().setEnabled)

    def _on_ok_clicked(self) -> None:
        data_dir, username = self._data_dir, self.username.text().strip()
        code, password = self.code.text(), self.new_password.value()

        def work() -> object:
            from practicedesk.api import recover_access

            return recover_access(data_dir, username, code, password)

        self.submit(work, self._on_opened, database=False)

    def _on_opened(self, session: object) -> None:
        self.session = session
