"""Moving from another system: its visits, insurance, recalls or balances, after its patients.

Choose what to bring and from which system (a preset: Open Dental, or another system whose
columns are found by their names), then the file. The Columns tab shows which column holds
what; Match values pairs the old system's providers, chairs, types, statuses or recalls with
PracticeDesk's, once (the import remembers them); First rows shows the file as read, each row
with whether it would come in. Check runs the whole import without storing anything; Import
backs the practice up first (restoring that backup is how to go back), then imports, and the
report names every line not imported and why.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from practicedesk.errors import PracticeDeskError
from practicedesk.interop.csv_reading import FirstLines
from practicedesk.interop.moving.presets import PRESETS
from practicedesk.interop.text_encodings import ENCODINGS
from practicedesk.services.moving import mappings
from practicedesk.services.moving.imports import LegacyImport, MovePreview, MoveReport, describe
from practicedesk.services.moving.mappings import MoveMapping
from practicedesk.services.session import PracticeSession
from practicedesk.ui.errors import message_line
from practicedesk.ui.patients.file_import_dialog import FileImportDialog
from practicedesk.ui.patients.move_kinds import KINDS, MoveKind
from practicedesk.ui.patients.value_matching import ValueMatchWidget
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.qt_dates import from_qdate, to_qdate

_NOT_IMPORTED = "(not imported)"


class MoveDialog(FileImportDialog):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.data: bytes | None = None
        self.file_name = ""
        self.mapping = MoveMapping()
        # A preview before the kind's mapping is in would show every line refused for values
        # the mapping is about to match: the file waits for it.
        self._mapping_ready = False
        self.last_report: MoveReport | None = None
        self.columns: dict[str, QComboBox] = {}
        self.matches: dict[str, ValueMatchWidget] = {}
        self.setWindowTitle(self.tr("Move from another system"))
        self.resize(1180, 820)
        self._build_ui()
        self._connect()
        self._on_kind_changed()

    # -- building ---------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.kind = QComboBox()
        self.kind.setObjectName("moveKind")
        for kind in KINDS:
            self.kind.addItem(self.tr(kind.label), kind.name)
        self.preset = QComboBox()
        self.preset.setObjectName("movePreset")
        for preset in (PRESETS["open-dental"], PRESETS["generic"]):
            self.preset.addItem(self.tr(preset.label), preset.name)
        self.choose = QPushButton(self.tr("Choose file…"))
        self.file_label = QLabel(self.tr("No file chosen yet."))
        self.file_label.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setObjectName("moveHint")
        self.hint.setWordWrap(True)
        self.encoding = QComboBox()
        self.encoding.addItem(self.tr("Found from the file"), None)
        for encoding in ENCODINGS:
            self.encoding.addItem(f"{encoding.name} — {encoding.description}", encoding.name)
        self.day_first = QCheckBox(self.tr("Dates are written day first (31/12/2026)"))
        self.as_of = QDateEdit(to_qdate(date.today()))
        self.as_of.setCalendarPopup(True)
        self.as_of_label = QLabel(self.tr("Figures as of"))
        self.book_over = QCheckBox(self.tr("Book visits that would double-book anyway"))
        top = QFormLayout()
        what = QHBoxLayout()
        what.addWidget(self.kind)
        what.addWidget(QLabel(self.tr("from")))
        what.addWidget(self.preset)
        what.addStretch(1)
        top.addRow(self.tr("Bring in"), what)
        chosen = QHBoxLayout()
        chosen.addWidget(self.choose)
        chosen.addWidget(self.file_label, 1)
        top.addRow(self.tr("File"), chosen)
        options = QHBoxLayout()
        options.addWidget(QLabel(self.tr("Encoding")))
        options.addWidget(self.encoding)
        options.addWidget(self.day_first)
        options.addWidget(self.as_of_label)
        options.addWidget(self.as_of)
        options.addWidget(self.book_over)
        options.addStretch(1)
        top.addRow(options)
        top.addRow(self.hint)

        self.tabs = QTabWidget()
        self.column_grid = QGridLayout()
        columns = QWidget()
        columns_layout = QVBoxLayout(columns)
        columns_layout.addLayout(self.column_grid)
        mapping_buttons = QHBoxLayout()
        self.save_mapping = QPushButton(self.tr("Remember this mapping"))
        self.open_mapping = QPushButton(self.tr("Open mapping file…"))
        self.export_mapping = QPushButton(self.tr("Save mapping as file…"))
        for button in (self.save_mapping, self.open_mapping, self.export_mapping):
            mapping_buttons.addWidget(button)
        mapping_buttons.addStretch(1)
        columns_layout.addLayout(mapping_buttons)
        columns_layout.addStretch(1)
        self.tabs.addTab(columns, self.tr("Columns"))
        self.match_area = QWidget()
        self.match_layout = QVBoxLayout(self.match_area)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.match_area)
        self.tabs.addTab(scroll, self.tr("Match values"))
        rows = QWidget()
        rows_layout = QVBoxLayout(rows)
        self.read_as = QLabel(self.tr("The file's first lines, as read"))
        self.read_as.setWordWrap(True)
        self.lines = QPlainTextEdit()
        self.lines.setObjectName("moveFirstLines")
        self.lines.setReadOnly(True)
        self.lines.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.lines.setMaximumHeight(self.lines.fontMetrics().lineSpacing() * 7 + 12)
        self.preview = QTableWidget(0, 0)
        self.preview.setObjectName("movePreview")
        self.preview.verticalHeader().hide()
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        rows_layout.addWidget(self.read_as)
        rows_layout.addWidget(self.lines)
        rows_layout.addWidget(self.preview, 1)
        self.tabs.addTab(rows, self.tr("First rows"))

        self.report = QPlainTextEdit()
        self.report.setObjectName("moveReport")
        self.report.setReadOnly(True)
        self.report.setPlaceholderText(
            self.tr("Check the file first: nothing is stored until you choose Import.")
        )
        self.message = message_line()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        role = QDialogButtonBox.ButtonRole.ActionRole
        self.check = self.buttons.addButton(self.tr("Check (dry run)"), role)
        self.run = self.buttons.addButton(self.tr("Import"), role)
        self.save_report = self.buttons.addButton(self.tr("Save report…"), role)
        for button in (self.check, self.run, self.save_report):
            button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 3)
        layout.addWidget(self.report, 2)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(200)

    def _connect(self) -> None:
        self._again.timeout.connect(self._preview)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.preset.currentIndexChanged.connect(self._on_preset_changed)
        self.choose.clicked.connect(self._on_choose_clicked)
        self.encoding.currentIndexChanged.connect(self._on_options_changed)
        self.day_first.toggled.connect(self._on_options_changed)
        self.save_mapping.clicked.connect(self._on_save_mapping)
        self.open_mapping.clicked.connect(self._on_open_mapping)
        self.export_mapping.clicked.connect(self._on_export_mapping)
        self.check.clicked.connect(lambda: self._run(dry_run=True))
        self.run.clicked.connect(self._on_import_clicked)
        self.save_report.clicked.connect(self._on_save_report)
        self.buttons.rejected.connect(self.reject)

    # -- what, from where -------------------------------------------------------------------

    @property
    def chosen_kind(self) -> MoveKind:
        return KINDS[self.kind.currentIndex()]

    @property
    def service(self) -> LegacyImport:
        return getattr(self.session, self.chosen_kind.attribute)

    def _on_kind_changed(self) -> None:
        kind = self.chosen_kind
        self.as_of.setVisible(kind.as_of)
        self.as_of_label.setVisible(kind.as_of)
        self.book_over.setVisible(kind.name == "appointments")
        self._build_columns()
        self._build_matches()
        self.report.clear()
        self.last_report = None
        self.save_report.setEnabled(False)
        self._load_mapping(remembered=True)

    def _on_preset_changed(self) -> None:
        self._load_mapping(remembered=False)

    def _show_hint(self) -> None:
        kind, preset = self.chosen_kind, self.preset.currentData()
        self.hint.setText(self.tr(kind.hints[preset]))

    def _load_mapping(self, *, remembered: bool) -> None:
        """The remembered mapping when one is (a kind chosen), else the preset's."""
        service, preset = self.service, self.preset.currentData()

        def start() -> MoveMapping:
            saved = service.starting_mapping(None)
            if remembered and (saved.columns or saved.values):
                return saved
            return service.starting_mapping(preset)

        self._show_hint()
        self._mapping_ready = False
        run_task(self, start, self._on_mapping_loaded, self._on_failed)

    def _on_mapping_loaded(self, mapping: MoveMapping) -> None:
        self.mapping = mapping
        self._mapping_ready = True
        self.day_first.blockSignals(True)
        self.day_first.setChecked(mapping.day_first)
        self.day_first.blockSignals(False)
        if self.data is not None:
            self._preview()

    def _build_columns(self) -> None:
        _empty(self.column_grid)
        self.columns.clear()
        for index, field in enumerate(self.service.fields.fields):
            box = QComboBox()
            box.setObjectName(f"column_{field.name}")
            box.setEnabled(False)
            self.columns[field.name] = box
            label = field.label.removeprefix("the ")
            row, column = index // 3, (index % 3) * 2
            self.column_grid.addWidget(QLabel(label[:1].upper() + label[1:]), row, column)
            self.column_grid.addWidget(box, row, column + 1)

    def _build_matches(self) -> None:
        _empty(self.match_layout)
        self.matches.clear()
        kind = self.chosen_kind
        if not kind.matched:
            self.match_layout.addWidget(QLabel(self.tr("Nothing to match for this import.")))
        for what, title, may_be_none in kind.matched:
            self.match_layout.addWidget(QLabel(f"<b>{self.tr(title)}</b>"))
            table = ValueMatchWidget(may_be_none=may_be_none)
            table.setObjectName(f"match_{what}")
            table.setMinimumHeight(160)
            table.sig_match_changed.connect(self._on_match_changed)
            self.match_layout.addWidget(table)
            self.matches[what] = table
        self.match_layout.addStretch(1)

    # -- the file ---------------------------------------------------------------------------

    def _on_choose_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the export"), str(Path.home()),
            self.tr("CSV and text files (*.csv *.txt *.tsv);;All files (*)"),
        )  # fmt: skip
        if name:
            self.load(Path(name))

    def _on_read(self, data: bytes) -> None:
        self.data = data
        self._clear_columns()
        self._preview()

    def _on_options_changed(self) -> None:
        self.mapping = MoveMapping(
            self.mapping.columns, self.mapping.values, self.day_first.isChecked()
        )
        if self.data is not None:
            self._again.start()

    def _on_column_changed(self) -> None:
        columns = {
            name: (None if box.currentText() == _NOT_IMPORTED else box.currentText())
            for name, box in self.columns.items()
        }
        self.mapping = MoveMapping(columns, self.mapping.values, self.mapping.day_first)
        self._again.start()

    def _on_match_changed(self) -> None:
        mapping = self.mapping
        for what, table in self.matches.items():
            mapping = MoveMapping(
                mapping.columns, {**mapping.values, what: table.chosen()}, mapping.day_first
            )
        self.mapping = mapping
        self._again.start()

    def _preview(self) -> None:
        if self.data is None or not self._mapping_ready:
            return
        data, mapping, service = self.data, self.mapping, self.service
        encoding = self.encoding.currentData()

        def look() -> tuple[FirstLines, MovePreview | PracticeDeskError]:
            start = service.first_lines(data, encoding=encoding)
            try:
                return start, service.preview(data, mapping, encoding=encoding)
            except PracticeDeskError as error:
                return start, error

        run_task(self, look, self._show_preview, self._on_failed)

    def _show_preview(self, looked: tuple[FirstLines, MovePreview | PracticeDeskError]) -> None:
        start, preview = looked
        self.read_as.setText(
            self.tr(
                "The file's first lines, read as {encoding}. If letters look garbled, choose "
                "the encoding the file was saved in."
            ).format(encoding=start.encoding)
        )
        self.lines.setPlainText("\n".join(start.lines))
        if isinstance(preview, PracticeDeskError):
            self.preview.setRowCount(0)
            self.preview.setColumnCount(0)  # the last file's columns would mislead
            self.check.setEnabled(False)
            self.run.setEnabled(False)
            self._on_failed(preview)
            return
        self.message.clear()
        chosen = preview.mapping.as_dict()
        for name, box in self.columns.items():
            box.blockSignals(True)
            if not box.isEnabled():
                box.addItems([_NOT_IMPORTED, *preview.mapping.headers])
                box.setEnabled(True)
                box.currentIndexChanged.connect(self._on_column_changed)
            box.setCurrentText(chosen.get(name, _NOT_IMPORTED))
            box.blockSignals(False)
        for what, table in self.matches.items():
            table.blockSignals(True)
            table.set_values(
                preview.found.get(what, ()), preview.choices.get(what, ()),
                self.mapping.value_map(what),
            )  # fmt: skip
            table.blockSignals(False)
        shown = [f for f in self.service.fields.fields if f.name in chosen]
        self.preview.setColumnCount(len(shown) + 2)
        self.preview.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Would it come in?")] + [chosen[f.name] for f in shown]
        )
        self.preview.setRowCount(len(preview.rows))
        for row, result in enumerate(preview.rows):
            cells = [str(result.line), result.verdict]
            cells += [result.values.get(f.name, "") for f in shown]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.preview.setItem(row, column, item)
        self.preview.resizeColumnsToContents()
        self.preview.setColumnWidth(1, min(self.preview.columnWidth(1), 420))
        self.check.setEnabled(True)
        self.run.setEnabled(True)

    # -- the mapping as a file, and remembered ----------------------------------------------

    def _on_save_mapping(self) -> None:
        service, mapping = self.service, self.mapping
        run_task(
            self, lambda: service.save_mapping(mapping),
            lambda _: self.message.setText(self.tr("The mapping is remembered for next time.")),
            self._on_failed,
        )  # fmt: skip

    def _on_open_mapping(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a mapping file"), str(Path.home()),
            self.tr("Mapping files (*.json);;All files (*)"),
        )  # fmt: skip
        if not name:
            return
        try:
            loaded = mappings.load_file(
                Path(name).read_bytes(), self.service.fields, self.service.matched
            )
        except OSError as exc:
            self.message.setText(str(exc.strerror))
            return
        except PracticeDeskError as error:
            self._on_failed(error)
            return
        self._on_mapping_loaded(loaded)

    def _on_export_mapping(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the mapping"),
            str(Path.home() / f"{self.chosen_kind.name} mapping.json"),
            self.tr("Mapping files (*.json)"),
        )  # fmt: skip
        if name:
            try:
                Path(name).write_text(self.mapping.to_json() + "\n", encoding="utf-8")
            except OSError as exc:
                self.message.setText(
                    self.tr("The mapping could not be saved there ({why}).").format(
                        why=exc.strerror
                    )
                )

    # -- checking and importing -------------------------------------------------------------

    def _on_import_clicked(self) -> None:
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            self.tr(
                "Import the {what} from {name}? The practice is backed up first; rows with "
                "problems are left out and listed."
            ).format(what=self.tr(self.chosen_kind.things), name=self.file_name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run(dry_run=False)

    def _run(self, *, dry_run: bool) -> None:
        if self.data is None:
            return
        data, mapping, name = self.data, self.mapping, self.file_name
        service: Any = self.service  # each kind's run takes its own options
        kind, encoding = self.chosen_kind, self.encoding.currentData()
        options: dict[str, Any] = {}
        if kind.as_of:
            options["as_of"] = from_qdate(self.as_of.date())
        if kind.name == "appointments":
            options["book_over_conflicts"] = self.book_over.isChecked()
        backups = self.session.backup_schedule

        def work(progress: Any) -> tuple[Path | None, MoveReport]:
            backup = None
            if not dry_run:
                service.preview(data, mapping, encoding=encoding, rows=1)
                backup = backups.before_import(f"{kind.name} from {name}", progress)
            report = service.run(
                data, mapping, dry_run=dry_run, file_name=name, encoding=encoding,
                progress=progress, **options,
            )  # fmt: skip
            return backup, report

        self._set_busy(True)
        doing = (
            self.tr("Checking every row…") if dry_run else self.tr("Backing up, then importing…")
        )
        self.report.setPlainText(doing)
        run_task(self, work, self._show_report, self._on_failed, progress=doing,
                 on_cancelled=self._on_cancelled)  # fmt: skip

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.kind, self.preset, self.choose, self.encoding, self.tabs, self.buttons):
            widget.setEnabled(not busy)

    def _on_cancelled(self) -> None:
        self._set_busy(False)
        self.report.setPlainText(self.tr("Cancelled: nothing was imported."))

    def _show_report(self, result: tuple[Path | None, MoveReport]) -> None:
        backup, report = result
        self._set_busy(False)
        self.last_report = report
        self._show_report_text(backup, "\n".join(describe(report)))
        if not report.dry_run:
            self.run.setEnabled(False)  # done; running again would change nothing


def _empty(layout: QGridLayout | QVBoxLayout) -> None:
    """Take every widget out of `layout` (another kind of import has other fields)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()
