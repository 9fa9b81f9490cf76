"""Every surgery packet for a day at once — "print all of tomorrow's" — made one at a time on
the database worker while a progress bar runs, then printed or saved to a folder. The
front desk keeps working meanwhile; Stop ends it after the packet being made."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from practicedesk.atomic import write_atomically
from practicedesk.errors import InvalidInput
from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.services.session import PracticeSession
from practicedesk.ui.errors import show_inline
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.qt_dates import from_qdate, to_qdate


class PacketBatchDialog(QDialog):
    def __init__(
        self, session: PracticeSession, day: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.visits: list[AppointmentInfo] = []
        self.zone = ZoneInfo("UTC")
        self._queue: list[AppointmentInfo] = []
        self._printer: QPrinter | None = None
        self._folder: Path | None = None
        self._stopped = False
        self.done_count = 0
        self.setWindowTitle(self.tr("Surgery packets"))
        self.resize(620, 480)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd MM/dd/yyyy")
        self.day.setDate(to_qdate(day or date.today() + timedelta(days=1)))
        self.list = QListWidget()
        self.progress = QProgressBar()
        self.progress.hide()
        self.message = QLabel()
        self.message.setObjectName("fieldProblem")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_all = self.buttons.addButton(
            self.tr("Print all…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_all = self.buttons.addButton(
            self.tr("Save all as PDFs…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.stop = self.buttons.addButton(self.tr("Stop"), QDialogButtonBox.ButtonRole.ActionRole)
        self.stop.hide()
        form = QFormLayout()
        form.addRow(self.tr("Surgeries on"), self.day)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.day.dateChanged.connect(self.refresh)
        self.print_all.clicked.connect(self._on_print_all)
        self.save_all.clicked.connect(self._on_save_all)
        self.stop.clicked.connect(self._on_stop)
        self.buttons.rejected.connect(self.reject)
        self.refresh()

    def refresh(self) -> None:
        session, day = self.session, from_qdate(self.day.date())
        run_task(
            self, lambda: (session.schedule.zone(), session.forms.surgical_visits(day)), self._show
        )

    def _show(self, loaded: tuple[ZoneInfo, list[AppointmentInfo]]) -> None:
        self.zone, visits = loaded
        self.visits = visits
        self.list.clear()
        self.list.addItems(
            [
                f"{v.starts_at.astimezone():%I:%M %p}  {v.patient_name}  ({v.type_name})"
                for v in visits
            ]
        )
        if not visits:
            self.list.addItem(self.tr("No surgeries with a packet that day."))
        for button in (self.print_all, self.save_all):
            button.setEnabled(bool(visits))

    def _on_print_all(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.start(printer=printer)

    def _on_save_all(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Save the packets in"))
        if folder:
            self.start(folder=Path(folder))

    def start(self, *, printer: QPrinter | None = None, folder: Path | None = None) -> None:
        """One packet after another, each made on the worker and then printed or written."""
        self._printer, self._folder = printer, folder
        self._queue = list(self.visits)
        self._stopped = False
        self.done_count = 0
        self.progress.setRange(0, len(self._queue))
        self.progress.setValue(0)
        self.progress.show()
        self.stop.show()
        for button in (self.print_all, self.save_all):
            button.setEnabled(False)
        self._next()

    def _next(self) -> None:
        if self._stopped or not self._queue:
            self._finish()
            return
        visit = self._queue.pop(0)
        forms = self.session.forms
        making = self.tr("Making the packet for {name}…")
        self.message.setText(making.format(name=visit.patient_name))
        run_task(
            self,
            lambda: forms.packet(visit.id),
            lambda pdf: self._deliver(visit, pdf),
            self._on_failed,
        )

    def _deliver(self, visit: AppointmentInfo, pdf: bytes) -> None:
        if self._folder is not None:
            name = f"{visit.starts_at.astimezone(self.zone):%Y-%m-%d %H%M} {visit.patient_name}.pdf"
            try:
                write_atomically(self._folder / name.replace("/", "-"), pdf)
            except OSError as error:
                why = f"The packets could not be saved in {self._folder} ({error.strerror})."
                self._on_failed(InvalidInput(why))
                return
        elif self._printer is not None:
            from practicedesk.ui.widgets.pdf_preview import print_document

            data = QByteArray(pdf)
            buffer = QBuffer(data)
            buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            document = QPdfDocument()
            document.load(buffer)
            print_document(document, self._printer, self)
        self.done_count += 1
        self.progress.setValue(self.done_count)
        self._next()

    def _on_stop(self) -> None:
        self._stopped = True
        self.message.setText(self.tr("Stopping after this packet…"))

    def _finish(self) -> None:
        self.stop.hide()
        for button in (self.print_all, self.save_all):
            button.setEnabled(bool(self.visits))
        self.message.setText(
            self.tr("{n} of {total} packets done.").format(
                n=self.done_count, total=len(self.visits)
            )
        )

    def _on_failed(self, error: BaseException) -> None:
        self._queue = []
        self._finish()
        show_inline(error, self.message, self)
