"""A report's table as Qt shows it: the cells in the printed report's words (money in
dollars, one decimal, a dash for nothing), numbers to the right."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from practicedesk.domain.report_model import Table

Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class ReportTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.table = Table((), ())
        self._numeric: frozenset[int] = frozenset()

    def set_table(self, table: Table) -> None:
        self.beginResetModel()
        self.table = table
        self._numeric = frozenset(
            column
            for column in range(len(table.columns))
            if table.rows
            and all(isinstance(row[column], int | float) or row[column] is None
                    for row in table.rows)
        )  # fmt: skip
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.table.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.table.text(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if index.column() in self._numeric else _LEFT
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.table.columns[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:  # long headers wrap onto a second line
            return (_RIGHT if section in self._numeric else _LEFT) | Qt.TextFlag.TextWordWrap
        return None
