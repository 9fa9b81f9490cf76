"""The Schedule page: the appointment book.

Day view (a column per provider or chair), week view (a column per day of one provider or
chair), month overview and agenda; today's patient flow on the right. Booking, moving,
stretching and status changes go through the services on the database worker; moves and
status changes are undoable (Ctrl+Z / Ctrl+Shift+Z). Booking (`booking_flow.py`) and the
right-click menus (`visit_menu.py`) are modules beside it that reach the page by signals.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, QPoint
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QHeaderView,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
)

from practicedesk.domain.slots import Slot
from practicedesk.domain.visit_status import VisitStatus, is_forward_step
from practicedesk.errors import SchedulingConflict
from practicedesk.services.areas import Area
from practicedesk.services.practice.settings import GRID_MINUTES
from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.errors import show_error
from practicedesk.ui.money.desk_actions import (
    amounts_to_collect,
    offer_to_collect,
    open_check_out,
    visits_not_charged,
)
from practicedesk.ui.schedule.agenda_model import AgendaModel
from practicedesk.ui.schedule.booking_dialog import BookingChoices
from practicedesk.ui.schedule.booking_flow import BookingFlow, usual_room
from practicedesk.ui.schedule.flow_panel import STEP_KEYS, FlowPanel
from practicedesk.ui.schedule.grid_builder import column_target, day_content, week_content
from practicedesk.ui.schedule.grid_view import GridView
from practicedesk.ui.schedule.month_view import MonthView
from practicedesk.ui.schedule.schedule_toolbar import ScheduleToolbar, View
from practicedesk.ui.schedule.undo_commands import move_command, status_command
from practicedesk.ui.schedule.visit_dialogs import (
    CancelDialog,
    ask_whole_series,
    confirm_over_conflicts,
    show_waitlist_offers,
)
from practicedesk.ui.schedule.visit_menu import VisitMenus
from practicedesk.ui.schedule.visit_printouts import (
    print_card,
    print_packet_now,
    save_packet,
)
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.page import BookingRequest, PageWidget
from practicedesk.ui.widgets.qt_dates import from_qdate, to_qdate


class SchedulePage(PageWidget):
    areas = frozenset(
        {Area.SCHEDULE, Area.STAFF, Area.SCHEDULE_SETUP, Area.PATIENTS, Area.SETTINGS}
    )

    def __init__(self, session: PracticeSession) -> None:
        super().__init__(session)
        self._select_after_load: uuid.UUID | None = None  # a visit just booked
        self.visits: dict[uuid.UUID, AppointmentInfo] = {}
        self.undo_stack = QUndoStack(self)
        self.booking = BookingFlow(session, self)
        self._build_ui()
        self._connect()

    # -- building -------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.toolbar = ScheduleToolbar(self.session.can(Permission.BOOK), self.session.today)
        self.day_view = GridView()
        self.week_view = GridView()
        self.month_view = MonthView()
        self.agenda = AgendaModel()
        self.agenda_view = QTableView()
        self.agenda_view.setModel(self.agenda)
        self.agenda_view.verticalHeader().hide()
        self.agenda_view.setAlternatingRowColors(True)
        header = self.agenda_view.horizontalHeader()
        # Every column as wide as its longest entry, the last taking what is left: a name is
        # never cut to "Cervantes, …" to give an empty Status column room.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.views = QStackedWidget()
        for view in (self.day_view, self.week_view, self.month_view, self.agenda_view):
            self.views.addWidget(view)
        self.flow = FlowPanel()
        self.flow.setMinimumWidth(230)
        split = QSplitter()
        split.addWidget(self.views)
        split.addWidget(self.flow)
        split.setStretchFactor(0, 1)
        split.setSizes([900, 250])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.toolbar)
        layout.addWidget(split, 1)
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("Redo"))
        self.redo_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")]
        )
        self.addActions([self.undo_action, self.redo_action])
        self.menus = VisitMenus(
            self.session, self.undo_stack, (self.undo_action, self.redo_action), self
        )
        for status, keys in STEP_KEYS.items():
            QShortcut(QKeySequence(keys), self, lambda s=status: self._on_step_key(s))
        QShortcut(QKeySequence("Ctrl+P"), self, self._on_print_key)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, self._on_save_key)

    def _connect(self) -> None:
        self.toolbar.sig_changed.connect(self.refresh)
        self.toolbar.sig_find_requested.connect(self.booking.open_finder)
        self.toolbar.sig_waitlist_requested.connect(self._on_waitlist_requested)
        self.toolbar.sig_day_sheet_requested.connect(self._on_day_sheet_requested)
        self.toolbar.sig_packets_requested.connect(self._on_packets_requested)
        self.toolbar.sig_export_requested.connect(self._on_export_requested)
        for view in (self.day_view, self.week_view):
            grid = view.grid
            grid.sig_slot_activated.connect(self._on_slot_activated)
            grid.sig_appointment_activated.connect(self._on_appointment_activated)
            grid.sig_appointment_dropped.connect(self._on_appointment_dropped)
            grid.sig_appointment_resized.connect(self._on_appointment_resized)
            grid.sig_menu_requested.connect(self._on_menu_requested)
        self.month_view.clicked.connect(self._on_month_day_clicked)
        self.flow.sig_appointment_chosen.connect(self._on_appointment_activated)
        self.flow.sig_step_requested.connect(self._on_flow_step)
        self.booking.sig_visit_booked.connect(self.show_booked)
        self.booking.sig_move_requested.connect(self._on_move_requested)
        menus = self.menus
        menus.sig_book_requested.connect(self._on_slot_activated)
        menus.sig_confirmation_requested.connect(
            lambda visit, via: self.change_status(visit, VisitStatus.CONFIRMED, via=via)
        )
        menus.sig_step_requested.connect(self.take_step)
        menus.sig_charges_requested.connect(self.charge)
        menus.sig_visit_requested.connect(self._on_appointment_activated)
        menus.sig_patient_requested.connect(self.sig_patient_requested)
        menus.sig_reschedule_requested.connect(self.booking.open_finder)
        menus.sig_survey_requested.connect(self._on_survey_requested)

    # -- loading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        session, toolbar = self.session, self.toolbar
        view, day = toolbar.view(), toolbar.day()

        def load() -> dict[str, Any]:
            schedule = session.schedule
            staff = session.staff
            result: dict[str, Any] = {
                "zone": schedule.zone(),
                "providers": staff.providers(),
                "rooms": staff.rooms(),
                "types": session.schedule_setup.appointment_types(),
                "step": session.settings.get(GRID_MINUTES),
                "today": schedule.day(datetime.now(UTC).astimezone(schedule.zone()).date()),
            }
            result["to_collect"] = amounts_to_collect(session, result["today"].appointments)
            result["uncharged"] = visits_not_charged(session, result["today"].appointments)
            if view in (View.DAY, View.WEEK):
                unconfirmed = session.calls.confirmations()
                result["unconfirmed"] = frozenset(row.appointment_id for row in unconfirmed)
            if view is View.DAY:
                result["day"] = schedule.day(day)
            elif view is View.WEEK:
                monday = day - timedelta(days=day.weekday())
                resource = toolbar.week_resource()
                key = "room_id" if toolbar.by_room() else "provider_id"
                filters = {key: resource} if resource else {}
                result["days"] = schedule.days(monday, monday + timedelta(days=6), **filters)
            elif view is View.MONTH:
                first = day.replace(day=1)
                result["counts"] = schedule.counts_by_day(
                    first - timedelta(days=7), first + timedelta(days=45)
                )
            else:
                monday = day - timedelta(days=day.weekday())
                result["agenda"] = schedule.between(monday, monday + timedelta(days=6))
            return result

        run_task(self, load, self._on_loaded)

    def _on_loaded(self, loaded: dict[str, Any]) -> None:
        zone, step = loaded["zone"], loaded["step"]
        self.booking.set_choices(
            BookingChoices(loaded["types"], loaded["providers"], loaded["rooms"], step, zone)
        )
        self.toolbar.set_resources(loaded["providers"], loaded["rooms"])
        today = loaded["today"]
        self.flow.set_visits(today.appointments, zone, loaded["to_collect"], loaded["uncharged"])
        self.visits = {v.id: v for v in today.appointments}
        show_cancelled = self.toolbar.show_cancelled()
        now = datetime.now(UTC)
        view = self.toolbar.view()
        self.views.setCurrentIndex(list(View).index(view))
        if "day" in loaded:
            day = loaded["day"]
            self.visits.update({v.id: v for v in day.appointments})
            content = day_content(
                day, zone, loaded["providers"], loaded["rooms"],
                by_room=self.toolbar.by_room(), step=step, show_cancelled=show_cancelled,
                unconfirmed=loaded["unconfirmed"],
            )  # fmt: skip
            is_today = day.day_span.start <= now < day.day_span.end
            first_show = self.day_view.grid.content is None
            self.day_view.set_content(content, content.local_minutes(now) if is_today else None)
            if first_show:
                self.day_view.scroll_to_minutes(content.first_minute + 60)
            self._select_booked()
        elif "days" in loaded:
            resource = self.toolbar.current_week_resource()
            if resource is not None:
                for day in loaded["days"]:
                    self.visits.update({v.id: v for v in day.appointments})
                content = week_content(
                    loaded["days"], zone, resource, is_provider=not self.toolbar.by_room(),
                    step=step, show_cancelled=show_cancelled, unconfirmed=loaded["unconfirmed"],
                )  # fmt: skip
                today_index = next(
                    (
                        i
                        for i, d in enumerate(loaded["days"])
                        if d.day_span.start <= now < d.day_span.end
                    ),
                    None,
                )
                self.week_view.set_content(
                    content, content.local_minutes(now) if today_index is not None else None
                )
        elif "counts" in loaded:
            self.month_view.setSelectedDate(to_qdate(self.toolbar.day()))
            self.month_view.set_counts(loaded["counts"])
        elif "agenda" in loaded:
            self.agenda.zone = zone
            self.agenda.provider_names = {p.id: p.name for p in loaded["providers"]}
            self.agenda.room_names = {r.id: r.name for r in loaded["rooms"]}
            self.agenda.set_rows(loaded["agenda"])

    def _select_booked(self) -> None:
        booked, self._select_after_load = self._select_after_load, None
        grid = self.day_view.grid
        block = grid.block(booked) if booked else None
        if block is None:
            return
        grid.select(block.appointment.id)
        zone = self.choices.zone if self.choices else UTC
        local = block.appointment.starts_at.astimezone(zone)
        self.day_view.scroll_to_minutes(local.hour * 60 + local.minute - 60)

    def current_grid_view(self) -> GridView:
        return self.week_view if self.toolbar.view() is View.WEEK else self.day_view

    # -- booking --------------------------------------------------------------------------------

    @property
    def choices(self) -> BookingChoices | None:
        """What the book offers to book with (types, providers, chairs, grid step, zone), once
        loaded; the booking flow holds them."""
        return self.booking.choices

    def _on_slot_activated(self, column: int, minutes: int) -> None:
        content = self.current_grid_view().grid.content
        if content is None or not self.session.can(Permission.BOOK):
            return
        target = content.columns[column]
        provider_id = target.key if target.is_provider else None
        room_id = None if target.is_provider else target.key
        if target.is_provider:
            room_id = usual_room(self.visits.values(), provider_id)
        self.booking.book_at(content.instant(column, minutes), provider_id, room_id)

    def find_time(self, request: BookingRequest) -> bool:
        return self.booking.find_time(request)

    def show_booked(self, visit: AppointmentInfo) -> None:
        """Say what was booked, and move the book to its day with the visit selected, so
        it is there on the Schedule page whichever page asked for it."""
        zone = self.choices.zone if self.choices else UTC
        local = visit.starts_at.astimezone(zone)
        self._select_after_load = visit.id
        self.toolbar.show_day(local.date())
        when = local.strftime("%a %m/%d/%Y %I:%M %p").replace(" 0", " ")
        self.sig_notice_requested.emit(
            self.tr("Booked {name}: {type} {when}.").format(
                name=visit.patient_name, type=visit.type_name, when=when
            )
        )

    def _on_appointment_activated(self, appointment_id: uuid.UUID) -> None:
        from practicedesk.ui.schedule.appointment_dialog import AppointmentDialog

        visit = self.visits.get(appointment_id)
        if visit is None or self.choices is None:
            return
        dialog = AppointmentDialog(self.session, visit, self.choices, parent=self)
        dialog.sig_status_change_requested.connect(self.take_step)
        dialog.sig_print_requested.connect(lambda shown: print_card(self, self.session, shown))
        dialog.sig_notes_change_requested.connect(self._on_notes_change_requested)
        dialog.exec()

    def _on_notes_change_requested(self, visit: AppointmentInfo, notes: str) -> None:
        schedule = self.session.schedule
        run_task(self, lambda: schedule.update_notes(visit.id, notes))

    # -- moving ---------------------------------------------------------------------------------

    def _on_appointment_dropped(self, appointment_id: uuid.UUID, column: int, minutes: int) -> None:
        content = self.current_grid_view().grid.content
        visit = self.visits.get(appointment_id)
        if content is None or visit is None:
            return
        provider_id, room_id = column_target(content, column, visit)
        self.propose_move(
            visit, content.instant(column, minutes), provider_id, room_id, visit.minutes
        )

    def _on_appointment_resized(self, appointment_id: uuid.UUID, minutes: int) -> None:
        visit = self.visits.get(appointment_id)
        if visit is not None:
            self.propose_move(visit, visit.starts_at, visit.provider_id, visit.room_id, minutes)

    def _on_move_requested(self, visit: AppointmentInfo, slot: Slot) -> None:
        self.propose_move(visit, slot.start, slot.provider_id, slot.room_id, slot.minutes)

    def propose_move(
        self,
        visit: AppointmentInfo,
        starts_at: datetime,
        provider_id: uuid.UUID,
        room_id: uuid.UUID | None,
        minutes: int,
    ) -> None:
        """Check first; over a conflict only with an explicit "move anyway"; then undoably.
        A visit of a repeating series may take the ones that follow along."""
        from practicedesk.services.schedule.records import NewAppointment

        if visit.series_id is not None and ask_whole_series(self, visit):
            self._move_series(visit, starts_at, provider_id, room_id, minutes)
            return

        proposal = NewAppointment(
            visit.patient_id, provider_id, room_id, starts_at, minutes, visit.type_id
        )
        schedule = self.session.schedule

        def decided(conflicts: list[str]) -> None:
            anyway = bool(conflicts)
            if conflicts and not confirm_over_conflicts(self, conflicts, self.tr("Move")):
                self.refresh()  # put the dragged block back
                return
            command = move_command(
                self.session, self.run_change, visit, starts_at=starts_at,
                provider_id=provider_id, room_id=room_id, minutes=minutes, book_anyway=anyway,
            )  # fmt: skip
            self.undo_stack.push(command)

        run_task(self, lambda: [c.message for c in schedule.check(proposal, visit.id)], decided)

    def _move_series(
        self,
        visit: AppointmentInfo,
        starts_at: datetime,
        provider_id: uuid.UUID,
        room_id: uuid.UUID | None,
        minutes: int,
    ) -> None:
        """Every later visit of the series shifts by the same wall-clock time, not undoable."""
        zone = self.choices.zone if self.choices else UTC
        old, new = visit.starts_at.astimezone(zone), starts_at.astimezone(zone)
        shift = datetime.combine(old.date(), new.time()) - datetime.combine(old.date(), old.time())
        shift += timedelta(days=(new.date() - old.date()).days)
        schedule = self.session.schedule

        def move_all(anyway: bool = False) -> Any:
            return schedule.move_following(
                visit.id, shift=shift, provider_id=provider_id, room_id=room_id,
                minutes=minutes, book_anyway=anyway,
            )  # fmt: skip

        def failed(error: BaseException) -> None:
            if not isinstance(error, SchedulingConflict):
                show_error(self, error)
            elif confirm_over_conflicts(self, error.conflicts, self.tr("Move them")):
                run_task(self, lambda: move_all(True))
                return
            self.refresh()  # put the dragged block back

        run_task(self, move_all, None, failed)

    def run_change(self, change: Callable[[], Any]) -> None:
        """Run a change on the database worker; offer a freed time to the waitlist."""

        def done(result: Any) -> None:
            names = [offer.patient_name for offer in getattr(result, "waitlist", [])]
            show_waitlist_offers(self, names)

        def failed(error: BaseException) -> None:
            show_error(self, error)
            if isinstance(error, SchedulingConflict):
                self.refresh()

        run_task(self, change, done, failed)

    # -- statuses -------------------------------------------------------------------------------

    def change_status(self, visit: AppointmentInfo, status: VisitStatus, *, via: str = "") -> None:
        """The one way the book changes a visit's status (menu, Today's patients, shortcuts),
        each in one action: checking in then offers what to collect, checking out opens the
        check-out dialog for the charges and the payment (Esc leaves them for later)."""
        reason = ""
        if status is VisitStatus.CANCELLED:
            dialog = CancelDialog(visit.patient_name, self)
            if not dialog.exec():
                return
            reason = dialog.reason.currentText().strip()
            if visit.series_id is not None and ask_whole_series(self, visit):
                schedule = self.session.schedule
                self.run_change(lambda: schedule.cancel_following(visit.id, reason))
                return
        self.undo_stack.push(
            status_command(self.session, self.run_change, visit, status, via=via, reason=reason)
        )
        if status is VisitStatus.ARRIVED:
            offer_to_collect(self, self.session, visit)
        elif status is VisitStatus.COMPLETED and self.session.can(Permission.TAKE_PAYMENTS):
            self.charge(visit)

    def charge(self, visit: AppointmentInfo) -> None:
        """The check-out dialog for the visit's charges and payment: after checking out, or
        later from the visit's menu when it was left with Esc."""
        dialog = open_check_out(self, self.session, visit)
        dialog.sig_book_next_requested.connect(
            lambda: self.find_time(BookingRequest(visit.patient_id, visit.patient_name))
        )  # the patient and their usual type filled in, as the chart's Book…
        dialog.sig_survey_requested.connect(lambda: self._on_survey_requested(visit))

    def _on_menu_requested(
        self, appointment_id: uuid.UUID | None, column: int, minutes: int, where: QPoint
    ) -> None:
        menu = self.menu_for(appointment_id, column, minutes)
        menu.exec(where)
        menu.deleteLater()  # its action has run; kept, every right-click's menu stayed all day

    def menu_for(self, appointment_id: uuid.UUID | None, column: int, minutes: int) -> QMenu:
        visit = self.visits.get(appointment_id) if appointment_id else None
        return self.menus.menu_for(visit, column, minutes)

    def _on_survey_requested(self, visit: AppointmentInfo) -> None:
        from practicedesk.ui.forms.survey_handover import hand_survey_to_patient

        hand_survey_to_patient(self, self.session, visit)

    # -- one key on the selected visit ----------------------------------------------------------

    def selected_visit(self) -> AppointmentInfo | None:
        """The visit chosen in Today's patients when that list has the keyboard, else the
        one selected in the book."""
        chosen = self.flow.current() if self.flow.tree.hasFocus() else None
        if chosen is None and self.toolbar.view() in (View.DAY, View.WEEK):
            chosen = self.current_grid_view().grid.selected
        return self.visits.get(chosen) if chosen else None

    def _on_step_key(self, status: VisitStatus) -> None:
        visit = self.selected_visit()
        if visit is not None and is_forward_step(visit.status, status):
            self.take_step(visit, status)

    def _on_flow_step(self, appointment_id: uuid.UUID, status: VisitStatus) -> None:
        visit = self.visits.get(appointment_id)
        if visit is not None and is_forward_step(visit.status, status):
            self.take_step(visit, status)

    def take_step(self, visit: AppointmentInfo, status: VisitStatus) -> None:
        """Every status step of the desk comes here, however it was asked for."""
        if status is VisitStatus.COMPLETED:
            self.check_out(visit)
        else:
            self.change_status(visit, status)

    def check_out(self, visit: AppointmentInfo) -> None:
        """The one way a visit is checked out (menu, key, button, visit dialog): the place
        where taking the payment at check-out can hook in."""
        self.change_status(visit, VisitStatus.COMPLETED)

    def _on_print_key(self) -> None:
        visit = self.selected_visit()
        if visit is not None and self.session.can(Permission.EXPORT_RECORDS):
            print_packet_now(self, self.session, visit)

    def _on_save_key(self) -> None:
        visit = self.selected_visit()
        if visit is not None and self.session.can(Permission.EXPORT_RECORDS):
            zone = self.choices.zone if self.choices else UTC
            save_packet(self, self.session, visit, zone, self.sig_notice_requested.emit)

    # -- the rest of the toolbar ----------------------------------------------------------------

    def _on_month_day_clicked(self, day: QDate) -> None:
        self.toolbar.show_day(from_qdate(day))

    def _on_waitlist_requested(self) -> None:
        from practicedesk.ui.schedule.waitlist_dialog import WaitlistDialog

        WaitlistDialog(self.session, parent=self).exec()

    def _on_packets_requested(self) -> None:
        from practicedesk.ui.forms.packet_batch_dialog import PacketBatchDialog

        day = self.toolbar.day()
        PacketBatchDialog(self.session, day + timedelta(days=1), parent=self).open()

    def _on_day_sheet_requested(self) -> None:
        from practicedesk.ui.schedule.day_sheet_dialog import DaySheetDialog

        if self.choices is not None:
            DaySheetDialog(
                self.session, self.toolbar.day(), self.choices.providers, parent=self
            ).exec()

    def _on_export_requested(self) -> None:
        from practicedesk.ui.schedule.calendar_export_dialog import CalendarExportDialog

        if self.choices is not None:
            CalendarExportDialog(
                self.session, self.choices.providers, self.toolbar.day(), self
            ).exec()

    def show_day(self, day: date) -> None:
        self.toolbar.show_day(day)
