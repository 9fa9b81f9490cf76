"""Worklists → Accepted, not booked: each accepted treatment plan item with no visit to do
it, whose it is, what it is, and why it is listed (never booked, or its visit was
cancelled or missed)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from practicedesk.services.money.plan_records import UnbookedItem
from practicedesk.ui.widgets.formats import format_date, format_money
from practicedesk.ui.widgets.rows_table_model import Index, RowsTableModel

FEE = 7


class UnbookedPlansModel(RowsTableModel[UnbookedItem]):
    def headers(self) -> list[str]:
        return [
            self.tr("Accepted"),
            self.tr("Patient"),
            self.tr("Plan"),
            self.tr("Phase"),
            self.tr("Code"),
            self.tr("Procedure"),
            self.tr("Tooth / area"),
            self.tr("Fee"),
            self.tr("Why listed"),
        ]

    def cell(self, row: UnbookedItem, column: int) -> Any:
        values = (
            format_date(row.accepted_on), row.patient_name, row.plan_title, str(row.phase),
            row.code, row.name, row.tooth, format_money(row.fee), self._why(row.why),
        )  # fmt: skip
        return values[column]

    def _why(self, why: str) -> str:
        if why == "accepted":
            return self.tr("never booked")
        return self.tr("visit {what}").format(what=why.removeprefix("visit "))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == FEE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)
