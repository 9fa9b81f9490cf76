"""The Worklists page: the coordinator's to-do lists. My tasks and everyone's, insurance to
verify before the coming visits, referrals and pre-authorizations still waiting, the
readiness board of the coming surgeries, the call lists (recall, confirmations, broken
appointments, from ui/recall/), the e-mail reminders that failed or wait for a call
(reminders_tab.py), and, for those who see money, balances to collect, claims to follow and
the day's money (ui/money/). A double-click opens the patient's chart; Enter on a row of
insurance to verify records the call (the dialog offers the last check's answers); the lists
refresh when a chart changes."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QLabel, QTabWidget, QVBoxLayout, QWidget

from practicedesk.domain.readiness import SHORT, Colour, open_by_kind
from practicedesk.services.areas import Area
from practicedesk.services.chart.records import TaskInfo, VerificationInfo
from practicedesk.services.chart.worklists import LOOK_AHEAD_DAYS, VerifyItem, WaitingItem
from practicedesk.services.forms.readiness import BOARD_DAYS, BoardRow
from practicedesk.services.patients.chart_numbers import CHART_NUMBER_TASK
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.money.worklist_tabs import add_money_tabs
from practicedesk.ui.recall.confirmation_list import ConfirmationListWidget
from practicedesk.ui.recall.recall_list import RecallListWidget
from practicedesk.ui.recall.unscheduled_list import UnscheduledListWidget
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.formats import format_date
from practicedesk.ui.widgets.list_panel import ListPanelWidget
from practicedesk.ui.widgets.page import PageWidget
from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog
from practicedesk.ui.widgets.task_dialog import TaskDialog, task_cells
from practicedesk.ui.widgets.verify_dialog import VerifyDialog
from practicedesk.ui.worklists.list_groups import ListGroups
from practicedesk.ui.worklists.readiness_dialog import COLOURS, ReadinessDialog, colour_word
from practicedesk.ui.worklists.reminders_tab import RemindersWorklistWidget

_RANKS = ("primary", "secondary", "third", "fourth")
_COLOUR_COLUMN = 4
_Lists = tuple[
    ZoneInfo,
    list[TaskInfo],
    list[TaskInfo],
    list[VerifyItem],
    list[WaitingItem],
    list[BoardRow],
]


class WorklistsPage(PageWidget):
    areas = frozenset({Area.PATIENTS, Area.TASKS, Area.SCHEDULE, Area.SETTINGS, Area.MONEY})

    def __init__(self, session: PracticeSession) -> None:
        super().__init__(session)
        self.mine = ListPanelWidget(
            ["Task", "Patient", "Due", "For", "State"], self.tr("Nothing on your list.")
        )
        self.everyone = ListPanelWidget(
            ["Task", "Patient", "Due", "For", "State"], self.tr("No open tasks.")
        )
        self.verify = ListPanelWidget(
            ["Visit", "Patient", "Chart #", "Plan", "Member id", "Company phone", "Last verified"],
            self.tr("Every patient booked in the next {n} days has verified insurance.").format(
                n=LOOK_AHEAD_DAYS
            ),
        )
        self.waiting = ListPanelWidget(
            ["Since", "Patient", "What", "Details", "Status", "With"],
            self.tr("No referral or pre-authorization is waiting."),
        )
        self.surgeries = ListPanelWidget(
            ["Surgery", "Patient", "Procedure", "Provider", "Readiness", "What is missing"],
            self.tr("No surgery is booked in the next {n} days.").format(n=BOARD_DAYS),
        )
        self.board_counts = QLabel()
        self.board_counts.setObjectName("boardCounts")
        self.board_counts.setWordWrap(True)
        self.surgeries.layout().insertWidget(0, self.board_counts)  # type: ignore[union-attr]
        for panel, widths in (
            (self.mine, {1: 200, 2: 150, 3: 150, 4: 120}),
            (self.everyone, {1: 200, 2: 150, 3: 150, 4: 120}),
            (self.verify, {0: 170, 1: 200, 2: 70}),
            (self.waiting, {0: 100, 1: 200, 2: 130, 4: 100}),
            (self.surgeries, {0: 170, 1: 180, 2: 130, 3: 130, 4: 130}),
        ):
            panel.set_column_widths(widths)
        editable = session.can(Permission.EDIT_CHART)
        self.new_task = self.mine.add_button(self.tr("New task…"), enabled=editable)
        self.done = self.mine.add_button(self.tr("Done / reopen"), needs_row=True)
        self.show_done = QCheckBox(self.tr("Show done"))
        self.mine.buttons.addWidget(self.show_done)
        self.everyone_done = self.everyone.add_button(self.tr("Done / reopen"), needs_row=True)
        # Enabled by _on_task_selected, for the program's tasks about a shared chart number.
        self.renumber = self.everyone.add_button(self.tr("Give a new number…"), enabled=False)
        self.renumber.setEnabled(False)
        self.renumber.setToolTip(self.tr("For a task about two charts sharing one number"))
        self.renumber.setVisible(session.can(Permission.RENUMBER_CHARTS))
        self.record_check = self.verify.add_button(
            self.tr("Verify…"), needs_row=True, enabled=editable
        )
        self.record_check.setToolTip(self.tr("Record the call with the payer (Enter)"))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(
                QKeySequence(key),
                self.verify.table,
                self._on_verify_clicked,
                context=Qt.ShortcutContext.WidgetShortcut,
            )
        self.checklist = self.surgeries.add_button(self.tr("Checklist…"), needs_row=True)
        self.print_packet = self.surgeries.add_button(
            self.tr("Print packet…"),
            needs_row=True,
            enabled=session.can(Permission.EXPORT_RECORDS),
        )
        self.zone: ZoneInfo | None = None
        self.tabs = QTabWidget()
        self.tabs.setObjectName("worklistTabs")
        self.tabs.addTab(self.mine, self.tr("My tasks"))
        self.tabs.addTab(self.everyone, self.tr("All open tasks"))
        self.tabs.addTab(self.verify, self.tr("Insurance to verify"))
        self.tabs.addTab(self.waiting, self.tr("Referrals && authorizations"))
        self.tabs.addTab(self.surgeries, self.tr("Surgery readiness"))
        self.recall = RecallListWidget(session)
        self.confirmations = ConfirmationListWidget(session)
        self.unscheduled = UnscheduledListWidget(session)
        for calls, title in (
            (self.recall, self.tr("&Recall")),
            (self.confirmations, self.tr("C&onfirmations")),
            (self.unscheduled, self.tr("&Unscheduled")),
        ):
            self.tabs.addTab(calls, title)
            calls.sig_count_changed.connect(lambda n, tab=calls: self._show_count(tab, n))
            calls.sig_patient_requested.connect(self.sig_patient_requested)
            calls.sig_booking_requested.connect(self.sig_booking_requested)
        self.reminders = RemindersWorklistWidget(session)
        self.tabs.addTab(self.reminders, self.tr("Reminders"))
        self.money = add_money_tabs(self.tabs, session)
        self.groups = ListGroups(
            self.tabs,
            (
                (self.tr("Tasks"), (self.mine, self.everyone)),
                (self.tr("Before the visits"), (self.verify, self.waiting, self.surgeries)),
                (self.tr("Calls"), (self.recall, self.confirmations, self.unscheduled,
                                    self.reminders)),
                (self.tr("Money"), self.money),
            ),
            self,
        )  # fmt: skip
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.setSpacing(4)
        layout.addWidget(self.groups)
        layout.addWidget(self.tabs, 1)
        self.new_task.clicked.connect(lambda: TaskDialog(self.session, None, self).open())
        self.done.clicked.connect(lambda: self._toggle(self.mine.selected()))
        self.everyone_done.clicked.connect(lambda: self._toggle(self.everyone.selected()))
        self.renumber.clicked.connect(self._on_renumber_clicked)
        self.everyone.table.itemSelectionChanged.connect(self._on_task_selected)
        self.show_done.toggled.connect(self.refresh)
        self.record_check.clicked.connect(self._on_verify_clicked)
        self.checklist.clicked.connect(self._on_checklist_clicked)
        self.print_packet.clicked.connect(self._on_print_packet_clicked)
        for panel in (self.mine, self.everyone, self.verify, self.waiting, self.surgeries):
            panel.sig_activated.connect(self._open_patient)
        for money in self.money:
            money.sig_patient_requested.connect(self.sig_patient_requested)
            money.sig_booking_requested.connect(self.sig_booking_requested)

    def refresh(self) -> None:
        session, with_done = self.session, self.show_done.isChecked()

        def load() -> _Lists:
            return (
                session.schedule.zone(),
                session.tasks.mine(include_done=with_done),
                session.tasks.list(),
                session.worklists.insurance_to_verify(),
                session.worklists.waiting(),
                session.readiness.board(),
            )

        run_task(self, load, self._show)
        for calls in (self.recall, self.confirmations, self.unscheduled):
            calls.refresh()
        for money in self.money:
            money.refresh()

    def _show(self, lists: _Lists) -> None:
        zone, mine, everyone, verify, waiting, board = lists
        self.zone = zone
        self.mine.set_rows([(t, task_cells(t, zone, with_patient=True)) for t in mine])
        self.everyone.set_rows([(t, task_cells(t, zone, with_patient=True)) for t in everyone])
        self.verify.set_rows(
            [
                (
                    item,
                    [
                        item.visit_at.astimezone(zone).strftime("%a %m/%d %I:%M %p"),
                        item.patient_name,
                        str(item.chart_number or ""),
                        f"{item.carrier_name} ({_RANKS[min(item.rank, 4) - 1]})",
                        item.member_id,
                        item.carrier_phone,
                        format_date(item.last_verified) or self.tr("never"),
                    ],
                )
                for item in verify
            ]
        )
        self.waiting.set_rows(
            [
                (
                    item,
                    [
                        format_date(item.since),
                        item.patient_name,
                        item.kind,
                        item.what,
                        item.status,
                        item.who,
                    ],
                )
                for item in waiting
            ]
        )
        self._show_board(zone, board)
        counts = (len(mine), len(everyone), len(verify), len(waiting), len(board))
        for index, count in enumerate(counts):
            title = self.tabs.tabText(index).split(" (")[0]
            self.tabs.setTabText(index, f"{title} ({count})")

    def _show_count(self, tab: QWidget, count: int) -> None:
        index = self.tabs.indexOf(tab)
        self.tabs.setTabText(index, f"{self.tabs.tabText(index).split(' (')[0]} ({count})")

    def _show_board(self, zone: ZoneInfo, board: list[BoardRow]) -> None:
        """The service orders the rows (the next two working days on top, then red first);
        the soon ones are in bold, and an item whose last day is today leads its row's
        "What is missing" so the call to make stands out of the amber."""
        self.board_counts.setText(_board_counts(board) if board else "")
        self.board_counts.setVisible(bool(board))
        self.surgeries.set_rows(
            [
                (
                    row,
                    [
                        row.starts_at.astimezone(zone).strftime("%a %m/%d %I:%M %p"),
                        row.patient_name,
                        row.procedure,
                        row.provider,
                        colour_word(row.colour),
                        _still_to_do(row),
                    ],
                )
                for row in board
            ]
        )
        table = self.surgeries.table
        for index, row in enumerate(board):
            cell = table.item(index, _COLOUR_COLUMN)
            if cell is not None:
                cell.setBackground(QColor(COLOURS[row.colour]))
            for column in range(table.columnCount()) if row.soon else ():
                shown = table.item(index, column)
                if shown is not None:
                    font = shown.font()
                    font.setBold(True)
                    shown.setFont(font)

    def _on_verify_clicked(self) -> None:
        item: VerifyItem | None = self.verify.selected()
        if item is None or not self.record_check.isEnabled():
            return
        insurance = self.session.insurance

        def ask(last: VerificationInfo | None) -> None:
            carrier = (item.carrier_name, item.carrier_phone)
            dialog = VerifyDialog(
                self.session, item.patient_id, item.policy_id, carrier, last, self
            )
            dialog.accepted.connect(
                lambda: self.sig_notice_requested.emit(
                    self.tr("Verified {carrier} for {patient}.").format(
                        carrier=item.carrier_name, patient=item.patient_name
                    )
                )
            )
            dialog.open()

        run_task(self, lambda: insurance.last_verification(item.patient_id, item.policy_id), ask)

    def _on_checklist_clicked(self) -> None:
        row = self.surgeries.selected()
        if row is not None and self.zone is not None:
            dialog = ReadinessDialog(self.session, row, self.zone, self)
            dialog.finished.connect(lambda _result: self.refresh())
            dialog.open()

    def _on_print_packet_clicked(self) -> None:
        row: BoardRow | None = self.surgeries.selected()
        if row is None:
            return
        forms = self.session.forms
        name = f"packet-{row.starts_at.astimezone(self.zone):%Y%m%d}.pdf"

        def show(pdf: bytes) -> None:
            PdfPreviewDialog(
                pdf, self.tr("Pre-surgery packet"), name, self,
                printouts=self.session.printout_folder,
            ).open()  # fmt: skip

        run_task(self, lambda: forms.packet(row.appointment_id), show)

    def _on_task_selected(self) -> None:
        task: TaskInfo | None = self.everyone.selected()
        self.renumber.setEnabled(
            task is not None and task.kind == CHART_NUMBER_TASK and task.patient_id is not None
        )

    def _on_renumber_clicked(self) -> None:
        from practicedesk.ui.widgets.renumber_dialog import RenumberDialog

        task: TaskInfo | None = self.everyone.selected()
        if task is not None and task.patient_id is not None:
            RenumberDialog(self.session, task.patient_id, self).open()

    def _toggle(self, task: TaskInfo | None) -> None:
        if task is not None:
            tasks = self.session.tasks
            run_task(self, lambda: tasks.complete(task.id, task.done_at is None))

    def _open_patient(self, item: Any) -> None:
        patient_id = getattr(item, "patient_id", None)
        if patient_id is not None:
            self.sig_patient_requested.emit(patient_id, getattr(item, "patient_name", ""))


def _still_to_do(row: BoardRow) -> str:
    """What is missing, led by what must be done today to be in time (said once)."""
    if not row.missing:
        return QCoreApplication.translate("Worklists", "nothing")
    if not row.last_day:
        return row.missing
    today = ", ".join(SHORT[key] for key in row.last_day)
    rest = ", ".join(SHORT[key] for key in row.open_items if key not in row.last_day)
    if not rest:
        return QCoreApplication.translate("Worklists", "LAST DAY TODAY: {today}").format(
            today=today
        )
    return QCoreApplication.translate("Worklists", "LAST DAY TODAY: {today}; also {rest}").format(
        today=today, rest=rest
    )


def _board_counts(board: list[BoardRow]) -> str:
    """The line above the board: how many are at risk or soon, and each gap's count."""
    red = sum(1 for row in board if row.colour is Colour.RED)
    soon = sum(1 for row in board if row.soon)
    today = sum(1 for row in board if row.last_day)
    gaps = ", ".join(f"{name} {count}" for name, count in open_by_kind(r.open_items for r in board))
    head = QCoreApplication.translate(
        "Worklists",
        "{red} at risk (red: cannot be done in time) · {soon} in the next 2 working days "
        "(bold) · {today} with a last call today",
    ).format(red=red, soon=soon, today=today)
    if not gaps:
        return head
    return (
        head
        + "\n"
        + QCoreApplication.translate("Worklists", "Still to do: {gaps}").format(gaps=gaps)
    )
