"""Worklists → Reminders: e-mail reminders that failed (with the mail server's reason) or may
not have gone, to retry now; and the visits of patients who get no e-mail, to call instead.

It reloads itself when it comes into view and after each sending round, so the page that
holds it needs to know nothing of reminders: the page adds it as a tab in one line.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QMenu, QVBoxLayout, QWidget

from practicedesk.services.recall.calls import CONFIRM_OUTCOMES
from practicedesk.services.reminders.setup import SenderState
from practicedesk.services.reminders.worklist import TO_CALL, ReminderProblem
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.reminders.runner import reminder_runner
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.list_panel import ListPanelWidget

_Loaded = tuple[ZoneInfo, SenderState, list[ReminderProblem]]


class RemindersWorklistWidget(QWidget):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.runner = reminder_runner(session)
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.state = QLabel()
        self.state.setObjectName("pageNote")
        self.state.setWordWrap(True)
        self.panel = ListPanelWidget(
            ["Visit", "Patient", "Phone", "Reminder", "What happened", "Tries", "Goes again"],
            self._nothing_waits(enabled=True),
        )
        self.panel.set_column_widths({0: 150, 1: 170, 2: 120, 3: 90, 5: 50, 6: 130})
        may_edit = self.session.can(Permission.EDIT_CHART)
        self.retry = self.panel.add_button(self.tr("&Retry now"), needs_row=True, enabled=may_edit)
        self.call = self.panel.add_button(self.tr("&Log call…"), needs_row=True, enabled=may_edit)
        self.send_now = self.panel.add_button(self.tr("&Send due reminders now"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.state)
        layout.addWidget(self.panel, 1)

    def _connect(self) -> None:
        self.retry.clicked.connect(self._on_retry_clicked)
        self.call.clicked.connect(self._on_call_clicked)
        self.send_now.clicked.connect(self.runner.run_now)
        self.runner.sig_round_finished.connect(self._on_round_finished)
        self.panel.table.itemSelectionChanged.connect(self._on_selected)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        session = self.session

        def load() -> _Loaded:
            return (
                session.schedule.zone(),
                session.reminder_setup.sender(),
                session.reminders.problems(),
            )

        run_task(self, load, self._show)

    def _show(self, loaded: _Loaded) -> None:
        zone, state, problems = loaded
        self.state.setText(state.text)
        self.panel.empty.setText(self._nothing_waits(state.enabled))
        self.send_now.setVisible(state.sends_here)
        self.panel.set_rows([(problem, self._cells(problem, zone)) for problem in problems])
        self._on_selected()

    def _nothing_waits(self, enabled: bool) -> str:
        if enabled:
            return self.tr(
                "No reminder waits for anyone: none failed, and everyone booked gets one."
            )
        # "Everyone booked gets one" would be untrue: nobody gets one.
        return self.tr(
            "Nobody gets an e-mail reminder, so none waits here. Worklists → Confirmations "
            "lists the visits to call about; the owner turns e-mail reminders on in "
            "Settings → Reminders."
        )

    def _on_round_finished(self, _report: Any) -> None:
        if self.isVisible():
            self.refresh()

    def _on_selected(self) -> None:
        problem: ReminderProblem | None = self.panel.selected()
        allowed = self.session.can(Permission.EDIT_CHART)
        self.retry.setEnabled(allowed and problem is not None and problem.kind != TO_CALL)
        self.call.setEnabled(allowed and problem is not None)

    def _on_retry_clicked(self) -> None:
        problem: ReminderProblem | None = self.panel.selected()
        if problem is None:
            return
        reminders, runner = self.session.reminders, self.runner

        def done(_result: object) -> None:
            runner.run_now()
            self.refresh()

        run_task(self, lambda: reminders.retry(problem.message_id), done)

    def _on_call_clicked(self) -> None:
        problem: ReminderProblem | None = self.panel.selected()
        if problem is None:
            return
        menu = QMenu(self)
        for outcome in CONFIRM_OUTCOMES:
            action = menu.addAction(self.tr(outcome.capitalize()))
            action.triggered.connect(lambda _=False, o=outcome: self._log_call(problem, o))
        menu.popup(self.call.mapToGlobal(self.call.rect().bottomLeft()))

    def _log_call(self, problem: ReminderProblem, outcome: str) -> None:
        calls = self.session.calls
        run_task(
            self,
            lambda: calls.log(
                problem.patient_id, "confirmation", outcome, appointment_id=problem.appointment_id
            ),
            lambda _id: self.refresh(),
        )

    def _cells(self, problem: ReminderProblem, zone: ZoneInfo) -> list[str]:
        local = problem.starts_at.astimezone(zone)
        again = ""
        if problem.kind != TO_CALL:
            again = (
                problem.next_try_at.astimezone(zone).strftime("%a %I:%M %p")
                if problem.next_try_at
                else self.tr("when retried")
            )
        what = {
            "failed": self.tr("Failed: "),
            "unsure": self.tr("May have gone: "),
            TO_CALL: self.tr("To call: "),
        }[problem.kind]
        return [
            local.strftime("%a %m/%d %I:%M %p"),
            problem.name,
            problem.phone,
            problem.rule if problem.kind != TO_CALL else "",
            what + problem.reason,
            str(problem.attempts) if problem.kind != TO_CALL else "",
            again,
        ]
