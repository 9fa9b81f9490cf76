"""Logging a call about a balance: what was said, and when to follow up. It goes into the
guarantor's communication log, and a follow-up date makes a task for the caller, so a promise
to pay on Friday is checked on Friday."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from practicedesk.services.chart.tasks import NewCommunication
from practicedesk.services.session import PracticeSession
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.formats import format_money
from practicedesk.ui.widgets.optional_date import OptionalDateEdit

FOLLOW_UP_DAYS = 7


class CallDialog(FormDialog):
    def __init__(
        self,
        session: PracticeSession,
        patient_id: uuid.UUID,
        name: str,
        owes: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.patient_id = session, patient_id
        self.setWindowTitle(self.tr("Log a call: {name}").format(name=name))
        self.intro.setText(
            self.tr("{name} owes {amount}. What was said, and when to check again?").format(
                name=name, amount=format_money(owes)
            )
        )
        self.intro.show()
        self.direction = QComboBox()
        self.direction.addItem(self.tr("we called them"), "out")
        self.direction.addItem(self.tr("they called us"), "in")
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText(self.tr("e.g. Left a message; will pay $50 on Friday"))
        self.summary.setMaximumHeight(90)
        self.summary.setTabChangesFocus(True)
        self.follow_up = OptionalDateEdit()
        self.follow_up.setToolTip(self.tr("Makes a task for you on that day; empty: no task"))
        self.form.addRow(self.tr("Call"), self.direction)
        self.form.addRow(self.tr("What was said"), self.summary)
        self.form.addRow(self.tr("Follow up on"), self.follow_up)
        self.ok_button().setText(self.tr("Log the call"))
        self.summary.setFocus()
        schedule = session.schedule
        run_task(self, lambda: datetime.now(schedule.zone()).date(), self._on_today_read)

    def _on_today_read(self, today: date) -> None:
        """A week from the practice's today, unless a date was chosen meanwhile."""
        if self.follow_up.value() is None:
            self.follow_up.set_value(today + timedelta(days=FOLLOW_UP_DAYS))

    def _on_ok_clicked(self) -> None:
        entry = NewCommunication(
            kind="call",
            direction=self.direction.currentData(),
            summary=self.summary.toPlainText(),
            follow_up_on=self.follow_up.value(),
            follow_up_assignee=self.session.user.user_id,
        )
        tasks, patient_id = self.session.tasks, self.patient_id
        self.submit(lambda: tasks.log(patient_id, entry))
