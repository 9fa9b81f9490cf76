"""A visit's printouts from the appointment book: its appointment card and its packet,
previewed, sent to the printer at once (Ctrl+P: the printer dialog, Enter prints) or saved
into the owner's printout folder without a file dialog (Ctrl+Shift+P). Rendered off the UI
thread by the services; the book only says which visit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.services.session import PracticeSession
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog, print_pdf


def _tr(text: str) -> str:
    return QCoreApplication.translate("VisitPrintouts", text)


def print_card(parent: QWidget, session: PracticeSession, visit: AppointmentInfo) -> None:
    printouts = session.printouts

    def show(pdf: bytes) -> None:
        name = f"Appointment card {visit.patient_name}.pdf"
        PdfPreviewDialog(pdf, _tr("Appointment card"), name, parent).exec()

    run_task(parent, lambda: printouts.appointment_card(visit.id), show)


def preview_packet(parent: QWidget, session: PracticeSession, visit: AppointmentInfo) -> None:
    """The packet the visit's type prints (a surgery's pre-op letter and consent)."""
    forms, folder = session.forms, session.printout_folder
    run_task(
        parent,
        lambda: forms.packet(visit.id),
        lambda pdf: PdfPreviewDialog(
            pdf,
            _tr("Packet for {name}").format(name=visit.patient_name),
            f"Packet {visit.patient_name}.pdf",
            parent,
            printouts=folder,
        ).open(),
    )


def print_packet_now(parent: QWidget, session: PracticeSession, visit: AppointmentInfo) -> None:
    """Ctrl+P: the printer dialog at once (Enter prints), no preview on the way."""
    forms = session.forms

    def ask_and_print(pdf: bytes) -> None:
        printer = ask_printer(parent)
        if printer is not None:
            print_pdf(parent, pdf, printer)

    run_task(parent, lambda: forms.packet(visit.id), ask_and_print)


def ask_printer(parent: QWidget) -> QPrinter | None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None


def save_packet(
    parent: QWidget,
    session: PracticeSession,
    visit: AppointmentInfo,
    zone: tzinfo,
    say: Callable[[str], object],
) -> None:
    """Ctrl+Shift+P: straight into the owner's printout folder when there is one, named for
    the packet, the chart and the day; otherwise the preview, to save from there."""
    forms, patients, folder = session.forms, session.patients, session.printout_folder
    day = visit.starts_at.astimezone(zone).date().isoformat()

    def save() -> str:
        if folder.folder() is None:
            return ""
        chart = patients.get(visit.patient_id).chart_label
        stem = " ".join(p for p in ("Packet", visit.type_name, chart, day) if p)
        return str(folder.save(forms.packet(visit.id), stem))

    def saved(path: str) -> None:
        if not path:
            preview_packet(parent, session, visit)
            return
        say(_tr("Saved {path}").format(path=path))

    run_task(parent, save, saved)
