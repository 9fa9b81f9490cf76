"""Correcting a ledger entry: never an edit, never a delete, but an entry of the opposite
amount that names it, posted today (or on the next open day), with the reason.

The mistaken entry stays on the ledger, struck through, next to its correction, so the
account's history is whole and two PCs' entries still merge as plain inserts. Correcting an
adjustment or a refund is the owner's to allow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from practicedesk.domain.ledger import EntryKind
from practicedesk.errors import InvalidInput
from practicedesk.services.money.accounts import EntryLine
from practicedesk.services.money.desk import OwnerApproval
from practicedesk.services.session import PracticeSession
from practicedesk.ui.money.money_words import entry_words
from practicedesk.ui.money.posting_dialog import PostingDialog
from practicedesk.ui.widgets.formats import format_date, format_money


class CorrectionDialog(PostingDialog):
    def __init__(
        self, session: PracticeSession, entry: EntryLine, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, parent)
        self.entry = entry
        self.setWindowTitle(self.tr("Correct an entry"))
        self.intro.setText(
            self.tr(
                "The entry stays on the ledger. A correcting entry of {amount} the other way is "
                "posted today and names it. Then post what should have been posted."
            ).format(amount=format_money(abs(entry.amount)))
        )
        self.intro.show()
        shown = QLabel(
            f"{format_date(entry.counts_on)}   {entry_words(entry)}   "
            f"{format_money(entry.amount)}   ({entry.posted_by})"
        )
        shown.setWordWrap(True)
        self.why = QLineEdit()
        self.why.setMaxLength(150)
        self.why.setPlaceholderText(self.tr("e.g. paid by check, not cash"))
        self.form.addRow(self.tr("Entry"), shown)
        self.form.addRow(self.tr("Why it is wrong"), self.why)
        self.ok_button().setText(self.tr("Post correction"))
        self.why.setFocus()
        if entry.kind in (EntryKind.ADJUSTMENT, EntryKind.REFUND):
            self.needs_owner(
                True,
                self.tr(
                    "Correcting an adjustment or a refund is the owner's to allow. Ask the "
                    "owner to type their password here."
                ),
            )

    def prepare(self) -> Callable[[OwnerApproval | None], Any]:
        why = self.why.text().strip()
        if not why:
            raise InvalidInput(self.tr("Say why the entry is corrected."))
        desk, entry_id, reversal_id = self.session.desk, self.entry.id, self.entry_id
        return lambda approval: desk.reverse(entry_id, why, approval, reversal_id=reversal_id)
