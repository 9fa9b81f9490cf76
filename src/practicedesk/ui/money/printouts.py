"""The money screens' printouts: receipts, a guarantor's statement, the day's report.

They are rendered by the money printing service (`session.money_print`: `receipt(entry ids)`,
`statement(account id)`, `day_report(day)`) off the UI thread, then shown in the PDF preview
to print or save; the screens never lay out a document themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from practicedesk.services.money.printing import MoneyPrintService
from practicedesk.services.session import PracticeSession
from practicedesk.ui.tasks import run_task


def print_preview(
    parent: QWidget,
    session: PracticeSession,
    render: Callable[[MoneyPrintService], bytes],
    title: str,
    file_name: str,
) -> None:
    """Render with the printing service off the UI thread, then preview the PDF to print."""
    from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog

    printing, folder = session.money_print, session.printout_folder

    def show(pdf: bytes) -> None:
        PdfPreviewDialog(pdf, title, file_name, parent, printouts=folder).open()

    run_task(parent, lambda: render(printing), show)
