"""One visit: who, when, where, its status steps, notes, and its history.

The dialog shows; the page acts. A status step, the appointment card and changed notes are
asked for through the `sig_*_requested` signals, so the undo stack, the cancel reason and the
waitlist offer stay in one place (the Schedule page) whichever way a change starts.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practicedesk.domain.visit_status import VisitStatus, can_move
from practicedesk.services.schedule.records import AppointmentInfo, HistoryLine
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.schedule.booking_dialog import BookingChoices
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.formats import format_date

_STEPS = (
    (VisitStatus.ARRIVED, "Check in"),
    (VisitStatus.SEATED, "Seat"),
    (VisitStatus.COMPLETED, "Check out"),
    (VisitStatus.NO_SHOW, "No-show"),
    (VisitStatus.CANCELLED, "Cancel…"),
)


class AppointmentDialog(QDialog):
    sig_status_change_requested = Signal(object, object)  # AppointmentInfo, VisitStatus
    sig_print_requested = Signal(object)  # AppointmentInfo: its appointment card
    sig_notes_change_requested = Signal(object, str)  # AppointmentInfo, the notes as typed

    def __init__(
        self,
        session: PracticeSession,
        visit: AppointmentInfo,
        choices: BookingChoices,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.visit, self.choices = session, visit, choices
        self.setWindowTitle(self.tr("Visit: {name}").format(name=visit.patient_name))
        self.setMinimumWidth(560)
        self._build_ui()
        run_task(self, lambda: session.schedule.history(visit.id), self._on_history)

    def _build_ui(self) -> None:
        visit = self.visit
        local = visit.starts_at.astimezone(self.choices.zone)
        providers = {p.id: p.name for p in self.choices.providers}
        rooms = {r.id: r.name for r in self.choices.rooms}
        form = QFormLayout()
        born = format_date(visit.patient_birth_date)
        form.addRow(
            self.tr("Patient"),
            QLabel(f"{visit.patient_name}   {born}   {visit.patient_phone}".strip()),
        )
        form.addRow(
            self.tr("When"),
            QLabel(
                local.strftime("%A %B %d, %Y, %I:%M %p").replace(" 0", " ")
                + f" ({visit.minutes} min)"
            ),
        )
        form.addRow(self.tr("Type"), QLabel(visit.type_name or "—"))
        form.addRow(self.tr("Provider"), QLabel(providers.get(visit.provider_id, "")))
        form.addRow(
            self.tr("Chair"), QLabel(rooms.get(visit.room_id, "—") if visit.room_id else "—")
        )
        status = visit.status.label + (f" ({visit.confirmed_via})" if visit.confirmed_via else "")
        if visit.cancel_reason:
            status += f": {visit.cancel_reason}"
        form.addRow(self.tr("Status"), QLabel(status))
        if visit.booked_over:
            warning = QLabel(
                self.tr("Booked over a conflict: {what}").format(what=visit.booked_over)
            )
            warning.setObjectName("fieldProblem")
            warning.setWordWrap(True)
            form.addRow(warning)
        steps = QHBoxLayout()
        for status_step, label in _STEPS:
            if can_move(visit.status, status_step):
                button = QPushButton(self.tr(label))
                button.setEnabled(self.session.can(Permission.TRACK_VISITS))
                button.clicked.connect(lambda _c=False, s=status_step: self._on_step(s))
                steps.addWidget(button)
        steps.addStretch(1)
        card = QPushButton(self.tr("Appointment card…"))
        card.clicked.connect(lambda: self.sig_print_requested.emit(self.visit))
        steps.addWidget(card)
        self.notes = QPlainTextEdit(visit.notes)
        self.notes.setMaximumHeight(70)
        self.notes.setReadOnly(not self.session.can(Permission.BOOK))
        self.history = QListWidget()
        self.history.setObjectName("visitHistory")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self._on_close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(steps)
        layout.addWidget(QLabel(self.tr("Notes")))
        layout.addWidget(self.notes)
        layout.addWidget(QLabel(self.tr("History")))
        layout.addWidget(self.history)
        layout.addWidget(buttons)

    def _on_history(self, lines: list[HistoryLine]) -> None:
        for line in lines:
            when = line.at.astimezone(self.choices.zone).strftime("%m/%d/%Y %I:%M %p")
            self.history.addItem(f"{when}  {line.username}: {line.summary}")

    def _on_step(self, status: VisitStatus) -> None:
        self.accept()
        self.sig_status_change_requested.emit(self.visit, status)

    def _on_close(self) -> None:
        text = self.notes.toPlainText()
        if text != self.visit.notes and self.session.can(Permission.BOOK):
            self.sig_notes_change_requested.emit(self.visit, text)
        self.reject()
