"""A table of a chart's items with the buttons that act on the chosen one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class ListPanelWidget(QWidget):
    sig_activated = Signal(object)  # the chosen row's data

    def __init__(self, headers: Sequence[str], empty: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(empty)
        self.empty.setObjectName("pageNote")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setWordWrap(True)
        self.buttons = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.buttons.addStretch(1)
        self._rows: list[Any] = []
        self.table.itemDoubleClicked.connect(lambda _item: self.sig_activated.emit(self.selected()))
        # Wrapped cells are measured at the widths the columns have: again once laid out.
        self._fit_rows = QTimer(self)
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(0)
        self._fit_rows.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_args: self._fit_rows.start())

    def add_button(
        self, text: str, *, needs_row: bool = False, enabled: bool = True
    ) -> QPushButton:
        button = QPushButton(text)
        button.setEnabled(enabled and not needs_row)
        button.setProperty("needs_row", needs_row)
        button.setProperty("allowed", enabled)
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        if needs_row:
            self.table.itemSelectionChanged.connect(
                lambda b=button: b.setEnabled(
                    bool(b.property("allowed")) and self.selected() is not None
                )
            )
        return button

    def set_rows(self, rows: Sequence[tuple[Any, Sequence[str]]]) -> None:
        self._rows = [data for data, _ in rows]
        self.table.setRowCount(len(rows))
        for index, (_, cells) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(index, column, item)
        self._fit_rows.start()
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()] if rows else None

    def set_column_widths(self, widths: dict[int, int]) -> None:
        header = self.table.horizontalHeader()
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
