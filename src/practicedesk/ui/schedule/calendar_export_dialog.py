"""Exporting a provider's schedule as an iCalendar file, initials only unless asked."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QFileDialog, QWidget

from practicedesk.services.practice.staff import ProviderInfo
from practicedesk.services.session import PracticeSession
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.qt_dates import from_qdate, to_qdate


class CalendarExportDialog(FormDialog):
    def __init__(
        self,
        session: PracticeSession,
        providers: list[ProviderInfo],
        start: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.saved_to: Path | None = None
        self.setWindowTitle(self.tr("Export a schedule"))
        self.intro.setText(
            self.tr(
                "A calendar file (.ics) for a phone or another calendar program. It holds the "
                "patients' initials and the visit type only, unless you tick full names."
            )
        )
        self.intro.show()
        self.provider = QComboBox()
        for provider in providers:
            self.provider.addItem(provider.name, provider.id)
        self.first = QDateEdit(to_qdate(start))
        self.last = QDateEdit(to_qdate(start + timedelta(weeks=4)))
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
        self.full_names = QCheckBox(self.tr("Include full names (the file is not encrypted)"))
        self.form.addRow(self.tr("Provider"), self.provider)
        self.form.addRow(self.tr("From"), self.first)
        self.form.addRow(self.tr("To"), self.last)
        self.form.addRow(self.full_names)
        self.ok_button().setText(self.tr("Export…"))

    def _on_ok_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export a schedule"),
            str(Path.home() / f"{self.provider.currentText()}.ics"),
            self.tr("Calendar files (*.ics)"),
        )
        if not name:
            return
        target = Path(name)
        printouts, provider_id = self.session.printouts, self.provider.currentData()
        first, last, full = (
            from_qdate(self.first.date()),
            from_qdate(self.last.date()),
            self.full_names.isChecked(),
        )

        def work() -> Path:
            target.write_bytes(printouts.calendar_file(provider_id, first, last, full_names=full))
            return target

        self.submit(work, self._on_saved)

    def _on_saved(self, path: Path) -> None:
        self.saved_to = path
