"""Saving and printing the Emergency Kit from the wizard (and later from Settings).

The PDF comes from documents/ (reportlab). Printing lays the same words out with a
QTextDocument, because Qt cannot send a PDF to a printer as vectors; neither path writes the
recovery code to a temporary file.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget

from practicedesk.documents.emergency_kit import (
    CODE_NOTE,
    WARNING,
    EmergencyKit,
    kit_details,
    kit_sections,
    render_emergency_kit,
)


def save_kit(parent: QWidget, kit: EmergencyKit) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent,
        parent.tr("Save the Emergency Kit"),
        str(Path.home() / "PracticeDesk Emergency Kit.pdf"),
        parent.tr("PDF files (*.pdf)"),
    )
    if not name:
        return None
    path = Path(name)
    path.write_bytes(render_emergency_kit(kit))
    return path


def print_kit(parent: QWidget, kit: EmergencyKit) -> bool:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(parent.tr("Print the Emergency Kit"))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    document = QTextDocument()
    document.setHtml(kit_html(kit))
    document.print_(printer)
    return True


def kit_html(kit: EmergencyKit) -> str:
    rows = "".join(
        f"<tr><td width='30%'><b>{escape(label)}</b></td><td>{escape(value)}</td></tr>"
        for label, value in kit_details(kit)
    )
    sections = "".join(
        f"<h3>{escape(heading)}</h3><p>{escape(text)}</p>" for heading, text in kit_sections()
    )
    return (
        "<h1>PracticeDesk Emergency Kit</h1>"
        f"<p>{escape(WARNING)}</p>"
        f"<table cellpadding='4'>{rows}</table>"
        "<h3>Recovery code</h3>"
        "<table border='1' cellpadding='12' width='100%'><tr><td align='center'>"
        f"<span style='font-family: monospace; font-size: 18pt'>{escape(kit.recovery_code)}</span>"
        "</td></tr></table>"
        f"<p><small>{escape(CODE_NOTE)}</small></p>{sections}"
    )
