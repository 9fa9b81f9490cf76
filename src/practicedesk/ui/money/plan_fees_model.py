"""Settings → Fees: one insurance plan's allowed fees (a PPO's contracted fees), a row per
procedure beside the office's own fee. The allowed fee is typed in the table; emptying it
means the plan has none for that code and the office's fee applies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal

from practicedesk.domain.money import parse_cents
from practicedesk.errors import InvalidAmount
from practicedesk.services.money.procedures import ProcedureInfo
from practicedesk.ui.widgets.formats import format_money
from practicedesk.ui.widgets.money_edit import plain_amount
from practicedesk.ui.widgets.rows_table_model import Index, RowsTableModel

PlanFeeRow = tuple[ProcedureInfo, int | None]  # a procedure and the plan's allowed fee
OFFICE_FEE, ALLOWED, WRITE_OFF = 2, 3, 4


class PlanFeesModel(RowsTableModel[PlanFeeRow]):
    sig_allowed_changed = Signal(str, object)  # the code, and the allowed cents or None
    sig_problem = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.editable = False

    def show_plan(self, procedures: Sequence[ProcedureInfo], allowed: Mapping[str, int]) -> None:
        self.set_rows([(p, allowed.get(p.code)) for p in procedures if p.active])

    def headers(self) -> list[str]:
        return [
            self.tr("Code"),
            self.tr("Procedure"),
            self.tr("Office's fee"),
            self.tr("Plan allows"),
            self.tr("Write-off"),
        ]

    def cell(self, row: PlanFeeRow, column: int) -> Any:
        procedure, allowed = row
        if column == 0:
            return procedure.code
        if column == 1:
            return procedure.name
        if column == OFFICE_FEE:
            return format_money(procedure.fee)
        if allowed is None:
            return self.tr("office's fee") if column == ALLOWED else ""
        if column == ALLOWED:
            return format_money(allowed)
        return format_money(max(0, procedure.fee - allowed))

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.editable and index.isValid() and index.column() == ALLOWED:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= OFFICE_FEE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.EditRole and index.column() == ALLOWED:
            allowed = self.row_object(index.row())[1]
            return "" if allowed is None else plain_amount(allowed)
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != ALLOWED or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value).strip()
        try:
            allowed = parse_cents(text, allow_zero=True) if text else None
        except InvalidAmount as error:
            self.sig_problem.emit(error.message)
            return False
        procedure, before = self.row_object(index.row())
        if allowed == before:
            return False
        self._rows[index.row()] = (procedure, allowed)
        self.dataChanged.emit(self.index(index.row(), ALLOWED), self.index(index.row(), WRITE_OFF))
        self.sig_allowed_changed.emit(procedure.code, allowed)
        return True
