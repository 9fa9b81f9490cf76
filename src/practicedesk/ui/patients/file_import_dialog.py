"""What the two import dialogs (patients from a CSV file, and moving from another system)
share: the file read off the screen's thread, the column choices cleared for a new file, the
report shown after the backup it follows and saved as text, failures in the message line, and
the preview timer stopped on close.

Each dialog builds its own widgets and says what a file that has been read starts
(`_on_read`) and which widgets a run disables (`_set_busy`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QLabel, QPlainTextEdit, QPushButton

from practicedesk.interop.csv_reading import read_file
from practicedesk.ui.errors import show_inline
from practicedesk.ui.tasks import run_task


class FileImportDialog(QDialog):
    file_name: str
    data: bytes | None
    file_label: QLabel
    columns: dict[str, QComboBox]
    report: QPlainTextEdit
    save_report: QPushButton
    message: QLabel
    _again: QTimer

    def load(self, path: Path) -> None:
        self.file_name = path.name
        self.file_label.setText(str(path))
        run_task(self, lambda: read_file(path), self._on_read, self._on_failed, database=False)

    def _on_read(self, data: bytes) -> None:
        raise NotImplementedError

    def _set_busy(self, busy: bool) -> None:
        raise NotImplementedError

    def _clear_columns(self) -> None:
        """Another file (or encoding) may have other headers: the columns are chosen afresh."""
        for box in self.columns.values():
            box.blockSignals(True)
            box.clear()
            box.setEnabled(False)
            box.blockSignals(False)

    def _show_report_text(self, backup: Path | None, text: str) -> None:
        """The backup first: restoring it is the way back from the import."""
        if backup is not None:
            text = (
                self.tr(
                    "Backed up first to {file}: restore it to go back to before the import."
                ).format(file=backup)
                + "\n"
                + text
            )
        self.report.setPlainText(text)
        self.save_report.setEnabled(True)

    def _on_save_report(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the import report"),
            str(Path.home() / f"{Path(self.file_name).stem} import report.txt"),
            self.tr("Text files (*.txt)"),
        )
        if name:
            try:
                Path(name).write_text(self.report.toPlainText() + "\n", encoding="utf-8")
            except OSError as exc:
                self.message.setText(
                    self.tr("The report could not be saved there ({why}).").format(why=exc.strerror)
                )

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        show_inline(error, self.message, self)

    def closeEvent(self, event: Any) -> None:
        self._again.stop()
        super().closeEvent(event)
