"""Carries the services' "these areas changed" announcements onto the UI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from practicedesk.services.areas import Area


class ChangeRelay(QObject):
    sig_areas_changed = Signal(object)  # frozenset[Area]

    def listener(self, areas: frozenset[Area]) -> None:
        """Given to `session.subscribe`; may be called from any thread."""
        self.sig_areas_changed.emit(areas)
