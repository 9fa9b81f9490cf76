"""A read-only table fed from a service a page at a time, as the view scrolls.

Counting, filtering and sorting happen in SQL; each page is a few milliseconds, inside one
frame, so `fetchMore` may ask the service directly. Subclasses say how to count, how to
fetch a page, and what each cell shows.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Row = TypeVar("Row")
Filter = TypeVar("Filter")
Index = QModelIndex | QPersistentModelIndex


class PagedTableModel(QAbstractTableModel, Generic[Row, Filter]):
    PAGE_SIZE = 200

    def __init__(self, headers: list[str], initial: Filter) -> None:
        super().__init__()
        self._headers = headers
        self._filter = initial
        self._rows: list[Row] = []
        self._total = 0

    # -- for subclasses ---------------------------------------------------------------------

    def count_rows(self, where: Filter) -> int:
        raise NotImplementedError

    def fetch_rows(self, where: Filter, offset: int, limit: int) -> list[Row]:
        raise NotImplementedError

    def cell(self, row: Row, column: int) -> Any:
        raise NotImplementedError

    # -- the model --------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self._total

    def set_filter(self, where: Filter) -> None:
        self.beginResetModel()
        self._filter = where
        self._total = self.count_rows(where)
        self._rows = self.fetch_rows(where, 0, self.PAGE_SIZE)
        self.endResetModel()

    def row_object(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        more = self.fetch_rows(self._filter, len(self._rows), self.PAGE_SIZE)
        if not more:
            self._total = len(self._rows)  # rows were removed since the count
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.cell(self._rows[index.row()], index.column())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None
