"""Settings → Fees: the office's procedure list, one row per code, with its fee."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from practicedesk.services.money.procedures import ProcedureInfo
from practicedesk.ui.money.ledger_model import GREY
from practicedesk.ui.widgets.formats import format_money
from practicedesk.ui.widgets.rows_table_model import Index, RowsTableModel

FEE = 3


class ProceduresModel(RowsTableModel[ProcedureInfo]):
    def headers(self) -> list[str]:
        return [
            self.tr("Code"),
            self.tr("Name"),
            self.tr("Category"),
            self.tr("Fee"),
            self.tr("In use"),
        ]

    def cell(self, row: ProcedureInfo, column: int) -> Any:
        return (
            row.code,
            row.name,
            self.tr(row.category.value.capitalize()),
            format_money(row.fee),
            self.tr("yes") if row.active else self.tr("retired"),
        )[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == FEE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not self.row_object(index.row()).active:
            return QBrush(GREY)
        return super().data(index, role)
