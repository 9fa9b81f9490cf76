"""Tasks that follow a visit by themselves: "post-op call the next working day" after a
surgery, "reschedule" after a no-show or a cancellation, "send the referral report" after a
referred patient's first visit. The owner keeps the rules per visit type; a rule fires in the
transaction that changes the visit's status, so the task is never missing or made twice."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from practicedesk.domain.reminders import next_working_day
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import InvalidInput
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Actor, Context
from practicedesk.services.schedule.setup import practice_today, read_working_days
from practicedesk.store.live_rows import live_row
from practicedesk.store.models import Appointment, FollowUpRule, Referral, Task

TRIGGERS = {
    "completed": "after the visit",
    "no-show": "after a no-show",
    "cancelled": "after a cancellation",
    "referred": "after a referred patient's first visit",
}
FOLLOW_UP_TASK = "follow-up"  # Task.kind


@dataclass(frozen=True, slots=True)
class FollowUpRuleInfo:
    id: uuid.UUID
    appointment_type_id: uuid.UUID | None  # None: every type
    trigger: str
    title: str
    due_after_working_days: int
    active: bool


class FollowUpService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def rules(self) -> list[FollowUpRuleInfo]:
        self._ctx.require(Permission.VIEW_SCHEDULE)
        with self._ctx.db.reading() as session:
            rows = session.scalars(
                select(FollowUpRule)
                .where(FollowUpRule.deleted_at.is_(None))
                .order_by(FollowUpRule.trigger, FollowUpRule.title)
            )
            return [_info(row) for row in rows]

    def save(
        self,
        trigger: str,
        title: str,
        *,
        appointment_type_id: uuid.UUID | None = None,
        due_after_working_days: int = 1,
        active: bool = True,
        rule_id: uuid.UUID | None = None,
    ) -> FollowUpRuleInfo:
        self._ctx.require(Permission.EDIT_SETTINGS)
        title = " ".join(title.split())
        if trigger not in TRIGGERS:
            raise InvalidInput(f"A follow-up comes {', or '.join(TRIGGERS.values())}.")
        if not title:
            raise InvalidInput("Say what the task is, such as Post-op call.")
        if not 0 <= due_after_working_days <= 60:
            raise InvalidInput("A follow-up is due 0 to 60 working days after the visit.")
        with self._ctx.db.writing() as session:
            if rule_id is None:
                row = FollowUpRule()
                session.add(row)
            else:
                found = live_row(
                    session, FollowUpRule, rule_id, "That follow-up rule no longer exists."
                )
                row = found
            row.trigger, row.title, row.appointment_type_id = trigger, title, appointment_type_id
            row.due_after_working_days, row.active = due_after_working_days, active
            session.flush()
            audit.record(session, self._ctx.actor, audit.Action.SETTING_CHANGED,
                         f"follow-up {TRIGGERS[trigger]}: {title}")  # fmt: skip
            info = _info(row)
        self._ctx.announce(Area.SETTINGS)
        return info


def follow_up_on_status(session: Session, actor: Actor, visit: Appointment) -> int:
    """Make the tasks the rules ask for, now that the visit's status changed; returns how
    many. A referred patient's first completed visit fires the "referred" rules too."""
    status = VisitStatus(visit.status)
    triggers = {
        VisitStatus.COMPLETED: ["completed"],
        VisitStatus.NO_SHOW: ["no-show"],
        VisitStatus.CANCELLED: ["cancelled"],
    }.get(status, [])
    if status is VisitStatus.COMPLETED and _first_visit_of_referred(session, visit):
        triggers.append("referred")
    if not triggers:
        return 0
    rules = session.scalars(
        select(FollowUpRule).where(
            FollowUpRule.deleted_at.is_(None),
            FollowUpRule.active.is_(True),
            FollowUpRule.trigger.in_(triggers),
            or_(FollowUpRule.appointment_type_id.is_(None),
                FollowUpRule.appointment_type_id == visit.type_id),
        )
    ).all()  # fmt: skip
    if not rules:
        return 0
    today = practice_today(session)
    working = read_working_days(session, today, today + timedelta(days=120))
    for rule in rules:
        due = today
        for _ in range(rule.due_after_working_days):
            due = next_working_day(due, working.__contains__)
        session.add(
            Task(
                kind=FOLLOW_UP_TASK, patient_id=visit.patient_id, title=rule.title, due_on=due,
                created_by=actor.username, notes=f"{TRIGGERS[rule.trigger].capitalize()}.",
            )
        )  # fmt: skip
    return len(rules)


def _first_visit_of_referred(session: Session, visit: Appointment) -> bool:
    referred = session.scalar(
        select(Referral.id).where(
            Referral.patient_id == visit.patient_id,
            Referral.direction == "incoming",
            Referral.deleted_at.is_(None),
        )
    )
    if referred is None:
        return False
    earlier = session.scalar(
        select(Appointment.id).where(
            Appointment.patient_id == visit.patient_id,
            Appointment.id != visit.id,
            Appointment.status == VisitStatus.COMPLETED.value,
            Appointment.deleted_at.is_(None),
        )
    )
    return earlier is None


def _info(row: FollowUpRule) -> FollowUpRuleInfo:
    return FollowUpRuleInfo(
        row.id, row.appointment_type_id, row.trigger, row.title, row.due_after_working_days,
        row.active,
    )  # fmt: skip
