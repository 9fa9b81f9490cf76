"""A new-password field with live feedback: the rule is checked as the user types.

The check itself is the service's (the same rule the keystore enforces); this widget only
shows its verdict, so the UI can never accept a password the service would refuse.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from practicedesk.services.users.passwords import password_problem


class NewPasswordWidget(QWidget):
    sig_validity_changed = Signal(bool)

    def __init__(
        self, context: Callable[[], list[str]] = list, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._valid = False
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("at least 15 characters; a few words work well"))
        self.password.setAccessibleName(self.tr("New password"))
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setPlaceholderText(self.tr("the same again"))
        self.repeat.setAccessibleName(self.tr("New password again"))
        self.feedback = QLabel()
        self.feedback.setObjectName("passwordFeedback")
        self.feedback.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.password)
        layout.addWidget(self.repeat)
        layout.addWidget(self.feedback)

    def _connect(self) -> None:
        self.password.textChanged.connect(self._on_text_changed)
        self.repeat.textChanged.connect(self._on_text_changed)

    def value(self) -> str:
        return self.password.text()

    def is_valid(self) -> bool:
        return self._valid

    def _on_text_changed(self) -> None:
        text = self.password.text()
        problem = password_problem(text, self._context()) if text else None
        if not text:
            message, ok = "", False
        elif problem:
            message, ok = problem, False
        elif self.repeat.text() != text:
            message, ok = self.tr("Type the same password again below."), False
        else:
            message, ok = self.tr("Good: this password can be used."), True
        self.feedback.setText(message)
        self.feedback.setProperty("state", "ok" if ok else ("problem" if text else ""))
        self.feedback.style().unpolish(self.feedback)
        self.feedback.style().polish(self.feedback)
        if ok != self._valid:
            self._valid = ok
            self.sig_validity_changed.emit(ok)
