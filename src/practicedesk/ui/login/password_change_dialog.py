"""Changing one's own password: voluntarily from Settings, or forced after an owner's reset."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from practicedesk.services.session import PracticeSession
from practicedesk.ui.errors import show_inline
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.password_field import NewPasswordWidget


class PasswordChangeDialog(QDialog):
    def __init__(
        self, session: PracticeSession, *, forced: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._forced = forced
        self.setWindowTitle(self.tr("Choose a new password"))
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        intro = QLabel(
            self.tr(
                "Your password was set by the owner. Choose your own before you go on: at least "
                "15 characters; a few unrelated words are easy to remember and hard to guess."
            )
            if self._forced
            else self.tr(
                "At least 15 characters. A few unrelated words are easy to remember and hard "
                "to guess; no special characters are required."
            )
        )
        intro.setWordWrap(True)
        self.current = QLineEdit()
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.current.setAccessibleName(self.tr("Current password"))
        session = self._session
        self.new_password = NewPasswordWidget(session.users.password_context)
        self.message = QLabel()
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Change password"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        if self._forced:
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Sign out"))
        form = QFormLayout()
        form.addRow(
            self.tr("Password you were given") if self._forced else self.tr("Current password"),
            self.current,
        )
        form.addRow(self.tr("New password"), self.new_password)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def _connect(self) -> None:
        self.buttons.accepted.connect(self._on_change_clicked)
        self.buttons.rejected.connect(self.reject)
        self.new_password.sig_validity_changed.connect(
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled
        )

    def _on_change_clicked(self) -> None:
        current, new = self.current.text(), self.new_password.value()
        session = self._session
        self.setEnabled(False)
        run_task(
            self,
            lambda: session.change_password(current, new),
            lambda _: self.accept(),
            self._on_failed,
        )

    def _on_failed(self, error: BaseException) -> None:
        self.setEnabled(True)
        show_inline(error, self.message, self)
