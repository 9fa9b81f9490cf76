"""A read-only table fed from a service a page at a time, as the view scrolls.

Counting, filtering and sorting happen in SQL; each page is a few milliseconds, inside one
frame, so `fetchMore` may ask the service directly. Subclasses say how to count, how to
fetch a page, and what each cell shows.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtCore import QModelIndex

from practicedesk.ui.widgets.rows_table_model import Index, Row, RowsTableModel

Filter = TypeVar("Filter")


class PagedTableModel(RowsTableModel[Row], Generic[Row, Filter]):
    PAGE_SIZE = 200

    def __init__(self, initial: Filter) -> None:
        super().__init__()
        self._filter = initial
        self._total = 0

    def count_rows(self, where: Filter) -> int:
        raise NotImplementedError

    def fetch_rows(self, where: Filter, offset: int, limit: int) -> list[Row]:
        raise NotImplementedError

    @property
    def total(self) -> int:
        return self._total

    def set_filter(self, where: Filter) -> None:
        self._filter = where
        self._total = self.count_rows(where)
        self.set_rows(self.fetch_rows(where, 0, self.PAGE_SIZE))

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
