"""Figure cards in as many columns as the width allows: four side by side on a wide
window, one under another on a narrow one, so a card's words wrap rather than the page
growing wider than the window."""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget


class CardGridWidget(QWidget):
    def __init__(self, most_columns: int, card_width: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.most_columns = most_columns
        self.card_width = card_width  # the narrowest a card reads well at, if it fits
        self.cards: list[QWidget] = []
        self.columns = most_columns
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(10)
        # One card wide at the least: else the layout would hold the grid as wide as its
        # columns, and it could never narrow to fewer.
        self.setMinimumWidth(card_width)

    def set_cards(self, cards: list[QWidget]) -> None:
        """Show `cards` in place of those shown before."""
        for card in self.cards:
            self.grid.removeWidget(card)
            card.deleteLater()
        self.cards = cards
        self._place(self._columns_for(self.width()) if self.width() > 0 else self.columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        columns = self._columns_for(event.size().width())
        if columns != self.columns:
            self._place(columns)

    def _columns_for(self, width: int) -> int:
        spacing = self.grid.horizontalSpacing()
        narrowest = max([self.card_width] + [card.minimumSizeHint().width() for card in self.cards])
        fitting = (width + spacing) // (narrowest + spacing)
        return max(1, min(self.most_columns, fitting))

    def _place(self, columns: int) -> None:
        for card in self.cards:
            self.grid.removeWidget(card)
        for column in range(self.most_columns):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        for index, card in enumerate(self.cards):
            row, column = divmod(index, columns)
            self.grid.addWidget(card, row, column)
        self.columns = columns
