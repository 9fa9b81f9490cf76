"""The money screens' printouts, when the program has them: receipts, a guarantor's
statement, the day's report.

They are rendered by the money printouts service (`session.money_print`: `receipt(entry
ids)`, `statement(account id)`, `day_report(day)`), built beside these screens. Until a session
offers it, the screens hide their print actions rather than offer ones that cannot work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from practicedesk.services.session import PracticeSession
from practicedesk.ui.tasks import run_task


def can_print(session: PracticeSession) -> bool:
    return getattr(session, "money_print", None) is not None


def print_preview(
    parent: QWidget,
    session: PracticeSession,
    render: Callable[[Any], bytes],
    title: str,
    file_name: str,
) -> None:
    """Render with the printouts service off the UI thread, then preview the PDF to print."""
    from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog

    printing = getattr(session, "money_print")  # noqa: B009 (absent until printouts arrive)

    def show(pdf: bytes) -> None:
        PdfPreviewDialog(pdf, title, file_name, parent).open()

    run_task(parent, lambda: render(printing), show)
