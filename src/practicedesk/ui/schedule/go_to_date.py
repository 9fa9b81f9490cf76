"""Ctrl+G: type a day, press Enter, and the book is there. A date box with segments took "12"
as a month and jumped to 2/4; here the text is read whole, as the patient search reads dates,
and what is not a day says so and waits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QLineEdit, QWidget

from practicedesk.domain.typed_dates import parse_day
from practicedesk.ui.widgets.form_dialog import FormDialog


class GoToDateDialog(FormDialog):
    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.chosen: date | None = None
        self.setWindowTitle(self.tr("Go to a date"))
        self.setMinimumWidth(380)
        self.typed = QLineEdit()
        self.typed.setPlaceholderText(self.tr("12/15/2026, 12/15, +7, tomorrow"))
        self.form.addRow(self.tr("Date"), self.typed)
        self.typed.textEdited.connect(lambda _text: self.message.clear())
        self.typed.setFocus()

    def _on_ok_clicked(self) -> None:
        day = parse_day(self.typed.text(), self._today())
        if day is None:
            self.message.setText(
                self.tr("That is not a date. Type it as 12/15/2026, 12/15, 2026-12-15 or +7.")
            )
            self.typed.selectAll()
            return
        self.chosen = day
        self.accept()
