"""Matching the old system's values to PracticeDesk's, once: its provider "3" is Dr. Park, its
chair "OP2" is Chair 2, its status "5" is a no-show.

One table per thing matched: the value as the file writes it, how many rows have it, and a
list of PracticeDesk's own to choose from. A value matched by its name alone shows that match;
choosing another (or "(none)", where a visit may have no chair or type) goes into the mapping,
which the import remembers.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from practicedesk.services.moving.imports import FoundValue

NOT_MATCHED = ""  # the combo's data: leave it to the name, as if the mapping said nothing
NONE = "\x00none"  # the combo's data for "(none)": the mapping leaves the value out


class ValueMatchWidget(QTableWidget):
    sig_match_changed = Signal()

    def __init__(self, *, may_be_none: bool, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self._may_be_none = may_be_none
        self._boxes: dict[str, QComboBox] = {}
        self.setHorizontalHeaderLabels(
            [self.tr("In the old system"), self.tr("Rows"), self.tr("In PracticeDesk")]
        )
        self.verticalHeader().hide()
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def set_values(
        self, found: tuple[FoundValue, ...], choices: tuple[str, ...], given: Mapping[str, str]
    ) -> None:
        """Show the file's values, each with its match: the mapping's, else the name's."""
        self._boxes.clear()
        self.setRowCount(len(found))
        for row, value in enumerate(found):
            self.setItem(row, 0, QTableWidgetItem(value.old))
            count = QTableWidgetItem(f"{value.rows:,}")
            self.setItem(row, 1, count)
            box = QComboBox()
            box.setObjectName(f"match_{row}")
            box.addItem(self.tr("(not matched)"), NOT_MATCHED)
            if self._may_be_none:
                box.addItem(self.tr("(none)"), NONE)
            for choice in choices:
                box.addItem(choice, choice)
            chosen = given.get(value.old)
            if chosen is not None:
                box.setCurrentIndex(max(0, box.findData(chosen if chosen else NONE)))
            elif value.matched:
                box.setCurrentIndex(max(0, box.findData(value.matched)))
            box.currentIndexChanged.connect(lambda _index: self.sig_match_changed.emit())
            self.setCellWidget(row, 2, box)
            self._boxes[value.old] = box
        self.resizeRowsToContents()

    def chosen(self) -> dict[str, str]:
        """The old value → PracticeDesk's name ("" for none), for every value matched."""
        found: dict[str, str] = {}
        for old, box in self._boxes.items():
            data = box.currentData()
            if data == NONE:
                found[old] = ""
            elif data:
                found[old] = str(data)
        return found

    def unmatched(self) -> int:
        return sum(1 for box in self._boxes.values() if box.currentData() == NOT_MATCHED)
