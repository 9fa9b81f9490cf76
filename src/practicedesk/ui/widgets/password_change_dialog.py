"""Changing one's own password: voluntarily from Settings, or forced after an owner's reset."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from practicedesk.services.session import PracticeSession
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.password_field import NewPasswordWidget


class PasswordChangeDialog(FormDialog):
    def __init__(
        self, session: PracticeSession, *, forced: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._forced = forced
        self.setWindowTitle(self.tr("Choose a new password"))
        self.intro.setText(
            self.tr(
                "Your password was set by the owner. Choose your own before you go on: at least "
                "15 characters; a few unrelated words are easy to remember and hard to guess."
            )
            if forced
            else self.tr(
                "At least 15 characters. A few unrelated words are easy to remember and hard "
                "to guess; no special characters are required."
            )
        )
        self.intro.show()
        self.current = QLineEdit()
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.current.setAccessibleName(self.tr("Current password"))
        self.new_password = NewPasswordWidget(session.users.password_context)
        self.form.addRow(
            self.tr("Password you were given") if forced else self.tr("Current password"),
            self.current,
        )
        self.form.addRow(self.tr("New password"), self.new_password)
        self.ok_button().setText(self.tr("Change password"))
        self.ok_button().setEnabled(False)
        if forced:
            self.cancel_button().setText(self.tr("Sign out"))
        self.new_password.sig_validity_changed.connect(self.ok_button().setEnabled)

    def _on_ok_clicked(self) -> None:
        current, new, session = self.current.text(), self.new_password.value(), self._session
        self.submit(lambda: session.change_password(current, new))

    def _on_failed(self, error: BaseException) -> None:
        super()._on_failed(error)
        self.current.selectAll()
