"""The "Balances to collect" table: guarantors who owe something themselves, the oldest debts
first, with what a call needs at hand (phone, how old, the last payment and contact)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from practicedesk.services.money.receivables import AgingRow
from practicedesk.ui.widgets.formats import format_date, format_money
from practicedesk.ui.widgets.rows_table_model import Index, RowsTableModel

OWES, INSURANCE = 2, 4


def oldest_words(row: AgingRow) -> str:
    """ "91+ days": the oldest bucket in which the guarantor owes something."""
    for bucket in row.aging.buckets:
        if bucket.first_day == row.oldest_days:
            return f"{bucket.label} days"
    return ""


class BalancesModel(RowsTableModel[AgingRow]):
    def headers(self) -> list[str]:
        return [
            self.tr("Guarantor"),
            self.tr("Phone"),
            self.tr("Owes"),
            self.tr("Oldest"),
            self.tr("Insurance expected"),
            self.tr("Last payment"),
            self.tr("Last contact"),
            self.tr("Last statement"),
        ]

    def cell(self, row: AgingRow, column: int) -> Any:
        never = self.tr("never")
        return (
            row.guarantor,
            row.phone,
            format_money(row.patient_due),
            oldest_words(row),
            format_money(row.insurance_pending) if row.insurance_pending else "",
            format_date(row.aging.last_payment) or never,
            format_date(row.last_contact) or never,
            format_date(row.last_statement) or never,
        )[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            index.isValid()
            and role == Qt.ItemDataRole.TextAlignmentRole
            and index.column() in (OWES, INSURANCE)
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)
