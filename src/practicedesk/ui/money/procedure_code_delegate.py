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


def code_choices(procedures: Sequence[ProcedureInfo]) -> list[str]:
    """What the completer offers: each active procedure's code and short name."""
    return [f"{p.code} {p.name}" for p in procedures if p.active]


def code_completer(choices: list[str], parent: QWidget) -> QCompleter:
    """Any part of a code or a name, in any case, finds it."""
    completer = QCompleter(choices, parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    return completer


def typed_code(text: str) -> str:
    """The code of "D1110 Cleaning: adult", as chosen from the completer, or as typed."""
    return text.split()[0].upper() if text.split() else ""


class ProcedureCodeDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices: list[str] = []

    def set_procedures(self, procedures: Sequence[ProcedureInfo]) -> None:
        self._choices = code_choices(procedures)

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setCompleter(code_completer(self._choices, editor))
        return editor
