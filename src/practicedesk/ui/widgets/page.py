"""What every top-level page of the main window offers the shell."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from practicedesk.services.areas import Area
from practicedesk.services.session import PracticeSession


@dataclass(frozen=True, slots=True)
class BookingRequest:
    """A visit to book for a patient, asked for by a page that does not book (a call list).
    With `call_topic`, the visit booked is logged as that call's outcome, "booked"; with
    `plan_item_id`, that treatment plan item is marked booked for the visit."""

    patient_id: uuid.UUID
    patient_name: str
    type_id: uuid.UUID | None = None
    call_topic: str = ""
    plan_item_id: uuid.UUID | None = None


class PageWidget(QWidget):
    """A page is built on first visit and refreshed when an area it shows has changed."""

    areas: frozenset[Area] = frozenset()
    sig_patient_requested = Signal(object, str)  # patient id, display name
    sig_booking_requested = Signal(object)  # a BookingRequest, for the appointment book
    sig_notice_requested = Signal(str)  # a line for the status bar: what was just done

    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session

    def refresh(self) -> None:
        """Reload what the page shows; called on first show and after relevant changes."""

    def show_patient(self, patient_id: object, display_name: str) -> bool:
        """Bring this patient into view, if this page lists patients."""
        return False

    def find_time(self, request: BookingRequest) -> bool:
        """Open Find a time for this booking, if this page is the appointment book."""
        return False

    def may_close(self) -> bool:
        """Before signing out or quitting: False keeps the program open (the user stayed)."""
        return True

    def focus_search(self) -> bool:
        """Ctrl+F: put the cursor in this page's search box, if it has one."""
        return False
