"""Importing patients from another system's CSV export: pick the file, check which column is
which against a preview of the first rows, run a check (nothing stored), then import. The
report lists every row left out and why, so the office can fix the file and run it again;
rows already imported are skipped, so a second run adds nobody twice.

The file's first lines are shown as decoded, with the encoding used, above the rows (even
when its columns cannot be made out): a file whose encoding was guessed wrong shows garbled
names there, before anything is imported, and the person picks the right one from the list."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from practicedesk.errors import PracticeDeskError
from practicedesk.interop.csv_fields import FIELDS
from practicedesk.interop.csv_import import CsvPreview
from practicedesk.interop.csv_reading import FirstLines
from practicedesk.interop.text_encodings import ENCODINGS
from practicedesk.progress import Progress
from practicedesk.services.patients.importing import ImportReport
from practicedesk.services.session import PracticeSession
from practicedesk.ui.errors import message_line
from practicedesk.ui.patients.file_import_dialog import FileImportDialog
from practicedesk.ui.tasks import run_task

_NOT_IMPORTED = "(not imported)"


def describe(report: ImportReport) -> str:
    """The report in words, as the office would read it aloud or keep it."""
    verb = "would be added" if report.dry_run else "added"
    lines = [
        f"{report.file_name} ({report.encoding}, {report.delimiter}-separated)",
        f"{report.added} patients {verb}",
        f"{report.skipped} already in the practice (skipped)",
        *([f"{report.linked} of them given the old system's id"] if report.linked else []),
        f"{len(report.possible_duplicates)} possible duplicates (not added)",
        f"{len(report.rejected)} rows rejected",
        f"{len(report.warnings)} {verb} with a phone or e-mail to check",
    ]
    if report.rejected:
        lines += ["", "Rejected rows:"]
        lines += [f"  line {r.line}: {' '.join(r.reasons)}" for r in report.rejected]
    if report.warnings:
        lines += ["", "Added with a value to check (a task on each chart says which):"]
        lines += [f"  line {w.line}: {w.name}. {' '.join(w.reasons)}" for w in report.warnings]
    if report.possible_duplicates:
        lines += ["", "Possible duplicates (add them by hand if they are someone new):"]
        lines += [f"  line {d.line}: {d.name}. {d.reason}" for d in report.possible_duplicates]
    return "\n".join(lines)


class ImportPatientsDialog(FileImportDialog):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.data: bytes | None = None
        self.file_name = ""
        self.setWindowTitle(self.tr("Import patients from a CSV file"))
        self.resize(1100, 760)
        self.choose = QPushButton(self.tr("Choose file…"))
        self.file_label = QLabel(self.tr("No file chosen yet."))
        self.file_label.setWordWrap(True)
        self.day_first = QCheckBox(self.tr("Dates are written day first (31/12/1980)"))
        self.encoding = QComboBox()
        self.encoding.setObjectName("importEncoding")
        self.encoding.addItem(self.tr("Found from the file"), None)
        for encoding in ENCODINGS:
            self.encoding.addItem(f"{encoding.name} — {encoding.description}", encoding.name)
        top = QHBoxLayout()
        top.addWidget(self.choose)
        top.addWidget(self.file_label, 1)
        top.addWidget(QLabel(self.tr("Encoding")))
        top.addWidget(self.encoding)
        top.addWidget(self.day_first)
        self.columns: dict[str, QComboBox] = {}
        grid = QGridLayout()
        for index, field in enumerate(FIELDS):
            box = QComboBox()
            box.setObjectName(f"column_{field.name}")
            box.setEnabled(False)
            self.columns[field.name] = box
            label = field.label.removeprefix("the ")
            grid.addWidget(QLabel(label[:1].upper() + label[1:]), index // 4, (index % 4) * 2)
            grid.addWidget(box, index // 4, (index % 4) * 2 + 1)
        mapping = QGroupBox(self.tr("Which column holds what"))
        mapping.setLayout(grid)
        self._mapping = mapping
        self.preview = QTableWidget(0, 0)
        self.preview.setObjectName("importPreview")
        self.preview.verticalHeader().hide()
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.report = QPlainTextEdit()
        self.report.setObjectName("importReport")
        self.report.setReadOnly(True)
        self.report.setPlaceholderText(
            self.tr("Check the file first: nothing is stored until you choose Import.")
        )
        self.message = message_line()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.check = self.buttons.addButton(
            self.tr("Check (dry run)"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.run = self.buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_report = self.buttons.addButton(
            self.tr("Save report…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        for button in (self.check, self.run, self.save_report):
            button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(mapping)
        self.read_as = QLabel(self.tr("The file's first lines, as read"))
        self.read_as.setObjectName("importReadAs")
        self.read_as.setWordWrap(True)
        self.lines = QPlainTextEdit()
        self.lines.setObjectName("importFirstLines")
        self.lines.setReadOnly(True)
        self.lines.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.lines.setMaximumHeight(self.lines.fontMetrics().lineSpacing() * 7 + 12)
        layout.addWidget(self.read_as)
        layout.addWidget(self.lines)
        layout.addWidget(QLabel(self.tr("The first rows, as they would be imported")))
        layout.addWidget(self.preview, 3)
        layout.addWidget(self.report, 2)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(150)
        self._again.timeout.connect(self._preview)
        self.choose.clicked.connect(self._on_choose_clicked)
        self.day_first.toggled.connect(self._again.start)
        self.encoding.currentIndexChanged.connect(self._on_encoding_changed)
        self.check.clicked.connect(lambda: self._run(dry_run=True))
        self.run.clicked.connect(self._on_import_clicked)
        self.save_report.clicked.connect(self._on_save_report)
        self.buttons.rejected.connect(self.reject)

    # -- the file and its columns -------------------------------------------------------------

    def _on_choose_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the CSV file"),
            str(Path.home()),
            self.tr("CSV files (*.csv *.txt);;All files (*)"),
        )
        if name:
            self.load(Path(name))

    def _on_read(self, data: bytes) -> None:
        self.data = data
        self._start_over()

    def _on_encoding_changed(self) -> None:
        """Another encoding may read other header names: the columns are guessed afresh."""
        if self.data is not None:
            self._start_over()

    def _start_over(self) -> None:
        self._clear_columns()
        self._preview(first=True)

    def mapping(self) -> dict[str, str | None] | None:
        if not all(box.isEnabled() for box in self.columns.values()):
            return None  # first look: let the header names decide
        return {
            name: (None if box.currentText() == _NOT_IMPORTED else box.currentText())
            for name, box in self.columns.items()
        }

    def _preview(self, first: bool = False) -> None:
        if self.data is None:
            return
        data, mapping, day_first = self.data, None if first else self.mapping(), self.day_first
        service, encoding = self.session.patient_import, self.encoding.currentData()

        def look() -> tuple[FirstLines, CsvPreview | PracticeDeskError]:
            """The lines as read are shown even when the columns cannot be matched: garbled
            headers are often what a wrong encoding looks like."""
            start = service.first_lines(data, encoding=encoding)
            try:
                return start, service.preview(
                    data, mapping, day_first=day_first.isChecked(), encoding=encoding
                )
            except PracticeDeskError as error:
                return start, error

        run_task(self, look, self._show_preview, self._on_preview_failed)

    def _on_preview_failed(self, error: BaseException) -> None:
        """Rows read another way must not stay on show (nor be imported) under a refusal."""
        self.lines.clear()
        self.read_as.setText(self.tr("The file's first lines, as read"))
        self._clear_rows()
        self._on_failed(error)

    def _clear_rows(self) -> None:
        self.preview.setRowCount(0)
        self.check.setEnabled(False)
        self.run.setEnabled(False)

    def _show_preview(self, looked: tuple[FirstLines, CsvPreview | PracticeDeskError]) -> None:
        start, preview = looked
        how = (
            self.tr("found from the file")
            if self.encoding.currentData() is None
            else self.tr("as chosen")
        )
        self.read_as.setText(
            self.tr(
                "The file's first lines, read as {encoding} ({how}). If letters look garbled, "
                "choose the encoding the file was saved in."
            ).format(encoding=start.encoding, how=how)
        )
        self.lines.setPlainText("\n".join(start.lines))
        if isinstance(preview, PracticeDeskError):
            self._clear_rows()
            self._on_failed(preview)
            return
        self.message.clear()
        chosen = preview.mapping.as_dict()
        for name, box in self.columns.items():
            box.blockSignals(True)
            if not box.isEnabled():
                box.addItems([_NOT_IMPORTED, *preview.mapping.headers])
                box.setEnabled(True)
                box.currentIndexChanged.connect(self._again.start)
            box.setCurrentText(chosen.get(name, _NOT_IMPORTED))
            box.blockSignals(False)
        shown = [f for f in FIELDS if f.name in chosen]
        self.preview.setColumnCount(len(shown) + 2)
        self.preview.setHorizontalHeaderLabels(
            [self.tr("Line")] + [chosen[f.name] for f in shown] + [self.tr("Problems")]
        )
        self.preview.setRowCount(len(preview.rows))
        for row, result in enumerate(preview.rows):
            cells = [str(result.line)] + [result.values.get(f.name, "") for f in shown]
            checks = " ".join(result.warnings)
            cells.append(
                " ".join(result.problems) or (f"ok; to check: {checks}" if checks else "ok")
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.preview.setItem(row, column, item)
        self.preview.resizeColumnsToContents()
        self.check.setEnabled(True)
        self.run.setEnabled(True)

    # -- checking and importing ---------------------------------------------------------------

    def _on_import_clicked(self) -> None:
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            self.tr(
                "Add the new patients from {name} to the practice? Rows with problems and "
                "possible duplicates are left out and listed."
            ).format(name=self.file_name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run(dry_run=False)

    def _run(self, *, dry_run: bool) -> None:
        if self.data is None:
            return
        data, mapping, day_first = self.data, self.mapping(), self.day_first.isChecked()
        service, name = self.session.patient_import, self.file_name
        encoding = self.encoding.currentData()
        backups = self.session.backup_schedule
        self._set_busy(True)
        doing = (
            self.tr("Checking every row…") if dry_run else self.tr("Backing up, then importing…")
        )
        self.report.setPlainText(doing)

        def work(progress: Progress) -> tuple[Path | None, ImportReport]:
            """A real import backs the practice up first: restoring it is the way back."""
            backup = None if dry_run else backups.before_import(f"patients from {name}", progress)
            report = service.run(
                data, mapping, dry_run=dry_run, day_first=day_first, file_name=name,
                encoding=encoding, progress=progress,
            )  # fmt: skip
            return backup, report

        run_task(
            self,
            work,
            self._show_report,
            self._on_failed,
            progress=doing,
            on_cancelled=self._on_cancelled,
        )

    def _set_busy(self, busy: bool) -> None:
        """Not the whole dialog: the progress window with its Cancel is a child of it."""
        for widget in (self.choose, self.encoding, self.day_first, self._mapping, self.buttons):
            widget.setEnabled(not busy)

    def _on_cancelled(self) -> None:
        self._set_busy(False)
        self.report.setPlainText(self.tr("Cancelled: no patient was added."))

    def _show_report(self, result: tuple[Path | None, ImportReport]) -> None:
        backup, report = result
        self._set_busy(False)
        self.last_report = report
        self._show_report_text(backup, describe(report))
        if not report.dry_run:
            self.run.setEnabled(False)  # done; running again would add nothing anyway
