""" "This week", the Reports page's first view: the week so far on one screen (visits, new
patients, no-shows, the longest waits and, for the owner, money in and what is owed), each
figure a card that opens the report it comes from."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from practicedesk.domain.report_model import Figure
from practicedesk.ui.reports.card_grid import CardGridWidget
from practicedesk.ui.reports.figure_card import FigureCardWidget
from practicedesk.ui.widgets.flat_scroll import flat_scroll

COLUMNS = 3
CARD_WIDTH = 240  # pixels; wider if a card's link ("… where they came from →") needs it


class ThisWeekWidget(QWidget):
    sig_report_requested = Signal(str)  # the report's key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[FigureCardWidget] = []
        title = QLabel(self.tr("This week"))
        title.setObjectName("pageTitle")
        self.note = QLabel(self.tr("Monday to today. Each figure opens the report it comes from."))
        self.note.setObjectName("pageNote")
        self.note.setWordWrap(True)
        body = QWidget()
        self.grid = CardGridWidget(COLUMNS, CARD_WIDTH)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 8, 8, 0)
        column.addWidget(self.grid)
        column.addStretch(1)
        scroll = flat_scroll(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.note)
        layout.addWidget(scroll, 1)

    def set_figures(self, figures: list[Figure], titles: dict[str, str]) -> None:
        """One card per figure, each naming the report it opens."""
        self.cards = []
        for figure in figures:
            card = FigureCardWidget(figure, titles.get(figure.report, ""))
            card.sig_report_requested.connect(self.sig_report_requested)
            self.cards.append(card)
        self.grid.set_cards(list(self.cards))
