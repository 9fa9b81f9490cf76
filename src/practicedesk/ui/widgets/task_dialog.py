"""A new task, from a chart (for its patient) or from the Worklists page (for anyone), and
how a task reads in a list."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from practicedesk.services.chart.records import TaskInfo
from practicedesk.services.chart.tasks import NewTask
from practicedesk.services.session import PracticeSession
from practicedesk.ui.widgets.combo import select_value
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.formats import format_date, practice_date
from practicedesk.ui.widgets.optional_date import OptionalDateEdit


def assignee_box(session: PracticeSession, chosen: uuid.UUID | None) -> QComboBox:
    """Active staff, the signed-in user first; "nobody" leaves the task for anyone."""
    box = QComboBox()
    box.addItem(box.tr("Nobody in particular"), None)
    me = session.user
    box.addItem(box.tr("Me ({name})").format(name=me.display_name), me.user_id)
    for user in session.users.list():
        if user.active and user.id != me.user_id:
            box.addItem(user.display_name, user.id)
    select_value(box, chosen if chosen is not None else me.user_id)
    return box


class TaskDialog(FormDialog):
    def __init__(
        self,
        session: PracticeSession,
        patient_id: uuid.UUID | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New task"))
        self.session, self.patient_id = session, patient_id
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("e.g. Call the lab about the crown"))
        self.due = OptionalDateEdit()
        self.assignee = assignee_box(session, None)
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(80)
        self.form.addRow(self.tr("What needs doing"), self.title)
        self.form.addRow(self.tr("Due"), self.due)
        self.form.addRow(self.tr("For"), self.assignee)
        self.form.addRow(self.tr("Notes"), self.notes)

    def _on_ok_clicked(self) -> None:
        task = NewTask(
            title=self.title.text(),
            due_on=self.due.value(),
            patient_id=self.patient_id,
            assignee_id=self.assignee.currentData(),
            notes=self.notes.toPlainText(),
        )
        tasks = self.session.tasks
        self.submit(lambda: tasks.add(task))


def task_cells(task: TaskInfo, zone: ZoneInfo, *, with_patient: bool) -> list[str]:
    due = format_date(task.due_on)
    if task.overdue and task.done_at is None:
        due += " (overdue)"
    cells = [task.title, due, task.assignee_name or "anyone"]
    if with_patient:
        cells.insert(1, task.patient_name)
    cells.append(f"done {practice_date(task.done_at, zone)}" if task.done_at else "open")
    return cells
