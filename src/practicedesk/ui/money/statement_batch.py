"""Worklists → Balances → *Print statements due…*: every guarantor who owes more than the
practice's minimum and was not sent one lately, in one PDF, then their mailing labels.

The batch is rendered without being counted as mailed; only when the PDF is printed or saved
(`PdfPreviewDialog.sig_delivered`) are the statements recorded as sent, so a batch closed
unprinted, or a printer that did not start, leaves every guarantor due one still.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from practicedesk.services.money.printing import StatementBatch
from practicedesk.services.session import PracticeSession
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.formats import format_money


def _tr(text: str) -> str:
    return QCoreApplication.translate("money", text)


def print_statements_due(
    parent: QWidget,
    session: PracticeSession,
    say: Callable[[str], None],
    on_recorded: Callable[[], object],
) -> None:
    """Render the statements due, preview them, record them once printed or saved; `say`
    gets each step's sentence for the worklist's note line."""
    receivables, printing = session.receivables, session.money_print

    def render() -> tuple[StatementBatch, bytes | None, date] | None:
        due = [row.account_id for row in receivables.statements_due()]
        if not due:
            return None
        batch = printing.statements(due, record=False)
        addressed = len(due) > len(batch.without_address)
        return batch, printing.labels(due) if addressed else None, session.today()

    def show(found: tuple[StatementBatch, bytes | None, date] | None) -> None:
        if found is None:
            say(_tr("No statement is due: nobody owes more than the minimum without one lately."))
            return
        batch, labels, today = found
        _preview(parent, session, batch, labels, today, say, on_recorded)

    say(_tr("Preparing the statements due…"))
    run_task(parent, render, show)


def _preview(
    parent: QWidget,
    session: PracticeSession,
    batch: StatementBatch,
    labels: bytes | None,
    today: date,
    say: Callable[[str], None],
    on_recorded: Callable[[], object],
) -> None:
    from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog

    receivables, folder = session.receivables, session.printout_folder
    title = _tr("{count} statement(s), {amount} due").format(
        count=batch.count, amount=format_money(batch.amount_due)
    )
    preview = PdfPreviewDialog(
        batch.pdf, title, f"Statements {today.isoformat()}.pdf", parent, printouts=folder
    )
    recorded: list[int] = []

    def recorded_as_sent(count: int) -> None:
        text = _tr("{count} statement(s) recorded as sent.").format(count=count)
        if batch.without_address:
            text += " " + _tr("No mailing address on file (hand over or add it): {names}.").format(
                names="; ".join(batch.without_address)
            )
        say(text)
        on_recorded()

    def delivered() -> None:
        if recorded:
            return  # printed and then saved as well: sent once
        recorded.append(batch.count)
        run_task(parent, lambda: receivables.record_statements(batch.amounts), recorded_as_sent)

    def closed() -> None:
        if not recorded:
            say(_tr("The statements were neither printed nor saved: none is recorded as sent."))
        elif labels is not None:
            name = f"Labels {today.isoformat()}.pdf"
            PdfPreviewDialog(labels, _tr("Mailing labels"), name, parent, printouts=folder).open()

    preview.sig_delivered.connect(delivered)
    preview.finished.connect(closed)
    preview.open()
