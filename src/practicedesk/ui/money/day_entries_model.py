"""The day's money, entry by entry: who, what, how paid, the amount charged or collected,
who posted it; an entry that came late for a closed day is shaded and says so."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from practicedesk.services.money.accounts import EntryLine
from practicedesk.ui.money.ledger_model import LATE
from practicedesk.ui.money.money_words import entry_flags, entry_words, kind_label
from practicedesk.ui.widgets.formats import format_money
from practicedesk.ui.widgets.rows_table_model import Index, RowsTableModel

AMOUNT = 3


class DayEntriesModel(RowsTableModel[EntryLine]):
    def headers(self) -> list[str]:
        return [
            self.tr("Patient"),
            self.tr("Kind"),
            self.tr("Entry"),
            self.tr("Amount"),
            self.tr("Posted by"),
            self.tr("Notes"),
        ]

    def cell(self, row: EntryLine, column: int) -> Any:
        return (
            row.patient_name,
            kind_label(row.kind),
            entry_words(row),
            format_money(row.amount),
            row.posted_by,
            entry_flags(row),
        )[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self.row_object(index.row()).moved:
            return QBrush(LATE)
        return super().data(index, role)
