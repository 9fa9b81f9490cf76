"""The Communication tab (calls, e-mails, letters, texts) with the dialog that logs one. A
communication with a follow-up date makes its task, so nothing promised on the phone is
forgotten."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from practicedesk.services.chart.records import Chart
from practicedesk.services.chart.tasks import KINDS, NewCommunication
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.formats import format_date, practice_time
from practicedesk.ui.widgets.list_panel import ListPanelWidget
from practicedesk.ui.widgets.optional_date import OptionalDateEdit
from practicedesk.ui.widgets.task_dialog import assignee_box


class CommunicationDialog(FormDialog):
    def __init__(
        self, session: PracticeSession, patient_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Log a communication"))
        self.session, self.patient_id = session, patient_id
        self.kind = QComboBox()
        self.kind.addItems(list(KINDS))
        self.direction = QComboBox()
        self.direction.addItem(self.tr("we contacted them (out)"), "out")
        self.direction.addItem(self.tr("they contacted us (in)"), "in")
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText(self.tr("What was said, in a line or two"))
        self.summary.setMaximumHeight(90)
        self.follow_up = OptionalDateEdit()
        self.follow_up.setToolTip(self.tr("Leave empty when nothing needs following up"))
        self.assignee = assignee_box(session, None)
        self.form.addRow(self.tr("Kind"), self.kind)
        self.form.addRow(self.tr("Direction"), self.direction)
        self.form.addRow(self.tr("Summary"), self.summary)
        self.form.addRow(self.tr("Follow up on"), self.follow_up)
        self.form.addRow(self.tr("Follow-up task for"), self.assignee)

    def _on_ok_clicked(self) -> None:
        entry = NewCommunication(
            kind=self.kind.currentText(),
            direction=self.direction.currentData(),
            summary=self.summary.toPlainText(),
            follow_up_on=self.follow_up.value(),
            follow_up_assignee=self.assignee.currentData(),
        )
        tasks, patient_id = self.session.tasks, self.patient_id
        self.submit(lambda: tasks.log(patient_id, entry))


class CommunicationTab(ListPanelWidget):
    def __init__(
        self, session: PracticeSession, patient_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ["When", "Kind", "Direction", "Summary", "By", "Follow up"],
            "No calls, e-mails, letters or texts logged yet.",
            parent,
        )
        self.session, self.patient_id = session, patient_id
        self.zone = session.zone()
        self.set_column_widths({0: 170, 1: 70, 2: 80, 4: 100, 5: 100})
        self.log = self.add_button(
            self.tr("Log a call or message…"), enabled=session.can(Permission.EDIT_CHART)
        )
        self.log.clicked.connect(
            lambda: CommunicationDialog(self.session, self.patient_id, self).open()
        )

    def show_chart(self, chart: Chart) -> None:
        self.set_rows(
            [
                (
                    c,
                    [
                        practice_time(c.at, self.zone),
                        c.kind,
                        c.direction,
                        c.summary,
                        c.username,
                        format_date(c.follow_up_on),
                    ],
                )
                for c in chart.communications
            ]
        )
