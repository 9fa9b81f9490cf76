"""The Ledger tab's table: every entry of the guarantor's account, oldest first, with the
running balance, who posted it, and what to notice (corrected entries struck through and
greyed beside their correction; late entries, posted for a day closed without them, shaded)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from practicedesk.domain.ledger import EntryKind
from practicedesk.services.money.accounts import EntryLine
from practicedesk.services.money.desk import AccountView
from practicedesk.ui.money.money_words import entry_flags, entry_words
from practicedesk.ui.widgets.formats import format_date, format_money
from practicedesk.ui.widgets.rows_table_model import Index, RowsTableModel

LedgerRow = tuple[EntryLine, int]  # an entry and the balance after it
ENTRY_ROLE = Qt.ItemDataRole.UserRole
MONEY_COLUMNS = frozenset({3, 4, 5})
GREY = QColor("#7A8790")
LATE = QColor("#FFF4D6")


class LedgerModel(RowsTableModel[LedgerRow]):
    def headers(self) -> list[str]:
        return [
            self.tr("Date"),
            self.tr("Patient"),
            self.tr("Entry"),
            self.tr("Charge"),
            self.tr("Credit"),
            self.tr("Balance"),
            self.tr("Posted by"),
            self.tr("Notes"),
        ]

    def show_account(self, account: AccountView) -> None:
        self.set_rows(list(zip(account.entries, account.running, strict=True)))

    def entry(self, row: int) -> EntryLine:
        return self.row_object(row)[0]

    def cell(self, row: LedgerRow, column: int) -> Any:
        line, running = row
        if column == 0:
            return format_date(line.counts_on)
        if column == 1:
            return line.patient_name
        if column == 2:
            return entry_words(line)
        if column == 3:
            return format_money(line.amount) if line.amount > 0 else ""
        if column == 4:
            return format_money(-line.amount) if line.amount < 0 else ""
        if column == 5:
            return format_money(running)
        if column == 6:
            return line.posted_by
        return entry_flags(line)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.entry(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(self.row_object(index.row()), index.column())
        if role == ENTRY_ROLE:
            return line
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry_words(line)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in MONEY_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and line.reversed and index.column() != 7:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and (
            line.reversed or line.kind is EntryKind.REVERSAL
        ):
            return QBrush(GREY)
        if role == Qt.ItemDataRole.BackgroundRole and line.moved:
            return QBrush(LATE)
        return None
