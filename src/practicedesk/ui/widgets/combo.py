"""Choosing a combo box entry by the value it carries, and a combo of plain words.

`QComboBox.findData` compares Python objects by identity, so a UUID loaded twice (equal, but
not the same object) is not found. These compare with ==.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox


def index_of(combo: QComboBox, value: Any, key: Callable[[Any], Any] = lambda data: data) -> int:
    for index in range(combo.count()):
        if key(combo.itemData(index)) == value:
            return index
    return -1


def select_value(
    combo: QComboBox, value: Any, key: Callable[[Any], Any] = lambda data: data
) -> bool:
    """Show the entry carrying `value` (or whose `key(data)` is it); False if there is none."""
    index = index_of(combo, value, key)
    if index >= 0:
        combo.setCurrentIndex(index)
    return index >= 0


def choice_box(values: tuple[str, ...]) -> QComboBox:
    """The stored words (``"warning"``) as the entries, shown capitalized."""
    box = QComboBox()
    for value in values:
        box.addItem(value.capitalize(), value)
    return box
