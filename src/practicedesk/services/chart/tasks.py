"""The communication log and tasks. Logging a call with a follow-up date creates the task to
follow it up; "my tasks" are the open ones assigned to the signed-in user."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from practicedesk.errors import InvalidInput
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.chart.charts import patient_row, task_info
from practicedesk.services.chart.records import TaskInfo
from practicedesk.services.context import Context
from practicedesk.services.schedule.setup import practice_today
from practicedesk.store.live_rows import live_row
from practicedesk.store.models import AppUser, Communication, Patient, Task
from practicedesk.store.models.base import utcnow

KINDS = ("call", "email", "letter", "text")


@dataclass(frozen=True, slots=True)
class NewCommunication:
    kind: str
    direction: str  # in, out
    summary: str
    follow_up_on: date | None = None
    follow_up_assignee: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class NewTask:
    title: str
    due_on: date | None = None
    patient_id: uuid.UUID | None = None
    assignee_id: uuid.UUID | None = None
    notes: str = ""


class TaskService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def log(self, patient_id: uuid.UUID, entry: NewCommunication) -> uuid.UUID:
        self._ctx.require(Permission.EDIT_CHART)
        if entry.kind not in KINDS:
            raise InvalidInput(f"A communication is one of: {', '.join(KINDS)}.")
        if entry.direction not in ("in", "out"):
            raise InvalidInput("A communication is incoming or outgoing.")
        if not entry.summary.strip():
            raise InvalidInput("Say what was said, in a line or two.")
        with self._ctx.db.writing() as session:
            patient = patient_row(session, patient_id)
            row = Communication(
                patient_id=patient_id,
                at=utcnow(),
                kind=entry.kind,
                direction=entry.direction,
                summary=entry.summary.strip(),
                username=self._ctx.actor.username,
                follow_up_on=entry.follow_up_on,
            )
            session.add(row)
            session.flush()
            if entry.follow_up_on is not None:
                session.add(
                    Task(
                        patient_id=patient_id,
                        title=f"Follow up: {entry.summary.strip()[:200]}",
                        due_on=entry.follow_up_on,
                        assignee_id=entry.follow_up_assignee or self._ctx.actor.user_id,
                        created_by=self._ctx.actor.username,
                        communication_id=row.id,
                    )
                )
            audit.record(
                session, self._ctx.actor, audit.Action.COMMUNICATION_LOGGED,
                f"{entry.kind} ({entry.direction}) with chart {patient.chart_number}",
                subject_type="communication", subject_id=str(row.id), patient_id=patient_id,
            )  # fmt: skip
            logged = row.id
        self._ctx.announce(Area.PATIENTS, Area.TASKS)
        return logged

    def add(self, task: NewTask) -> uuid.UUID:
        self._ctx.require(Permission.EDIT_CHART)
        title = " ".join(task.title.split())
        if not title:
            raise InvalidInput("Say what needs doing.")
        with self._ctx.db.writing() as session:
            if task.patient_id is not None:
                patient_row(session, task.patient_id)
            row = Task(
                patient_id=task.patient_id,
                title=title,
                due_on=task.due_on,
                assignee_id=task.assignee_id,
                created_by=self._ctx.actor.username,
                notes=task.notes.strip(),
            )
            session.add(row)
            session.flush()
            self._audit(session, row, "task added")
            added = row.id
        self._ctx.announce(Area.TASKS, Area.PATIENTS)
        return added

    def complete(self, task_id: uuid.UUID, done: bool = True) -> None:
        with self._ctx.db.writing() as session:
            row = live_row(session, Task, task_id, "That task no longer exists.")
            row.done_at = utcnow() if done else None
            row.done_by = self._ctx.actor.username if done else ""
            self._audit(session, row, "task done" if done else "task reopened")
        self._ctx.announce(Area.TASKS, Area.PATIENTS)

    def mine(self, *, include_done: bool = False) -> list[TaskInfo]:
        return self.list(assignee_id=self._ctx.actor.user_id, include_done=include_done)

    def list(
        self, *, assignee_id: uuid.UUID | None = None, include_done: bool = False
    ) -> list[TaskInfo]:
        """Open tasks (or all), soonest due first, with their patient's name."""
        with self._ctx.db.reading() as session:
            query: Select[Task, Patient] = (
                select(Task, Patient)
                .outerjoin(Patient, Patient.id == Task.patient_id)
                .where(Task.deleted_at.is_(None))
            )
            if assignee_id is not None:
                query = query.where(Task.assignee_id == assignee_id)
            if not include_done:
                query = query.where(Task.done_at.is_(None))
            query = query.order_by(Task.due_on.is_(None), Task.due_on, Task.created_at)
            users = {u.id: u.display_name for u in session.scalars(select(AppUser))}
            today = practice_today(session)
            return [
                task_info(task, f"{p.first_name} {p.last_name}" if p else "", users, today)
                for task, p in session.execute(query)
            ]

    def _audit(self, session: Session, row: Task, summary: str) -> None:
        audit.record(
            session, self._ctx.actor, audit.Action.TASK_CHANGED, summary,
            subject_type="task", subject_id=str(row.id), patient_id=row.patient_id,
        )  # fmt: skip
