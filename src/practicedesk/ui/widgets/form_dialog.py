"""The shape of every small form dialog: an introduction, a form, a line saying what went
wrong, and OK/Cancel. OK runs the service call on a worker; a user's error stays in the
dialog (nothing typed is lost), a bug goes to the crash dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practicedesk.ui.errors import message_line, show_inline
from practicedesk.ui.tasks import run_task


class FormDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, intro: str = "") -> None:
        super().__init__(parent)
        self.setMinimumWidth(540)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(intro))
        self.form = QFormLayout()
        self.message = message_line()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)

    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def cancel_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Cancel)

    def submit(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        *,
        database: bool = True,
    ) -> None:
        self.setEnabled(False)

        def finished(result: Any) -> None:
            if on_done is not None:
                on_done(result)
            self.accept()

        run_task(self, work, finished, self._on_failed, database=database)

    def _on_failed(self, error: BaseException) -> None:
        self.setEnabled(True)
        show_inline(error, self.message, self)

    def _on_ok_clicked(self) -> None:
        raise NotImplementedError
