"""Booking a visit: who, what, with whom, where, when; the conflicts are shown as you choose,
and booking over one takes an explicit, recorded "book anyway"."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from practicedesk.domain.hours import local_instant
from practicedesk.domain.recurrence import MAX_OCCURRENCES, Recurrence
from practicedesk.errors import SchedulingConflict
from practicedesk.services.patients.listing import PatientSummary
from practicedesk.services.practice.staff import ProviderInfo, RoomInfo
from practicedesk.services.schedule.records import AppointmentTypeInfo, NewAppointment
from practicedesk.services.session import PracticeSession
from practicedesk.ui.errors import message_line
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.combo import select_value
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.patient_picker import PatientPickerWidget
from practicedesk.ui.widgets.qt_dates import from_qdatetime, to_qdatetime


@dataclass(frozen=True, slots=True)
class BookingChoices:
    """What the book offers in the dialog, loaded once by the page."""

    types: list[AppointmentTypeInfo]
    providers: list[ProviderInfo]
    rooms: list[RoomInfo]
    step: int
    zone: ZoneInfo  # the practice's: times are shown and typed as its clocks show them


class BookingDialog(FormDialog):
    def __init__(
        self,
        session: PracticeSession,
        choices: BookingChoices,
        starts_at: datetime,
        *,
        provider_id: uuid.UUID | None = None,
        room_id: uuid.UUID | None = None,
        patient: PatientSummary | None = None,
        type_id: uuid.UUID | None = None,
        minutes: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`type_id` and `minutes` preset what Find a time was asked for; otherwise the
        first type and its length."""
        super().__init__(parent)
        self.session = session
        self.choices = choices
        self.booked: object | None = None
        self.setWindowTitle(self.tr("Book a visit"))
        self._build_form(starts_at, provider_id, room_id)
        self._checker = QTimer(self)
        self._checker.setSingleShot(True)
        self._checker.setInterval(150)
        self._checker.timeout.connect(self._on_check)
        self._conflicts: list[str] = []
        for signal in (
            self.type.currentIndexChanged,
            self.provider.currentIndexChanged,
            self.room.currentIndexChanged,
            self.when.dateTimeChanged,
            self.minutes.valueChanged,
        ):
            signal.connect(self._checker.start)
        self.type.currentIndexChanged.connect(self._on_type_chosen)
        self.repeat.currentIndexChanged.connect(
            lambda: self.repeat_count.setEnabled(bool(self.repeat.currentData()))
        )
        self.picker.sig_patient_chosen.connect(self._checker.start)
        self.anyway.toggled.connect(self._update_ok)
        if patient is not None:
            self.picker.choose(patient)
            self.notes.setFocus()  # a note may be typed; Enter books
        self._on_type_chosen()
        if type_id is not None:
            select_value(self.type, type_id, key=lambda kind: kind.id if kind else None)
        if minutes is not None:
            self.minutes.setValue(minutes)
        self._update_ok()

    def _build_form(
        self, starts_at: datetime, provider_id: uuid.UUID | None, room_id: uuid.UUID | None
    ) -> None:
        self.picker = PatientPickerWidget(self.session)
        self.type = QComboBox()
        for kind in self.choices.types:
            self.type.addItem(f"{kind.name} ({kind.minutes} min)", kind)
        self.provider = QComboBox()
        for provider in self.choices.providers:
            self.provider.addItem(provider.name, provider.id)
        self.room = QComboBox()
        self.room.addItem(self.tr("No chair"), None)
        for room in self.choices.rooms:
            self.room.addItem(room.name, room.id)
        if provider_id is not None:
            select_value(self.provider, provider_id)
        if room_id is not None:
            select_value(self.room, room_id)
        elif self.choices.rooms:
            self.room.setCurrentIndex(1)
        local = starts_at.astimezone(self.choices.zone).replace(tzinfo=None)
        self.when = QDateTimeEdit(to_qdatetime(local))
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd MM/dd/yyyy  h:mm AP")
        self.minutes = QSpinBox()
        self.minutes.setRange(5, 12 * 60)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(self.tr(" minutes"))
        self.notes = QLineEdit()
        self.repeat = QComboBox()
        self.repeat.addItem(self.tr("Does not repeat"), 0)
        for weeks in (1, 2, 3, 4, 6, 8, 12, 26):
            label = (
                self.tr("Every week") if weeks == 1 else self.tr("Every {n} weeks").format(n=weeks)
            )
            self.repeat.addItem(label, weeks)
        self.repeat_count = QSpinBox()
        self.repeat_count.setRange(2, MAX_OCCURRENCES)
        self.repeat_count.setValue(6)
        self.repeat_count.setSuffix(self.tr(" visits"))
        self.repeat_count.setEnabled(False)
        repeat_row = QHBoxLayout()
        repeat_row.addWidget(self.repeat, 1)
        repeat_row.addWidget(self.repeat_count)
        self.problems = message_line()
        self.anyway = QCheckBox(self.tr("Book anyway (the conflict is recorded with the visit)"))
        self.anyway.hide()
        self.form.addRow(self.tr("Patient"), self.picker)
        self.form.addRow(self.tr("Type"), self.type)
        self.form.addRow(self.tr("Provider"), self.provider)
        self.form.addRow(self.tr("Chair"), self.room)
        self.form.addRow(self.tr("When"), self.when)
        self.form.addRow(self.tr("Length"), self.minutes)
        self.form.addRow(self.tr("Repeat"), repeat_row)
        self.form.addRow(self.tr("Notes"), self.notes)
        self.form.addRow(self.problems)
        self.form.addRow(self.anyway)
        self.ok_button().setText(self.tr("Book"))

    def proposal(self) -> NewAppointment | None:
        patient = self.picker.chosen
        if patient is None:
            return None
        kind = self.type.currentData()
        return NewAppointment(
            patient_id=patient.id,
            provider_id=self.provider.currentData(),
            room_id=self.room.currentData(),
            starts_at=practice_instant(from_qdatetime(self.when.dateTime()), self.choices.zone),
            minutes=self.minutes.value(),
            type_id=kind.id if kind else None,
            notes=self.notes.text(),
        )

    def _on_type_chosen(self) -> None:
        kind = self.type.currentData()
        if kind is not None:
            self.minutes.setValue(kind.minutes)

    def _on_check(self) -> None:
        proposal = self.proposal()
        if proposal is None:
            self._show_conflicts([])
            return
        schedule = self.session.schedule
        run_task(self, lambda: [c.message for c in schedule.check(proposal)], self._show_conflicts)

    def _show_conflicts(self, conflicts: list[str]) -> None:
        self._conflicts = conflicts
        self.problems.setText("\n".join(f"• {line}" for line in conflicts))
        self.anyway.setVisible(bool(conflicts))
        if not conflicts:
            self.anyway.setChecked(False)
        self._update_ok()

    def _update_ok(self) -> None:
        ready = self.picker.chosen is not None and (not self._conflicts or self.anyway.isChecked())
        self.ok_button().setEnabled(ready)

    def _on_ok_clicked(self) -> None:
        proposal = self.proposal()
        if proposal is None:
            return
        schedule, anyway = self.session.schedule, self.anyway.isChecked()
        weeks = self.repeat.currentData()
        if weeks:
            rule = Recurrence(every_weeks=weeks, count=self.repeat_count.value())
            self.submit(
                lambda: schedule.book_series(proposal, rule, book_anyway=anyway),
                self._on_series_booked,
            )
            return
        self.submit(lambda: schedule.book(proposal, book_anyway=anyway), self._on_booked)

    def _on_series_booked(self, appointments: list[object]) -> None:
        self.booked = appointments[0] if appointments else None

    def _on_failed(self, error: BaseException) -> None:
        super()._on_failed(error)
        if isinstance(error, SchedulingConflict):
            self.anyway.show()  # a later visit of the series clashed: the same choice applies

    def _on_booked(self, appointment: object) -> None:
        self.booked = appointment


def practice_instant(wall_time: datetime, zone: ZoneInfo) -> datetime:
    """A date and time typed as the practice's clocks show them, as an instant."""
    return local_instant(wall_time.date(), wall_time.time().replace(second=0, microsecond=0), zone)
