"""The book's right-click menus: a visit's (confirm, its status steps, charges, open it or its
patient, its printouts, reschedule, the survey, and undo of its own last change) and an empty
time's (book here, undo, redo).

A module of its own because the menu is the book's longest list of actions and every one of
them is a request: what each action is called, where it stands, which key it shows and when it
is greyed out is decided here; the page does what is asked through the `sig_*_requested`
signals. The menu reads the session for permissions and the undo stack for the visit's own
undo, and never holds the page.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu, QWidget

from practicedesk.domain.visit_status import VisitStatus, can_move, is_forward_step
from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.schedule.flow_panel import STEP_KEYS, step_labels
from practicedesk.ui.schedule.undo_commands import visit_of
from practicedesk.ui.schedule.visit_printouts import preview_packet, print_card


class VisitMenus(QObject):
    sig_book_requested = Signal(int, int)  # the column and minutes right-clicked
    sig_confirmation_requested = Signal(object, str)  # the visit, how: "phone", "text", …
    sig_step_requested = Signal(object, object)  # the visit, the VisitStatus to step to
    sig_charges_requested = Signal(object)  # the visit
    sig_visit_requested = Signal(object)  # the visit's id
    sig_patient_requested = Signal(object, str)  # patient id, display name
    sig_reschedule_requested = Signal(object)  # the visit
    sig_survey_requested = Signal(object)  # the visit

    def __init__(
        self,
        session: PracticeSession,
        stack: QUndoStack,
        undo_redo: tuple[QAction, QAction],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.session, self._stack, self._undo_redo = session, stack, undo_redo
        self._window = parent  # the menus and the printouts' previews open over it

    def menu_for(self, visit: AppointmentInfo | None, column: int, minutes: int) -> QMenu:
        """A visit's menu offers undo and redo only of a change to that same visit: the
        stack's last change may be another patient's, which this menu must not touch."""
        menu = QMenu(self._window)
        if visit is None:
            book = menu.addAction(self.tr("Book here…"))
            book.setEnabled(self.session.can(Permission.BOOK))
            book.triggered.connect(lambda: self.sig_book_requested.emit(column, minutes))
            menu.addSeparator()
            menu.addActions(list(self._undo_redo))
            return menu
        self.add_visit_actions(menu, visit)
        stack = self._stack
        own = [
            (stack.undo, stack.command(stack.index() - 1), self.tr("Undo {what}")),
            (stack.redo, stack.command(stack.index()), self.tr("Redo {what}")),
        ]
        mine = [(act, c, label) for act, c, label in own if visit_of(c) == visit.id]
        if mine:
            menu.addSeparator()
        for act, command, label in mine:
            action = menu.addAction(label.format(what=command.text()))
            action.triggered.connect(act)
        return menu

    def add_visit_actions(self, menu: QMenu, visit: AppointmentInfo) -> None:
        """The status steps always in the same places, those this visit cannot take greyed
        out, so a coordinator's hand learns where Check out is."""
        tracking = self.session.can(Permission.TRACK_VISITS)
        confirm = menu.addMenu(self.tr("Confirm"))
        for how in (
            self.tr("by phone"),
            self.tr("by text"),
            self.tr("by email"),
            self.tr("in person"),
        ):
            action = confirm.addAction(how)
            action.triggered.connect(
                lambda _c=False, h=how: self.sig_confirmation_requested.emit(
                    visit, h.removeprefix("by ")
                )
            )
        confirm.setEnabled(
            self.session.can(Permission.BOOK) and can_move(visit.status, VisitStatus.CONFIRMED)
        )
        for status, label in step_labels().items():
            action = menu.addAction(label)
            keys = STEP_KEYS.get(status)
            if keys:
                action.setShortcut(QKeySequence(keys))
            action.setEnabled(tracking and is_forward_step(visit.status, status))
            action.triggered.connect(
                lambda _c=False, s=status: self.sig_step_requested.emit(visit, s)
            )
        charges = menu.addAction(self.tr("Charges and payment…"))
        charges.setEnabled(
            visit.status is VisitStatus.COMPLETED and self.session.can(Permission.TAKE_PAYMENTS)
        )  # a check-out whose dialog was left with Esc is charged from here
        charges.triggered.connect(lambda: self.sig_charges_requested.emit(visit))
        menu.addSeparator()
        details = menu.addAction(self.tr("Open the visit…"))
        details.triggered.connect(lambda: self.sig_visit_requested.emit(visit.id))
        patient = menu.addAction(self.tr("Open the patient"))
        patient.triggered.connect(
            lambda: self.sig_patient_requested.emit(visit.patient_id, visit.patient_name)
        )
        card = menu.addAction(self.tr("Appointment card…"))
        card.triggered.connect(lambda: print_card(self._window, self.session, visit))
        packet = menu.addAction(self.tr("Print the packet…"))
        packet.setShortcut(QKeySequence("Ctrl+P"))
        packet.setEnabled(self.session.can(Permission.EXPORT_RECORDS))
        packet.triggered.connect(lambda: preview_packet(self._window, self.session, visit))
        reschedule = menu.addAction(self.tr("Reschedule (find a time)…"))
        reschedule.setEnabled(self.session.can(Permission.BOOK))
        reschedule.triggered.connect(lambda: self.sig_reschedule_requested.emit(visit))
        survey = menu.addAction(self.tr("Hand the survey to the patient…"))
        survey.setEnabled(
            visit.status in (VisitStatus.SEATED, VisitStatus.COMPLETED)
            and self.session.can(Permission.EDIT_CHART)
        )
        survey.triggered.connect(lambda: self.sig_survey_requested.emit(visit))
