"""Previewing a PDF inside the program, printing it, or saving it: never through a temporary
file, which would leave patient data on disk.

Qt cannot send a PDF to a printer as vectors, so each page is rendered (at the printer's
resolution, capped at 300 dpi) with QtPdf and painted onto the printer, with progress.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)


class PdfPreviewDialog(QDialog):
    def __init__(
        self, pdf: bytes, title: str, suggested_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.suggested_name = suggested_name
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
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

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

    def _on_print_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        print_document(self.document, printer, self)


def print_document(document: QPdfDocument, printer: QPrinter, parent: QWidget | None) -> bool:
    """Paint every page onto the printer, each scaled to fit; False if the person stopped it."""
    count = document.pageCount()
    progress = QProgressDialog(
        QApplication.translate("PdfPreview", "Printing…"),
        QApplication.translate("PdfPreview", "Stop"),
        0,
        count,
        parent,
    )
    progress.setMinimumDuration(600)
    dpi = min(printer.resolution(), 300)
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for page in range(count):
            if progress.wasCanceled():
                return False
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            image = document.render(
                page, QSize(int(points.width() / 72 * dpi), int(points.height() / 72 * dpi))
            )
            area = painter.viewport()
            fitted = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.topLeft(), fitted), image)
            progress.setValue(page + 1)
            QApplication.processEvents()
    finally:
        painter.end()
    return True
