"""Treatment plans: the procedures proposed to a patient, in phases, with what each costs,
what insurance is expected to pay and the patient's portion, so the patient can agree to the
care knowing what it will cost them; then the accepted items booked as visits, and a worklist
of those accepted but not yet booked so none is forgotten.

A plan is priced when read, never stored priced: the estimate follows the patient's insurance
as last verified, spending the deductible and the annual maximum on the first phase first
(services/money/pricing.py, the check-out's own pricing). Each item keeps the fee it was
quoted at. Reading needs *see accounts*; changing needs *take payments*, as at the desk: a plan
quotes money to a patient, which is the money desk's work, and a clinician has neither.
Once the patient has signed (a sealed copy in the chart's documents), the items are frozen:
only their decisions and bookings change.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from practicedesk.domain.money import format_cents
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import InvalidAmount, InvalidInput, NotFound
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.chart.charts import patient_row
from practicedesk.services.context import Context
from practicedesk.services.money.plan_records import (
    ItemStatus,
    NewPlanItem,
    PlanItemView,
    PlanStatus,
    PlanSummary,
    PlanView,
    UnbookedItem,
)
from practicedesk.services.money.pricing import price
from practicedesk.services.money.procedures import procedures_by_code
from practicedesk.services.schedule.records import display_name
from practicedesk.services.schedule.setup import practice_today, practice_zone
from practicedesk.store.models import Appointment, Patient, PlanItem, TreatmentPlan
from practicedesk.store.models.base import utcnow

_LOST_VISITS = (VisitStatus.CANCELLED.value, VisitStatus.NO_SHOW.value)


class PlanService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    # -- reading ------------------------------------------------------------------------------

    def for_patient(self, patient_id: uuid.UUID) -> list[PlanSummary]:
        """The patient's plans, newest first."""
        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.reading() as session:
            zone = practice_zone(session)
            plans = session.scalars(
                select(TreatmentPlan)
                .where(TreatmentPlan.patient_id == patient_id, TreatmentPlan.deleted_at.is_(None))
                .order_by(TreatmentPlan.created_at.desc())
            ).all()
            result = []
            for plan in plans:
                items = item_rows(session, plan.id)
                waiting = sum(1 for item in items if item.status == ItemStatus.ACCEPTED)
                result.append(
                    PlanSummary(
                        plan.id, plan.title, PlanStatus(plan.status),
                        plan.created_at.astimezone(zone).date(), plan.presented_on,
                        plan.signed_form_id is not None, len(items), waiting,
                    )
                )  # fmt: skip
            return result

    def read(self, plan_id: uuid.UUID) -> PlanView:
        """The plan priced today: per item, per phase and in total."""
        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.reading() as session:
            return read_plan(session, plan_id)

    def accepted_not_booked(self) -> list[UnbookedItem]:
        """Across the practice, accepted items with no visit to do them: never booked, or
        booked for a visit since cancelled, missed or removed. Oldest decision first."""
        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.reading() as session:
            zone = practice_zone(session)
            names = {code: p.name for code, p in procedures_by_code(session).items()}
            lost = or_(Appointment.status.in_(_LOST_VISITS), Appointment.deleted_at.is_not(None))
            rows = session.execute(
                select(PlanItem, TreatmentPlan, Patient, Appointment)
                .join(TreatmentPlan, TreatmentPlan.id == PlanItem.plan_id)
                .join(Patient, Patient.id == TreatmentPlan.patient_id)
                .outerjoin(Appointment, Appointment.id == PlanItem.appointment_id)
                .where(
                    PlanItem.deleted_at.is_(None),
                    TreatmentPlan.deleted_at.is_(None),
                    Patient.deleted_at.is_(None),
                    Patient.merged_into.is_(None),
                    or_(
                        PlanItem.status == ItemStatus.ACCEPTED.value,
                        and_(PlanItem.status == ItemStatus.BOOKED.value, lost),
                    ),
                )
                .order_by(
                    func.coalesce(PlanItem.decided_at, PlanItem.updated_at),
                    Patient.last_name,
                    PlanItem.sort_order,
                )
            ).all()
            return [
                UnbookedItem(
                    item.id, plan.id, patient.id, display_name(patient), plan.title,
                    item.phase, item.code, names.get(item.code, ""), item.tooth, item.fee_cents,
                    (item.decided_at or item.updated_at).astimezone(zone).date(),
                    _why(item, visit),
                )
                for item, plan, patient, visit in rows
            ]  # fmt: skip

    # -- changing -----------------------------------------------------------------------------

    def create(self, patient_id: uuid.UUID, title: str, notes: str = "") -> uuid.UUID:
        self._ctx.require(Permission.TAKE_PAYMENTS)
        title = " ".join(title.split())
        if not title:
            raise InvalidInput("Give the plan a title, like “Upper right crowns”.")
        if len(title) > 120:
            raise InvalidInput("A plan's title is at most 120 characters.")
        with self._ctx.db.writing() as session:
            patient_row(session, patient_id)
            plan = TreatmentPlan(patient_id=patient_id, title=title, notes=notes.strip())
            session.add(plan)
            session.flush()
            self._audit(session, plan, f"plan “{title}” drawn up")
        self._ctx.announce(Area.MONEY, Area.PATIENTS)
        return plan.id

    def remove(self, plan_id: uuid.UUID) -> None:
        """A plan drawn up by mistake; a signed plan stays, as signed papers do."""
        self._ctx.require(Permission.TAKE_PAYMENTS)
        with self._ctx.db.writing() as session:
            plan = plan_row(session, plan_id)
            _check_unsigned(plan)
            now = utcnow()
            plan.deleted_at = now
            for item in item_rows(session, plan.id):
                item.deleted_at = now
            self._audit(session, plan, f"plan “{plan.title}” removed")
        self._ctx.announce(Area.MONEY, Area.PATIENTS)

    def add_item(self, plan_id: uuid.UUID, item: NewPlanItem) -> uuid.UUID:
        """An item at the end of its phase, at the office's fee unless another is given."""
        self._ctx.require(Permission.TAKE_PAYMENTS)
        with self._ctx.db.writing() as session:
            plan = plan_row(session, plan_id)
            _check_unsigned(plan)
            code, tooth, fee = _checked(session, item)
            last = session.scalar(
                select(func.max(PlanItem.sort_order)).where(PlanItem.plan_id == plan.id)
            )
            row = PlanItem(
                plan_id=plan.id, phase=item.phase, code=code, tooth=tooth, fee_cents=fee,
                status=ItemStatus.PROPOSED.value, sort_order=(last or 0) + 1,
            )  # fmt: skip
            session.add(row)
            session.flush()
            self._audit(session, plan, f"{code} added ({format_cents(fee)})")
        self._ctx.announce(Area.MONEY, Area.PATIENTS)
        return row.id

    def edit_item(self, item_id: uuid.UUID, item: NewPlanItem) -> None:
        self._ctx.require(Permission.TAKE_PAYMENTS)
        with self._ctx.db.writing() as session:
            row, plan = _item_and_plan(session, item_id)
            _check_unsigned(plan)
            _check_not_booked(row)
            row.code, row.tooth, row.fee_cents = _checked(session, item)
            row.phase = item.phase
            self._audit(session, plan, f"{row.code} changed ({format_cents(row.fee_cents)})")
        self._ctx.announce(Area.MONEY, Area.PATIENTS)

    def remove_item(self, item_id: uuid.UUID) -> None:
        self._ctx.require(Permission.TAKE_PAYMENTS)
        with self._ctx.db.writing() as session:
            row, plan = _item_and_plan(session, item_id)
            _check_unsigned(plan)
            _check_not_booked(row)
            row.deleted_at = utcnow()
            self._audit(session, plan, f"{row.code} removed")
        self._ctx.announce(Area.MONEY, Area.PATIENTS)

    def present(self, plan_id: uuid.UUID) -> None:
        """The plan was shown or handed to the patient today."""
        self._ctx.require(Permission.TAKE_PAYMENTS)
        with self._ctx.db.writing() as session:
            plan = plan_row(session, plan_id)
            if not item_rows(session, plan.id):
                raise InvalidInput("Add the planned procedures before presenting the plan.")
            plan.status = PlanStatus.PRESENTED.value
            plan.presented_on = practice_today(session)
            self._audit(session, plan, f"plan “{plan.title}” presented")
        self._ctx.announce(Area.MONEY, Area.PATIENTS)

    def decide(self, item_ids: Iterable[uuid.UUID], accepted: bool) -> None:
        """The patient accepts or declines items; a booked item has its visit to cancel first."""
        self._ctx.require(Permission.TAKE_PAYMENTS)
        status = ItemStatus.ACCEPTED if accepted else ItemStatus.DECLINED
        with self._ctx.db.writing() as session:
            for item_id in item_ids:
                row, plan = _item_and_plan(session, item_id)
                if row.status == status.value:
                    continue
                _check_not_booked(row)
                row.status = status.value
                row.decided_at = utcnow()
                self._audit(session, plan, f"{row.code} {status.value}")
        self._ctx.announce(Area.MONEY, Area.PATIENTS)

    def mark_booked(self, item_id: uuid.UUID, appointment_id: uuid.UUID) -> None:
        """Book from the plan: the accepted item is done at that visit of the same patient."""
        self._ctx.require(Permission.TAKE_PAYMENTS)
        with self._ctx.db.writing() as session:
            row, plan = _item_and_plan(session, item_id)
            visit = session.get(Appointment, appointment_id)
            if visit is None or visit.deleted_at is not None:
                raise NotFound("That appointment no longer exists.")
            if visit.patient_id != plan.patient_id:
                raise InvalidInput("That visit is another patient's.")
            if row.status not in (ItemStatus.ACCEPTED.value, ItemStatus.BOOKED.value):
                raise InvalidInput(f"{row.code} is not accepted: accept it before booking it.")
            row.status = ItemStatus.BOOKED.value
            row.appointment_id = visit.id
            when = visit.starts_at.astimezone(practice_zone(session))
            self._audit(session, plan, f"{row.code} booked for {when:%m/%d/%Y %H:%M}")
        self._ctx.announce(Area.MONEY, Area.PATIENTS)

    def _audit(self, session: Session, plan: TreatmentPlan, what: str) -> None:
        audit.record(
            session, self._ctx.actor, audit.Action.PLAN_CHANGED, what,
            subject_type="treatment plan", subject_id=str(plan.id), patient_id=plan.patient_id,
        )  # fmt: skip


def read_plan(session: Session, plan_id: uuid.UUID) -> PlanView:
    """Priced in order: counted items by phase first, so the deductible and the maximum go to
    the first phase; declined items last, as if done after everything else."""
    plan = plan_row(session, plan_id)
    rows = item_rows(session, plan.id)
    ordered = sorted(rows, key=lambda r: (r.status == ItemStatus.DECLINED.value, r.phase,
                                         r.sort_order))  # fmt: skip
    priced = price(session, plan.patient_id, [NewPlanItem(r.code, r.tooth, r.phase, r.fee_cents)
                                              for r in ordered])  # fmt: skip
    by_id = {
        row.id: PlanItemView(
            row.id, row.phase, line.code, line.name, line.tooth, line.fee, line.allowed,
            line.insurance, line.patient, ItemStatus(row.status), row.appointment_id,
        )
        for row, line in zip(ordered, priced.lines, strict=True)
    }  # fmt: skip
    patient = session.get(Patient, plan.patient_id)
    return PlanView(
        plan.id,
        plan.patient_id,
        display_name(patient) if patient is not None else "",
        plan.title,
        PlanStatus(plan.status),
        plan.presented_on,
        plan.signed_form_id,
        plan.notes,
        tuple(by_id[row.id] for row in rows),
        priced.plan,
        priced.coverage_note,
        practice_today(session),
    )


def booked_for(session: Session, appointment_id: uuid.UUID) -> list[NewPlanItem]:
    """The plan items booked for a visit, at the fees they were quoted at: the check-out
    starts with them, so the patient is charged what the plan said."""
    rows = session.scalars(
        select(PlanItem)
        .join(TreatmentPlan, TreatmentPlan.id == PlanItem.plan_id)
        .where(
            PlanItem.appointment_id == appointment_id,
            PlanItem.status == ItemStatus.BOOKED.value,
            PlanItem.deleted_at.is_(None),
            TreatmentPlan.deleted_at.is_(None),
        )
        .order_by(PlanItem.phase, PlanItem.sort_order)
    )
    return [NewPlanItem(row.code, row.tooth, row.phase, row.fee_cents) for row in rows]


def mark_done(session: Session, appointment_id: uuid.UUID, codes: Iterable[str]) -> None:
    """At the visit's check-out: the booked items whose codes were charged are done."""
    charged = set(codes)
    for row in session.scalars(
        select(PlanItem).where(
            PlanItem.appointment_id == appointment_id,
            PlanItem.status == ItemStatus.BOOKED.value,
            PlanItem.deleted_at.is_(None),
        )
    ):
        if row.code in charged:
            row.status = ItemStatus.DONE.value


def plan_row(session: Session, plan_id: uuid.UUID) -> TreatmentPlan:
    plan = session.get(TreatmentPlan, plan_id)
    if plan is None or plan.deleted_at is not None:
        raise NotFound("That treatment plan is no longer on file.")
    return plan


def item_rows(session: Session, plan_id: uuid.UUID) -> list[PlanItem]:
    return list(
        session.scalars(
            select(PlanItem)
            .where(PlanItem.plan_id == plan_id, PlanItem.deleted_at.is_(None))
            .order_by(PlanItem.phase, PlanItem.sort_order)
        )
    )


def _item_and_plan(session: Session, item_id: uuid.UUID) -> tuple[PlanItem, TreatmentPlan]:
    row = session.get(PlanItem, item_id)
    if row is None or row.deleted_at is not None:
        raise NotFound("That item is no longer on the plan.")
    return row, plan_row(session, row.plan_id)


def _checked(session: Session, item: NewPlanItem) -> tuple[str, str, int]:
    code = item.code.strip().upper()
    procedure = procedures_by_code(session).get(code)
    if procedure is None:
        raise InvalidInput(f"{code or 'A blank code'} is not on the procedure list.")
    if not 1 <= item.phase <= 9:
        raise InvalidInput("A phase is numbered 1 to 9.")
    fee = procedure.fee if item.fee is None else item.fee
    if fee < 0:
        raise InvalidAmount("A fee is never below zero.")
    tooth = " ".join(item.tooth.split())
    if len(tooth) > 40:
        raise InvalidInput("Name the tooth or area in at most 40 characters.")
    return code, tooth, fee


def _check_unsigned(plan: TreatmentPlan) -> None:
    if plan.signed_form_id is not None:
        raise InvalidInput(
            "The patient has signed this plan, so its items stay as signed. Draw up a new plan "
            "for other work."
        )


def _check_not_booked(row: PlanItem) -> None:
    if row.status == ItemStatus.BOOKED.value:
        raise InvalidInput(
            f"{row.code} is booked for a visit: cancel or move the visit in the schedule first."
        )
    if row.status == ItemStatus.DONE.value:
        raise InvalidInput(f"{row.code} is done: it was charged at its visit's check-out.")


def _why(item: PlanItem, visit: Appointment | None) -> str:
    if item.status == ItemStatus.ACCEPTED.value:
        return "accepted"
    if visit is None or visit.deleted_at is not None:
        return "visit removed"
    return VisitStatus(visit.status).label.lower()
