"""Typing a procedure code with completion from the office's list: "clean" or "D11" offers
"D1110 Adult cleaning"; choosing it keeps the code."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from practicedesk.services.money.procedures import ProcedureInfo


class ProcedureCodeDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices: list[str] = []

    def set_procedures(self, procedures: Sequence[ProcedureInfo]) -> None:
        self._choices = [f"{p.code} {p.name}" for p in procedures if p.active]

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QLineEdit(parent)
        completer = QCompleter(self._choices, editor)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        editor.setCompleter(completer)
        return editor
