"""What the window shows while locked: no patient data, only a way back in or out."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from practicedesk.ui.widgets.card import build_card, message_label


class LockScreenWidget(QWidget):
    sig_unlock_requested = Signal(str)  # the password typed
    sig_sign_out_requested = Signal()

    def __init__(self, display_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._build_ui(display_name)
        self._connect()

    def _build_ui(self, display_name: str) -> None:
        who = QLabel(
            self.tr("{name} is signed in. Type the password to go on.").format(name=display_name)
        )
        who.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.message = message_label()
        self.unlock = QPushButton(self.tr("Unlock"))
        self.unlock.setDefault(True)
        self.sign_out = QPushButton(self.tr("Sign out"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_out)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock)
        body = build_card(self, self.tr("PracticeDesk is locked"), min_width=440)
        body.addWidget(who)
        body.addSpacing(12)
        body.addWidget(self.password)
        body.addWidget(self.message)
        body.addLayout(buttons)

    def _connect(self) -> None:
        self.unlock.clicked.connect(self._on_unlock_clicked)
        self.password.returnPressed.connect(self._on_unlock_clicked)
        self.sign_out.clicked.connect(self.sig_sign_out_requested)

    def reset(self) -> None:
        self.password.clear()
        self.message.clear()
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        for widget in (self.password, self.unlock, self.sign_out):
            widget.setEnabled(not busy)
        if not busy:
            self.password.setFocus()

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _on_unlock_clicked(self) -> None:
        if self.password.text():
            self.sig_unlock_requested.emit(self.password.text())
