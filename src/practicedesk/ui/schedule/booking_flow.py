"""Booking from the appointment book: the booking dialog at a time picked on the grid, Find a
time (from the tool bar, a visit's Reschedule, or another page's Book…), booking a known
patient's found time at once, the booking dialog again when that time was taken meanwhile,
and what the page that asked wants done once booked (its call logged, its plan item marked).

A module of its own because booking is a chain of dialogs and worker tasks that needs of the
book only its loaded choices and a window to open over. It never holds the page: it tells it
through signals what was booked (to show it) and which visit a found time should move to
(moving is the page's, with its undo).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from practicedesk.domain.slots import Slot
from practicedesk.errors import SchedulingConflict
from practicedesk.services.patients.listing import PatientSummary
from practicedesk.services.schedule.records import AppointmentInfo, NewAppointment
from practicedesk.services.session import PracticeSession
from practicedesk.ui.errors import show_error
from practicedesk.ui.schedule.booking_dialog import BookingChoices, BookingDialog
from practicedesk.ui.schedule.slot_finder_dialog import SlotFinderDialog
from practicedesk.ui.schedule.visit_dialogs import ask_second_visit
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.page import BookingRequest


def usual_room(
    visits: Iterable[AppointmentInfo], provider_id: uuid.UUID | None
) -> uuid.UUID | None:
    """The chair this provider used most among the visits (today's), as a sensible default."""
    rooms = [v.room_id for v in visits if v.provider_id == provider_id and v.room_id]
    return max(set(rooms), key=rooms.count) if rooms else None


class BookingFlow(QObject):
    sig_visit_booked = Signal(object)  # the AppointmentInfo booked
    sig_move_requested = Signal(object, object)  # the AppointmentInfo to move, the Slot found

    def __init__(self, session: PracticeSession, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self._window = parent  # the dialogs open over it, and the tasks report to it
        self.choices: BookingChoices | None = None
        self._waiting_request: BookingRequest | None = None  # asked before the book loaded

    def set_choices(self, choices: BookingChoices) -> None:
        """The book has loaded: a time asked for while it was loading is looked for now."""
        self.choices = choices
        if self._waiting_request is not None:
            request, self._waiting_request = self._waiting_request, None
            self.find_time(request)

    def book_at(
        self, starts_at: datetime, provider_id: uuid.UUID | None, room_id: uuid.UUID | None
    ) -> None:
        """The booking dialog at a time picked on the grid, for whom the column shows."""
        if self.choices is None:
            return
        dialog = BookingDialog(
            self.session,
            self.choices,
            starts_at,
            provider_id=provider_id,
            room_id=room_id,
            parent=self._window,
        )
        dialog.exec()

    def open_finder(self, visit: AppointmentInfo | None = None) -> None:
        """Find a time: for a new visit, or for this visit to move to."""
        if self.choices is None:
            return
        finder = SlotFinderDialog(self.session, self.choices, visit, parent=self._window)
        finder.sig_book_requested.connect(self.book_found_time)
        finder.sig_move_requested.connect(self.sig_move_requested)
        finder.exec()

    def find_time(self, request: BookingRequest) -> bool:
        """Find a time for a patient another page asked to book (a call list's Book, the
        chart's Book…), with the type it asked for or else the patient's usual one; a visit
        booked for a call is logged as the call's outcome."""
        if self.choices is None:
            self._waiting_request = request  # the book is still loading: open once it has
            return True
        patients, schedule = self.session.patients, self.session.schedule

        def read() -> tuple[PatientSummary, uuid.UUID | None]:
            patient = patients.get(request.patient_id)
            return patient, request.type_id or schedule.usual_type(request.patient_id)

        run_task(
            self._window, read, lambda found: self._open_finder_for(found[0], found[1], request)
        )
        return True

    def _open_finder_for(
        self, patient: PatientSummary, type_id: uuid.UUID | None, request: BookingRequest
    ) -> None:
        if self.choices is None:
            return
        finder = SlotFinderDialog(
            self.session, self.choices, parent=self._window, patient=patient, type_id=type_id
        )
        finder.sig_book_requested.connect(
            lambda slot, chosen: self.book_found_time(slot, chosen, patient, request)
        )
        finder.exec()

    def book_found_time(
        self,
        slot: Slot,
        type_id: uuid.UUID | None,
        patient: PatientSummary | None = None,
        request: BookingRequest | None = None,
    ) -> None:
        """A free time picked in Find a time: the booking opens there, for the type and length
        looked for, and for the patient asked for; a visit of that type the patient already
        has close by is asked about first."""
        if self.choices is None:
            return
        if patient is not None and type_id is not None:
            schedule = self.session.schedule
            run_task(
                self._window,
                lambda: schedule.nearby_visits(patient.id, type_id, slot.start),
                lambda nearby: self._book_unless_declined(slot, type_id, patient, request, nearby),
            )
            return
        self._book(slot, type_id, patient, request)

    def _book_unless_declined(
        self,
        slot: Slot,
        type_id: uuid.UUID,
        patient: PatientSummary,
        request: BookingRequest | None,
        nearby: list[AppointmentInfo],
    ) -> None:
        zone = self.choices.zone if self.choices else UTC
        if nearby and not ask_second_visit(self._window, zone, patient.display_name, nearby):
            return
        self._book(slot, type_id, patient, request)

    def _book(
        self,
        slot: Slot,
        type_id: uuid.UUID | None,
        patient: PatientSummary | None,
        request: BookingRequest | None,
    ) -> None:
        """With the patient known (Book… from a chart, a search result or a call list), the
        time chosen in Find a time is booked at once: the finder already showed the patient,
        the type, the length and the column, so a confirming dialog would only cost a key. If
        the time was taken meanwhile, the booking dialog opens there with the conflict."""
        if self.choices is None:
            return
        if patient is not None:
            schedule = self.session.schedule
            proposal = NewAppointment(
                patient.id, slot.provider_id, slot.room_id, slot.start, slot.minutes, type_id
            )

            def failed(error: BaseException) -> None:
                if not isinstance(error, SchedulingConflict):
                    show_error(self._window, error)
                    return
                self._book_in_dialog(slot, type_id, patient, request)

            run_task(
                self._window,
                lambda: schedule.book(proposal),
                lambda booked: self._on_booked(booked, request),
                failed,
            )
            return
        self._book_in_dialog(slot, type_id, patient, request)

    def _book_in_dialog(
        self,
        slot: Slot,
        type_id: uuid.UUID | None,
        patient: PatientSummary | None,
        request: BookingRequest | None,
    ) -> None:
        if self.choices is None:
            return
        dialog = BookingDialog(
            self.session,
            self.choices,
            slot.start,
            provider_id=slot.provider_id,
            room_id=slot.room_id,
            patient=patient,
            type_id=type_id,
            minutes=slot.minutes,
            parent=self._window,
        )
        dialog.exec()
        if isinstance(dialog.booked, AppointmentInfo):
            self._on_booked(dialog.booked, request)

    def _on_booked(self, booked: AppointmentInfo, request: BookingRequest | None) -> None:
        """The book shows the visit; then what the page that asked wanted done once booked:
        the call logged, the treatment plan's item marked booked for this visit."""
        self.sig_visit_booked.emit(booked)
        if request is None:
            return
        topic, item_id = request.call_topic, request.plan_item_id
        if topic:
            calls = self.session.calls
            run_task(
                self._window,
                lambda: calls.log(booked.patient_id, topic, "booked", appointment_id=booked.id),
            )
        if item_id is not None:
            plans = self.session.plans
            run_task(self._window, lambda: plans.mark_booked(item_id, booked.id))
