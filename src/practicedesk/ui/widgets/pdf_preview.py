"""Previewing a PDF inside the program, printing it, or saving it: never through a temporary
file, which would leave patient data on disk. Where the owner chose a printout folder for
this PC (Settings → Practice), "Save in printouts" puts it there without a file dialog.

Qt cannot send a PDF to a printer as vectors, so each page is rendered (at the printer's
resolution, capped at 300 dpi) with QtPdf and painted onto the printer: seconds for a packet,
so on a worker (Qt paints onto a QPrinter from any thread), with progress and Cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from practicedesk.progress import NO_PROGRESS, Cancelled, Progress
from practicedesk.ui.errors import show_done, show_inline
from practicedesk.ui.tasks import run_task

if TYPE_CHECKING:
    from practicedesk.services.practice.printout_folder import PrintoutFolderService


class PdfPreviewDialog(QDialog):
    sig_delivered = Signal()  # printed or saved: what was on screen left the program

    def __init__(
        self,
        pdf: bytes,
        title: str,
        suggested_name: str,
        parent: QWidget | None = None,
        *,
        printouts: PrintoutFolderService | None = None,
    ) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.suggested_name = suggested_name
        self.printouts = printouts
        self.setWindowTitle(title)
        self.resize(820, 900)
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = buttons.addButton(
            self.tr("Print…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button = buttons.addButton(
            self.tr("Save as PDF…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_here = buttons.addButton(
            self.tr("Save in printouts"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_here.setVisible(False)  # until this PC's printout folder is known
        self.saved = QLabel()
        self.saved.setObjectName("pageNote")
        self.saved.setWordWrap(True)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.save_here.clicked.connect(self._on_save_here_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.saved)
        layout.addWidget(buttons)
        if printouts is not None:
            run_task(self, printouts.folder, self._on_folder_known)

    def page_count(self) -> int:
        return self.document.pageCount()

    def save_to(self, path: Path) -> None:
        path.write_bytes(self.pdf)

    def _on_save_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save as PDF"),
            str(Path.home() / self.suggested_name),
            self.tr("PDF files (*.pdf)"),
        )
        if not name:
            return
        try:
            self.save_to(Path(name))
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.windowTitle(),
                self.tr("It could not be saved there ({why}).").format(why=exc.strerror),
            )
            return
        self.sig_delivered.emit()

    def _on_folder_known(self, folder: Path | None) -> None:
        if folder is not None:
            self.save_here.setToolTip(
                self.tr("Saves into {folder} without asking").format(folder=folder)
            )
            self.save_here.setVisible(True)

    def _on_save_here_clicked(self) -> None:
        if self.printouts is None:
            return
        printouts, pdf = self.printouts, self.pdf
        stem = self.suggested_name.removesuffix(".pdf")
        self.save_here.setEnabled(False)

        def saved(path: Path) -> None:
            self.save_here.setEnabled(True)
            show_done(self.saved, self.tr("Saved {path}").format(path=path))
            self.sig_delivered.emit()

        def failed(error: BaseException) -> None:
            self.save_here.setEnabled(True)
            show_inline(error, self.saved, self)

        run_task(self, lambda: printouts.save(pdf, stem), saved, failed)

    def _on_print_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        print_pdf(self, self.pdf, printer, self.sig_delivered.emit)


def print_pdf(
    parent: QWidget, pdf: bytes, printer: QPrinter, on_printed: Callable[[], object] | None = None
) -> None:
    """Print on a worker, with progress and Cancel; a printer that does not start is said.
    `on_printed` follows a print that ran to its end (not a cancelled one)."""

    def printed(started: bool) -> None:
        if not started:
            QMessageBox.warning(parent, parent.windowTitle(), printer_not_started())
        elif on_printed is not None:
            on_printed()

    printing = QCoreApplication.translate("PdfPreview", "Printing…")
    run_task(
        parent,
        lambda progress: paint_pages(pdf, printer, progress),
        printed,
        database=False,
        progress=printing,
    )


def printer_not_started() -> str:
    return QCoreApplication.translate(
        "PdfPreview",
        "The printer did not start. Check that it is on and connected, then try again.",
    )


def paint_pages(pdf: bytes, printer: QPrinter, progress: Progress = NO_PROGRESS) -> bool:
    """Paint every page of `pdf` onto the printer, each scaled to fit; False if the printer
    would not start. For any thread: the document is opened and dropped here, on the thread
    that reads it. Cancelled, the print job is aborted rather than ended, so the printer does
    not print half a document, and printing to a file leaves no half file."""
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    try:
        return _paint(document, printer, progress)
    except Cancelled:
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
            Path(printer.outputFileName()).unlink(missing_ok=True)
        raise
    finally:
        document.close()  # before the buffer it reads from goes
        del document


def _paint(document: QPdfDocument, printer: QPrinter, progress: Progress) -> bool:
    count = document.pageCount()
    dpi = min(printer.resolution(), 300)
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for page in range(count):
            text = QCoreApplication.translate("PdfPreview", "Printing page {page} of {count}…")
            progress.report(page, count, text.format(page=page + 1, count=count))
            if progress.cancelled:
                printer.abort()
                raise Cancelled()
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            image = document.render(
                page, QSize(int(points.width() / 72 * dpi), int(points.height() / 72 * dpi))
            )
            area = painter.viewport()
            fitted = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.topLeft(), fitted), image)
    finally:
        painter.end()
    return True
