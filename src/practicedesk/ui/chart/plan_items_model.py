"""The Treatment plans tab's table: each item with its phase, tooth, fee, the insurance
estimate and the patient's portion, and where it stands; declined items greyed, as they are
out of the totals."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from practicedesk.services.money.plan_records import PlanItemView
from practicedesk.ui.widgets.formats import format_money
from practicedesk.ui.widgets.rows_table_model import Index, RowsTableModel

MONEY_COLUMNS = frozenset({4, 5, 6})
GREY = QColor("#7A8790")


class PlanItemsModel(RowsTableModel[PlanItemView]):
    def headers(self) -> list[str]:
        return [
            self.tr("Phase"),
            self.tr("Code"),
            self.tr("Procedure"),
            self.tr("Tooth / area"),
            self.tr("Fee"),
            self.tr("Insurance estimate"),
            self.tr("Patient's portion"),
            self.tr("Status"),
        ]

    def cell(self, row: PlanItemView, column: int) -> Any:
        values = (
            str(row.phase), row.code, row.name, row.tooth, format_money(row.fee),
            format_money(row.insurance) if row.counted else "",
            format_money(row.patient) if row.counted else "",
            self.tr(row.status.label),
        )  # fmt: skip
        return values[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in MONEY_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not self.row_object(index.row()).counted:
            return GREY
        return super().data(index, role)
