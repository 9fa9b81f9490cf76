"""Printing a receipt, when the program has its printouts: the hook the Ledger tab and the
check-out use.

Receipts are rendered by the money printouts service (`session.money_print.receipt(entry
ids)`), built beside these screens. Until a session offers it, the screens hide their
"Print receipt" actions rather than offer one that cannot work.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from practicedesk.services.session import PracticeSession
from practicedesk.ui.tasks import run_task


def can_print_receipts(session: PracticeSession) -> bool:
    return getattr(session, "money_print", None) is not None


def print_receipt(
    parent: QWidget, session: PracticeSession, entry_ids: Sequence[uuid.UUID]
) -> None:
    """Render the receipt for these entries off the UI thread, then preview it to print."""
    from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog

    printing = getattr(session, "money_print")  # noqa: B009 (absent until printouts arrive)
    ids = list(entry_ids)

    def show(pdf: bytes) -> None:
        PdfPreviewDialog(pdf, parent.tr("Receipt"), "Receipt.pdf", parent).open()

    run_task(parent, lambda: printing.receipt(ids), show)
