"""The Schedule page. The appointment book (issue 3) will live here; until then it shows
who can be booked and where, so the coordinator can check the set-up."""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from practicedesk.services.session import PracticeSession
from practicedesk.ui.shell.page import PageWidget
from practicedesk.ui.tasks import run_task


def colour_icon(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class SchedulePage(PageWidget):
    areas = frozenset({"staff"})

    def __init__(self, session: PracticeSession) -> None:
        super().__init__(session)
        self._build_ui()

    def _build_ui(self) -> None:
        title = QLabel(self.tr("The appointment book comes next"))
        title.setObjectName("pageTitle")
        note = QLabel(
            self.tr(
                "Day and week views with providers and chairs as columns, drag to move, "
                "conflict checks and the waitlist will appear on this page. The providers and "
                "chairs below are the ones it will show."
            )
        )
        note.setObjectName("pageNote")
        note.setWordWrap(True)
        self.providers = QListWidget()
        self.providers.setObjectName("providerList")
        self.rooms = QListWidget()
        self.rooms.setObjectName("roomList")
        providers_box = QGroupBox(self.tr("Providers"))
        QVBoxLayout(providers_box).addWidget(self.providers)
        rooms_box = QGroupBox(self.tr("Chairs and rooms"))
        QVBoxLayout(rooms_box).addWidget(self.rooms)
        lists = QHBoxLayout()
        lists.addWidget(providers_box)
        lists.addWidget(rooms_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addSpacing(8)
        layout.addLayout(lists, 1)

    def refresh(self) -> None:
        staff = self.session.staff
        run_task(self, lambda: (staff.providers(), staff.rooms()), self._on_loaded)

    def _on_loaded(self, loaded: tuple[list, list]) -> None:
        providers, rooms = loaded
        self.providers.clear()
        for provider in providers:
            item = QListWidgetItem(
                colour_icon(provider.colour), f"{provider.name} — {provider.kind.value}"
            )
            self.providers.addItem(item)
        if not providers:
            self.providers.addItem(self.tr("No providers yet: add them in Settings."))
        self.rooms.clear()
        for room in rooms:
            self.rooms.addItem(QListWidgetItem(colour_icon(room.colour), room.name))
        if not rooms:
            self.rooms.addItem(self.tr("No chairs or rooms yet."))
