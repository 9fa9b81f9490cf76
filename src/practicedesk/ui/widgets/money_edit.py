"""A field for an amount of money, typed as text and read as whole cents.

A spin box of dollars would hold a float and round what was typed; this field keeps the text
and reads it only through `domain/money.parse_cents`, which refuses three decimals, letters and
(unless allowed) zero or less with a sentence the dialog shows. Nothing is guessed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from practicedesk.domain.money import parse_cents


def plain_amount(cents: int) -> str:
    """ "1234.50": what a person types, and what parse_cents reads back to the same cents."""
    dollars, rest = divmod(abs(cents), 100)
    return f"{'-' if cents < 0 else ''}{dollars}.{rest:02d}"


class MoneyEdit(QLineEdit):
    def __init__(
        self,
        cents: int | None = None,
        *,
        allow_zero: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._allow_zero = allow_zero
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("0.00")
        self.setMaxLength(20)
        self.set_cents(cents)

    def set_cents(self, cents: int | None) -> None:
        self.setText("" if cents is None else plain_amount(cents))

    def cents(self) -> int:
        """The amount typed; `InvalidAmount` (with its sentence) when it is not one."""
        return parse_cents(self.text(), allow_zero=self._allow_zero)

    def optional_cents(self) -> int | None:
        """None for an empty field (not known); otherwise as `cents`."""
        return None if not self.text().strip() else self.cents()
