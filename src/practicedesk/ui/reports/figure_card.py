"""A headline figure as a card: what it counts, the number, and (on "This week") the way to
the report it comes from."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from practicedesk.domain.report_model import Figure

LONG_VALUE = 24  # characters: "Mon 10:00 (14 min); Tue 11:00 (12 min)" is set smaller


class FigureCardWidget(QFrame):
    sig_report_requested = Signal(str)  # the report's key

    def __init__(
        self, figure: Figure, report_title: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.figure = figure
        self.setObjectName("figureCard")
        self.label = QLabel(figure.label)
        self.label.setObjectName("figureLabel")
        self.label.setWordWrap(True)
        self.value = QLabel(figure.value)
        self.value.setObjectName("figureValue")
        self.value.setWordWrap(True)
        self.value.setProperty("long", len(figure.value) > LONG_VALUE)  # a list, not a number
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        layout.addWidget(self.value)
        self.link: QPushButton | None = None
        if report_title:
            self.link = QPushButton(self.tr("{title} →").format(title=report_title))
            self.link.setObjectName("linkButton")
            self.link.setAccessibleName(self.tr("Open {title}").format(title=report_title))
            self.link.clicked.connect(self._on_link_clicked)
        layout.addStretch(1)
        if self.link is not None:
            layout.addWidget(self.link, 0, Qt.AlignmentFlag.AlignLeft)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """The whole card leads to its report, not only the words at its foot."""
        super().mouseReleaseEvent(event)
        if self.link is not None:
            self._on_link_clicked()

    def _on_link_clicked(self) -> None:
        self.sig_report_requested.emit(self.figure.report)
