"""What every money worklist on the Worklists page shares: it reads its figures only when it
is on screen (aging every account is the costliest read of the desk), says how many rows it
holds for its tab's title, and asks for a patient's chart by id, or for a visit to book."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from practicedesk.services.session import PracticeSession


class MoneyWorklistWidget(QWidget):
    sig_patient_requested = Signal(object, str)  # patient id, display name
    sig_booking_requested = Signal(object)  # a BookingRequest, for the appointment book
    sig_count_changed = Signal(int)

    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._stale = True

    def refresh(self) -> None:
        """Read again now if on screen; otherwise when next shown."""
        self._stale = True
        if self.isVisible():
            self._stale = False
            self.load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.load()

    def load(self) -> None:
        raise NotImplementedError
