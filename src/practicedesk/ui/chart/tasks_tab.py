"""The Tasks tab: the patient's tasks, open ones first, done or reopened with a click."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QWidget

from practicedesk.services.chart.records import Chart
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.list_panel import ListPanelWidget
from practicedesk.ui.widgets.task_dialog import TaskDialog, task_cells


class TasksTab(ListPanelWidget):
    def __init__(
        self, session: PracticeSession, patient_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(["Task", "Due", "For", "State"], "No tasks for this patient.", parent)
        self.session, self.patient_id = session, patient_id
        self.zone = session.zone()
        self.set_column_widths({1: 150, 2: 160, 3: 130})
        self.add = self.add_button(self.tr("Add task…"), enabled=session.can(Permission.EDIT_CHART))
        self.done = self.add_button(self.tr("Done / reopen"), needs_row=True)
        self.add.clicked.connect(lambda: TaskDialog(self.session, self.patient_id, self).open())
        self.done.clicked.connect(self._on_done)
        self.sig_activated.connect(lambda _task: self._on_done())

    def show_chart(self, chart: Chart) -> None:
        ordered = sorted(chart.tasks, key=lambda t: t.done_at is not None)
        self.set_rows([(t, task_cells(t, self.zone, with_patient=False)) for t in ordered])

    def _on_done(self) -> None:
        task = self.selected()
        if task is not None:
            tasks = self.session.tasks
            run_task(self, lambda: tasks.complete(task.id, task.done_at is None))
