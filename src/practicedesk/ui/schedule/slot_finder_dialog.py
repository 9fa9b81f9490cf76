"""Find a time: what is needed (type, length, provider, chair, days, hours, how far ahead),
and a list of free times to pick from. Picking one asks the page to book it, or to move the
visit being rescheduled there (with the page's conflict check and undo). Opened for a patient
(from a call list), it looks for times that patient is free, with the type asked for."""

from __future__ import annotations

import uuid
from datetime import time

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from practicedesk.domain.slots import Slot
from practicedesk.services.patients.listing import PatientSummary
from practicedesk.services.schedule.records import AppointmentInfo, SlotQuery
from practicedesk.services.session import PracticeSession
from practicedesk.ui.schedule.booking_dialog import BookingChoices
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.combo import select_value
from practicedesk.ui.widgets.qt_dates import from_qtime
from practicedesk.ui.widgets.weekday_picker import WeekdayPickerWidget


class SlotFinderDialog(QDialog):
    sig_book_requested = Signal(object, object)  # the Slot picked, the type id wanted or None
    sig_move_requested = Signal(object, object)  # the AppointmentInfo rescheduled, the Slot

    def __init__(
        self,
        session: PracticeSession,
        choices: BookingChoices,
        visit: AppointmentInfo | None = None,
        parent: QWidget | None = None,
        *,
        patient: PatientSummary | None = None,
        type_id: uuid.UUID | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.choices, self.visit = session, choices, visit
        self.patient = patient
        if visit:
            title = self.tr("Reschedule {name}").format(name=visit.patient_name)
        elif patient:
            title = self.tr("Find a time for {name}").format(name=patient.display_name)
        else:
            title = self.tr("Find a free time")
        self.setWindowTitle(title)
        self.setMinimumSize(620, 560)
        self._build_ui()
        if visit is not None:
            select_value(self.type, visit.type_id)
            self.minutes.setValue(visit.minutes)
            select_value(self.provider, visit.provider_id)
        elif type_id is not None:
            select_value(self.type, type_id)

    def _build_ui(self) -> None:
        self.type = QComboBox()
        self.type.addItem(self.tr("Any type"), None)
        for kind in self.choices.types:
            self.type.addItem(f"{kind.name} ({kind.minutes} min)", kind.id)
        self.minutes = QSpinBox()
        self.minutes.setRange(5, 480)
        self.minutes.setSingleStep(5)
        self.minutes.setValue(30)
        self.minutes.setSuffix(self.tr(" minutes"))
        self.provider = QComboBox()
        self.provider.addItem(self.tr("Any provider who takes it"), None)
        for provider in self.choices.providers:
            self.provider.addItem(provider.name, provider.id)
        self.room = QComboBox()
        self.room.addItem(self.tr("Any chair"), None)
        for room in self.choices.rooms:
            self.room.addItem(room.name, room.id)
        self.days = WeekdayPickerWidget()
        self.earliest = QTimeEdit(QTime(7, 0))
        self.latest = QTimeEdit(QTime(19, 0))
        hours = QHBoxLayout()
        hours.addWidget(self.earliest)
        hours.addWidget(QLabel(self.tr("to")))
        hours.addWidget(self.latest)
        hours.addStretch(1)
        self.weeks = QSpinBox()
        self.weeks.setRange(1, 26)
        self.weeks.setValue(8)
        self.weeks.setSuffix(self.tr(" weeks"))
        self.search = QPushButton(self.tr("Find"))
        self.search.setDefault(True)
        self.results = QListWidget()
        self.results.setObjectName("slotResults")
        self.status = QLabel()
        form = QFormLayout()
        form.addRow(self.tr("Type"), self.type)
        form.addRow(self.tr("Length"), self.minutes)
        form.addRow(self.tr("Provider"), self.provider)
        form.addRow(self.tr("Chair"), self.room)
        form.addRow(self.tr("Days"), self.days)
        form.addRow(self.tr("Between"), hours)
        form.addRow(self.tr("Within"), self.weeks)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.pick = buttons.addButton(
            self.tr("Book this time") if self.visit is None else self.tr("Move to this time"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.pick.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.search)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        layout.addWidget(buttons)
        self.type.currentIndexChanged.connect(self._on_type_chosen)
        self.search.clicked.connect(self._on_find_clicked)
        self.results.currentItemChanged.connect(lambda item: self.pick.setEnabled(item is not None))
        self.results.itemDoubleClicked.connect(lambda _item: self._on_pick())
        self.pick.clicked.connect(self._on_pick)
        buttons.rejected.connect(self.reject)

    def query(self) -> SlotQuery:
        return SlotQuery(
            minutes=self.minutes.value(),
            provider_id=self.provider.currentData(),
            room_id=self.room.currentData(),
            type_id=self.type.currentData(),
            patient_id=self.visit.patient_id
            if self.visit
            else (self.patient.id if self.patient else None),
            weekdays=self.days.checked(),
            earliest=from_qtime(self.earliest.time()),
            latest_end=from_qtime(self.latest.time())
            if self.latest.time() < QTime(23, 59)
            else time(23, 59),
            weeks=self.weeks.value(),
        )

    def _on_type_chosen(self) -> None:
        kind = next((k for k in self.choices.types if k.id == self.type.currentData()), None)
        if kind is not None:
            self.minutes.setValue(kind.minutes)

    def _on_find_clicked(self) -> None:
        query, schedule = self.query(), self.session.schedule
        self.status.setText(self.tr("Looking…"))
        run_task(self, lambda: schedule.find_slots(query), self._on_found)

    def _on_found(self, slots: list[Slot]) -> None:
        self.results.clear()
        providers = {p.id: p.name for p in self.choices.providers}
        rooms = {r.id: r.name for r in self.choices.rooms}
        for slot in slots:
            local = slot.start.astimezone(self.choices.zone)
            text = local.strftime("%a %b %d  %I:%M %p").replace(" 0", " ")
            where = f" — {rooms[slot.room_id]}" if slot.room_id in rooms else ""
            item = QListWidgetItem(f"{text}   {providers.get(slot.provider_id, '')}{where}")
            item.setData(256, slot)
            self.results.addItem(item)
        self.status.setText(
            self.tr("No free time matches; try more weeks or other days.")
            if not slots
            else self.tr("{n} free times, soonest first.").format(n=len(slots))
        )

    def _on_pick(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        slot: Slot = item.data(256)
        self.accept()
        if self.visit is not None:
            self.sig_move_requested.emit(self.visit, slot)
        else:
            self.sig_book_requested.emit(slot, self.type.currentData())
