"""Settings → My account: who is signed in, and changing one's own password."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from practicedesk.services.session import PracticeSession


class AccountTab(QWidget):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        user = session.user
        self.change_password = QPushButton(self.tr("Change my password…"))
        self.message = QLabel()
        form = QFormLayout()
        form.addRow(self.tr("Name"), QLabel(user.display_name))
        form.addRow(self.tr("User name"), QLabel(user.username))
        form.addRow(self.tr("Role"), QLabel(user.role.label))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.change_password)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.change_password.clicked.connect(self._on_change_password_clicked)

    def _on_change_password_clicked(self) -> None:
        from practicedesk.ui.widgets.password_change_dialog import PasswordChangeDialog

        if PasswordChangeDialog(self.session, parent=self).exec():
            self.message.setText(self.tr("Your password was changed."))
