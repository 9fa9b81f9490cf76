"""Printing a PDF from the preview: page by page on a worker, so the window stays alive, with
its progress and Cancel; a cancelled print to a file leaves no half file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from reportlab.pdfgen import canvas

from practicedesk.progress import Cancelled
from practicedesk.ui.tasks import wait_for_tasks
from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog, paint_pages, print_pdf
from tests.recording_progress import RecordingProgress


def _pdf(pages: int) -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    for number in range(1, pages + 1):
        page.drawString(100, 700, f"Page {number}")
        page.showPage()
    page.save()
    return out.getvalue()


def _printer_to(target: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    return printer


def test_printing_from_the_preview_prints_every_page(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = _pdf(3)
    preview = PdfPreviewDialog(pdf, "Day sheet", "day sheet.pdf")
    qtbot.addWidget(preview)
    target = tmp_path / "printed.pdf"
    print_pdf(preview, pdf, _printer_to(target))
    wait_for_tasks()
    assert len(PdfReader(target).pages) == 3


def test_a_print_cancelled_midway_leaves_no_half_file(tmp_path: Path) -> None:
    target = tmp_path / "printed.pdf"
    progress = RecordingProgress(cancel_in="Printing page 2 of 3…")
    with pytest.raises(Cancelled):
        paint_pages(_pdf(3), _printer_to(target), progress)
    assert not target.exists()
    assert [done for done, _total, _text in progress.reports] == [0, 1]


def test_with_a_printout_folder_the_preview_saves_there_without_a_file_dialog(
    qtbot, owner_session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    def no_dialog(*_args: object) -> tuple[str, str]:
        raise AssertionError("a file dialog was opened")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", no_dialog)
    owner_session.printout_folder.set_folder(tmp_path)
    preview = PdfPreviewDialog(
        _pdf(1), "Receipt", "Receipt Ana Ames.pdf", printouts=owner_session.printout_folder
    )
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(preview.save_here.isVisible, timeout=5_000)
    assert str(tmp_path) in preview.save_here.toolTip()
    preview.save_here.click()
    qtbot.waitUntil(lambda: "Saved" in preview.saved.text(), timeout=5_000)
    assert len(PdfReader(tmp_path / "Receipt Ana Ames.pdf").pages) == 1


def test_without_a_printout_folder_the_preview_offers_only_save_as(qtbot, owner_session) -> None:  # type: ignore[no-untyped-def]
    preview = PdfPreviewDialog(
        _pdf(1), "Receipt", "Receipt.pdf", printouts=owner_session.printout_folder
    )
    qtbot.addWidget(preview)
    preview.show()
    wait_for_tasks()
    qtbot.wait(50)
    assert not preview.save_here.isVisible() and preview.save_button.isVisible()
