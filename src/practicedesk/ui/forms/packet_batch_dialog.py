"""Every surgery packet for a day at once — "print all of tomorrow's" — made, then printed or
saved to a folder, one at a time on a worker (services/forms/packet_batch.py) under the one
progress window of ui/tasks.py; Cancel ends it after the packet being made."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from practicedesk.atomic import write_atomically
from practicedesk.errors import InvalidInput
from practicedesk.progress import Progress
from practicedesk.services.forms.packet_batch import make_packets
from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.services.session import PracticeSession
from practicedesk.ui.errors import message_line, show_inline
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.pdf_preview import paint_pages, printer_not_started
from practicedesk.ui.widgets.qt_dates import from_qdate, to_qdate


class PacketBatchDialog(QDialog):
    def __init__(
        self, session: PracticeSession, day: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.visits: list[AppointmentInfo] = []
        self.zone = ZoneInfo("UTC")
        self._done = [0]
        self.done_count = 0
        self.setWindowTitle(self.tr("Surgery packets"))
        self.resize(620, 480)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd MM/dd/yyyy")
        self.day.setDate(to_qdate(day or session.today() + timedelta(days=1)))
        self.list = QListWidget()
        self.message = message_line()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_all = self.buttons.addButton(
            self.tr("Print all…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_all = self.buttons.addButton(
            self.tr("Save all as PDFs…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        form = QFormLayout()
        form.addRow(self.tr("Surgeries on"), self.day)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.day.dateChanged.connect(self.refresh)
        self.print_all.clicked.connect(self._on_print_all)
        self.save_all.clicked.connect(self._on_save_all)
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
                f"{v.starts_at.astimezone(self.zone):%I:%M %p}  {v.patient_name}  ({v.type_name})"
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
        """Every packet made, then printed or written, one after another on a worker, under
        a progress window with Cancel; cancelled, it stops between two packets, and those
        done are whole and stay."""
        visits, forms, zone = list(self.visits), self.session.forms, self.zone
        self._done = done = [0]  # counted on the worker, read here once it has stopped
        self.done_count = 0
        for button in (self.print_all, self.save_all):
            button.setEnabled(False)
        self.message.clear()

        def deliver(visit: AppointmentInfo, pdf: bytes) -> None:
            if folder is not None:
                name = f"{visit.starts_at.astimezone(zone):%Y-%m-%d %H%M} {visit.patient_name}.pdf"
                try:
                    write_atomically(folder / name.replace("/", "-"), pdf)
                except OSError as error:
                    why = f"The packets could not be saved in {folder} ({error.strerror})."
                    raise InvalidInput(why) from error
            elif printer is not None and not paint_pages(pdf, printer):
                raise InvalidInput(printer_not_started())

        def work(progress: Progress) -> None:
            for visit, pdf in make_packets(forms, visits, progress):
                deliver(visit, pdf)
                done[0] += 1

        run_task(
            self, work, lambda _: self._finish(), self._on_failed, database=False,
            progress=self.tr("Making the packets…"), on_cancelled=self._finish,
        )  # fmt: skip

    def _finish(self) -> None:
        self.done_count = self._done[0]
        for button in (self.print_all, self.save_all):
            button.setEnabled(bool(self.visits))
        self.message.setText(
            self.tr("{n} of {total} packets done.").format(
                n=self.done_count, total=len(self.visits)
            )
        )

    def _on_failed(self, error: BaseException) -> None:
        self._finish()
        show_inline(error, self.message, self)
