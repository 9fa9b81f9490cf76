"""The check-out's procedure lines: code, tooth or surface and fee typed by the coordinator;
the procedure's name, the insurance estimate and the patient's portion filled in from the
service's draft each time a line changes.

A fee typed over the office's fee is kept as typed (a discount agreed for this visit); a new
code takes its own fee again. Nothing here posts: the dialog sends `lines()` once, on Enter.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

from practicedesk.domain.money import parse_cents
from practicedesk.errors import InvalidAmount
from practicedesk.services.money.desk import CheckOutDraft, CheckOutLine
from practicedesk.ui.money.procedure_code_delegate import typed_code
from practicedesk.ui.widgets.formats import format_money
from practicedesk.ui.widgets.money_edit import plain_amount
from practicedesk.ui.widgets.rows_table_model import Index

CODE, NAME, TOOTH, FEE, INSURANCE, PATIENT = range(6)
EDITABLE = frozenset({CODE, TOOTH, FEE})


@dataclass(frozen=True, slots=True)
class DraftLine:
    code: str
    tooth: str = ""
    fee_typed: int | None = None  # None: the office's (or the plan's) fee for the code
    name: str = ""
    fee: int | None = None  # as priced by the last draft; None until it arrives
    insurance: int | None = None
    patient: int | None = None


class CheckOutLinesModel(QAbstractTableModel):
    sig_lines_edited = Signal()
    sig_problem = Signal(str)  # a fee typed that is not an amount: said, not stored

    def __init__(self) -> None:
        super().__init__()
        self._lines: list[DraftLine] = []

    def headers(self) -> list[str]:
        return [
            self.tr("Code"),
            self.tr("Procedure"),
            self.tr("Tooth / surface"),
            self.tr("Fee"),
            self.tr("Insurance"),
            self.tr("Patient"),
        ]

    # -- what the dialog asks ------------------------------------------------------------------

    def lines(self) -> tuple[CheckOutLine, ...]:
        """The lines to price or post; a line whose code is still empty is left out."""
        return tuple(
            CheckOutLine(line.code, line.tooth, line.fee_typed) for line in self._lines if line.code
        )

    def show_draft(self, draft: CheckOutDraft) -> None:
        """The service's prices for `lines()`, put back on the lines they were asked for."""
        filled = [i for i, line in enumerate(self._lines) if line.code]
        if len(filled) != len(draft.lines):
            return  # the lines changed meanwhile; the next draft is on its way
        for index, priced in zip(filled, draft.lines, strict=True):
            self._lines[index] = replace(
                self._lines[index],
                code=priced.code,
                name=priced.name,
                fee=priced.fee,
                insurance=priced.insurance,
                patient=priced.patient,
            )
        if self._lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._lines) - 1, PATIENT))

    def set_draft(self, draft: CheckOutDraft) -> None:
        """The visit's starting lines, as the service priced them."""
        self.beginResetModel()
        self._lines = [DraftLine(p.code, p.tooth) for p in draft.lines]
        self.endResetModel()
        self.show_draft(draft)

    def add_line(self) -> int:
        row = len(self._lines)
        self.beginInsertRows(QModelIndex(), row, row)
        self._lines.append(DraftLine(""))
        self.endInsertRows()
        return row

    def remove_line(self, row: int) -> None:
        if not 0 <= row < len(self._lines):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._lines[row]
        self.endRemoveRows()
        self.sig_lines_edited.emit()

    # -- the Qt model ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line, column = self._lines[index.row()], index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= FEE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.EditRole:
            if column == FEE:
                fee = line.fee_typed if line.fee_typed is not None else line.fee
                return "" if fee is None else plain_amount(fee)
            return {CODE: line.code, TOOTH: line.tooth}.get(column)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == CODE:
            return line.code
        if column == NAME:
            return line.name
        if column == TOOTH:
            return line.tooth
        amount = {FEE: line.fee, INSURANCE: line.insurance, PATIENT: line.patient}[column]
        return "" if amount is None else format_money(amount)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        line, column, text = self._lines[index.row()], index.column(), str(value).strip()
        if column == CODE:
            code = typed_code(text)
            if code == line.code:
                return False
            changed = DraftLine(code, line.tooth)  # a new code takes its own fee again
        elif column == TOOTH:
            changed = replace(line, tooth=text)
        elif column == FEE:
            try:
                fee = parse_cents(text, allow_zero=True) if text else None
            except InvalidAmount as error:
                self.sig_problem.emit(error.message)
                return False
            changed = replace(line, fee_typed=fee, fee=fee if fee is not None else line.fee)
        else:
            return False
        if changed == line:
            return False
        self._lines[index.row()] = changed
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), PATIENT))
        self.sig_lines_edited.emit()
        return True
