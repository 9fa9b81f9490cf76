"""Where a coordinator asks the owner: the owner's user name and password, typed at the desk.

Write-offs, refunds, corrections of them, and adjustments above the owner's limit are the
owner's to allow (services/money/desk.py checks it and names the owner in the audit log).
Rather than refuse the coordinator, the dialog shows this box and the owner steps over.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from practicedesk.services.money.desk import OwnerApproval


class OwnerApprovalWidget(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("The owner's approval"))
        self.setObjectName("ownerApproval")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("the owner's user name"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("the owner's password"))
        form = QFormLayout(self)
        form.addRow(self.note)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        self._asked = False
        self.hide()

    @property
    def asked(self) -> bool:
        return self._asked

    def ask(self, why: str = "") -> None:
        """Show the box, saying why the owner is needed, and put the cursor in it."""
        self._asked = True
        self.note.setText(
            why
            or self.tr(
                "Only the owner may post this. Ask the owner to type their user name and "
                "password here; the audit log names them."
            )
        )
        self.show()
        (self.password if self.username.text() else self.username).setFocus()

    def withdraw(self) -> None:
        """Not needed after all (the amount was lowered): hide it and forget what was typed."""
        self._asked = False
        self.password.clear()
        self.hide()

    def approval(self) -> OwnerApproval | None:
        if not self._asked:
            return None
        return OwnerApproval(self.username.text().strip(), self.password.text())
