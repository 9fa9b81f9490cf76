"""The patient chart: reading it whole, changing demographics and phones, merging two
records. Every view and every change is in the audit log (views name no fields, changes
name the fields changed, never their values)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, fields
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from practicedesk.domain.chart_rules import age_on, overdue, verification_due
from practicedesk.domain.phones import BadPhoneNumber, display, normalize
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import InvalidInput, NotFound
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.chart.records import (
    AlertInfo,
    AuthorizationInfo,
    Chart,
    CommunicationInfo,
    ContactInfo,
    DocumentInfo,
    PatientDetails,
    PhoneEntry,
    PolicyInfo,
    ReferralInfo,
    RenumberChoice,
    TaskInfo,
    VerificationInfo,
)
from practicedesk.services.context import Context
from practicedesk.services.patients import chart_numbers
from practicedesk.services.patients.listing import (
    PatientSummary,
    refresh_search_text,
    remember_opened,
    summary,
)
from practicedesk.services.practice.settings import VERIFY_WITHIN_DAYS, read_setting
from practicedesk.services.schedule.setup import practice_today, practice_zone, today_in
from practicedesk.store.models import (
    Appointment,
    AppUser,
    Authorization,
    Carrier,
    Communication,
    Document,
    Patient,
    PatientAlert,
    PatientPhone,
    Policy,
    Referral,
    ReferralContact,
    Task,
    Verification,
    WaitlistEntry,
)
from practicedesk.store.models.base import utcnow

PHONE_KINDS = ("mobile", "home", "work", "other")
STATUSES = ("active", "inactive", "deceased")
RESPONSIBLE = ("self", "patient", "person")
# Every table whose rows belong to a patient: a merge moves them all to the record kept.
_OWNED = (PatientPhone, PatientAlert, Policy, Authorization, Referral, Document, Communication,
          Task, Appointment, WaitlistEntry)  # fmt: skip


class ChartService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def open(self, patient_id: uuid.UUID) -> Chart:
        """The whole chart, as the chart window shows it; the view is audited and the
        patient goes on the recent list, in the one transaction that read the chart."""
        self._ctx.require(Permission.VIEW_CHART)
        with self._ctx.db.writing() as session:
            chart = read_chart(session, patient_id)
            audit.record(
                session,
                self._ctx.actor,
                audit.Action.CHART_VIEWED,
                subject_type="patient",
                subject_id=str(patient_id),
                patient_id=patient_id,
            )
            remember_opened(session, self._ctx.actor.user_id, patient_id)
        return chart

    def read(self, patient_id: uuid.UUID) -> Chart:
        """The chart again, after a change made in it: not a new view, so not audited."""
        self._ctx.require(Permission.VIEW_CHART)
        with self._ctx.db.reading() as session:
            return read_chart(session, patient_id)

    def update_details(self, patient_id: uuid.UUID, details: PatientDetails) -> PatientDetails:
        self._ctx.require(Permission.EDIT_CHART)
        with self._ctx.db.writing() as session:
            details = validated(details, practice_today(session))
            row = patient_row(session, patient_id)
            if details.responsible_patient_id == row.id:
                raise InvalidInput("A patient cannot be their own responsible party; choose Self.")
            changed = [
                f.name
                for f in fields(PatientDetails)
                if getattr(row, f.name) != getattr(details, f.name)
            ]
            for name in changed:
                setattr(row, name, getattr(details, name))
            if changed:
                refresh_search_text(session, row)
                self._audit(
                    session, row.id, "changed: " + ", ".join(n.replace("_", " ") for n in changed)
                )
        self._ctx.announce(Area.PATIENTS)
        return details

    def renumber_choice(self, patient_id: uuid.UUID) -> RenumberChoice:
        """What the owner chooses from: this chart, the other live charts with its number,
        and the number this PC would give next."""
        self._ctx.require(Permission.RENUMBER_CHARTS)
        with self._ctx.db.reading() as session:
            row = patient_row(session, patient_id)
            sharing = (
                session.scalars(
                    select(Patient)
                    .where(
                        Patient.chart_number == row.chart_number,
                        Patient.id != row.id,
                        Patient.deleted_at.is_(None),
                        Patient.merged_into.is_(None),
                    )
                    .order_by(Patient.created_at)
                ).all()
                if row.chart_number is not None
                else []
            )
            [suggested] = chart_numbers.take(session, self._ctx.db.clock.device)
            return RenumberChoice(
                summary(row), tuple(summary(other) for other in sharing), suggested
            )

    def renumber(self, patient_id: uuid.UUID, number: int | None = None) -> PatientSummary:
        """Give a chart a new number: the next one this PC gives out, or one the owner typed.
        The old number stays on the chart as a former number (found by search, never given
        again); the program's task about a number two charts share is done once they no
        longer share it."""
        self._ctx.require(Permission.RENUMBER_CHARTS)
        device = self._ctx.db.clock.device
        with self._ctx.db.writing() as session:
            row = patient_row(session, patient_id)
            if number is None:
                [number] = chart_numbers.take(session, device)
                if number is None:
                    raise InvalidInput(
                        "This PC has no chart numbers in hand; it gets more at its next sync "
                        "with the shared folder. Try again once the status bar says it is in step."
                    )
            else:
                number = chart_numbers.checked_new_number(session, device, number)
            old = row.chart_number
            row.chart_number = number
            if old is not None:
                former = [*chart_numbers.former_numbers(row.former_chart_numbers), old]
                row.former_chart_numbers = " ".join(map(str, former))
                sharing = session.scalars(
                    select(Patient.id).where(
                        Patient.chart_number == old,
                        Patient.deleted_at.is_(None),
                        Patient.merged_into.is_(None),
                    )
                ).all()
                if len(sharing) <= 1:
                    chart_numbers.close_duplicate_tasks(session, [row.id, *sharing], utcnow())
            refresh_search_text(session, row)
            audit.record(
                session,
                self._ctx.actor,
                audit.Action.CHART_RENUMBERED,
                f"chart {old} is now chart {number}",
                subject_type="patient",
                subject_id=str(row.id),
                patient_id=row.id,
            )
            result = summary(row)
        self._ctx.announce(Area.PATIENTS, Area.TASKS)
        return result

    def set_phones(self, patient_id: uuid.UUID, phones: Sequence[PhoneEntry]) -> list[PhoneEntry]:
        """Replace the patient's phones; exactly one is primary (the first, if none is)."""
        self._ctx.require(Permission.EDIT_CHART)
        checked = []
        for entry in phones:
            if entry.kind not in PHONE_KINDS:
                raise InvalidInput(f"A phone is one of: {', '.join(PHONE_KINDS)}.")
            try:
                number = normalize(entry.number)
            except BadPhoneNumber as exc:
                raise InvalidInput(str(exc)) from None
            checked.append(PhoneEntry(entry.kind, number, entry.is_primary, entry.may_text))
        if checked and not any(entry.is_primary for entry in checked):
            first = checked[0]
            checked[0] = PhoneEntry(first.kind, first.number, True, first.may_text)
        if sum(entry.is_primary for entry in checked) > 1:
            raise InvalidInput("Only one phone can be the primary one.")
        with self._ctx.db.writing() as session:
            row = patient_row(session, patient_id)
            now = utcnow()
            for old in session.scalars(_alive(PatientPhone, patient_id)):
                old.deleted_at = now
            for entry in checked:
                session.add(
                    PatientPhone(
                        patient_id=patient_id, kind=entry.kind, number=entry.number,
                        is_primary=entry.is_primary, may_text=entry.may_text,
                    )
                )  # fmt: skip
            session.flush()
            primary = next((entry.number for entry in checked if entry.is_primary), "")
            row.phone = display(primary) if primary else ""
            refresh_search_text(session, row)
            self._audit(session, row.id, f"phones set ({len(checked)})")
            result = _phones(session, patient_id)
        self._ctx.announce(Area.PATIENTS)
        return result

    def merge(self, keep_id: uuid.UUID, merge_id: uuid.UUID) -> None:
        """The owner merges two records of one person: everything moves to the one kept."""
        self._ctx.require(Permission.MERGE_PATIENTS)
        if keep_id == merge_id:
            raise InvalidInput("Choose two different patients to merge.")
        with self._ctx.db.writing() as session:
            keep, gone = patient_row(session, keep_id), patient_row(session, merge_id)
            moved = 0
            for model in _OWNED:
                ids = session.scalars(select(model.id).where(model.patient_id == merge_id)).all()
                for item in ids:  # through the ORM, so every move reaches the change log
                    session.get(model, item).patient_id = keep_id  # type: ignore[union-attr]
                moved += len(ids)
            session.execute(
                update(Patient)
                .where(Patient.responsible_patient_id == merge_id)
                .values(responsible_patient_id=keep_id)
                .execution_options(synchronize_session="fetch")
            )
            for field_name in (
                "middle_name",
                "preferred_name",
                "email",
                "street",
                "city",
                "region",
                "postal_code",
            ):
                if not getattr(keep, field_name) and getattr(gone, field_name):
                    setattr(keep, field_name, getattr(gone, field_name))
            if keep.date_of_birth is None:
                keep.date_of_birth = gone.date_of_birth
            gone.merged_into = keep_id
            gone.deleted_at = utcnow()
            session.flush()
            refresh_search_text(session, keep)
            audit.record(
                session,
                self._ctx.actor,
                audit.Action.PATIENTS_MERGED,
                f"chart {gone.chart_number} merged into chart {keep.chart_number}; "
                f"{moved} records moved",
                subject_type="patient",
                subject_id=str(keep_id),
                patient_id=keep_id,
            )
        self._ctx.announce(Area.PATIENTS, Area.SCHEDULE)

    def _audit(self, session: Session, patient_id: uuid.UUID, summary_text: str) -> None:
        audit.record(
            session,
            self._ctx.actor,
            audit.Action.CHART_CHANGED,
            summary_text,
            subject_type="patient",
            subject_id=str(patient_id),
            patient_id=patient_id,
        )


def read_chart(session: Session, patient_id: uuid.UUID) -> Chart:
    """The whole chart of a patient still on file (merged and removed ones are refused)."""
    window = read_setting(session, VERIFY_WITHIN_DAYS)
    return _read_chart(session, patient_row(session, patient_id), window)


def patient_row(session: Session, patient_id: uuid.UUID) -> Patient:
    row = session.get(Patient, patient_id)
    if row is None or row.deleted_at is not None:
        merged = row.merged_into if row is not None else None
        if merged is not None:
            raise NotFound("That patient was merged into another record; search for them again.")
        raise NotFound("That patient no longer exists.")
    return row


def validated(details: PatientDetails, today: date) -> PatientDetails:
    values: dict[str, Any] = {
        k: (v.strip() if isinstance(v, str) else v) for k, v in asdict(details).items()
    }
    cleaned = PatientDetails(**values)
    if not cleaned.first_name or not cleaned.last_name:
        raise InvalidInput("A patient needs a first and a last name.")
    if cleaned.date_of_birth and cleaned.date_of_birth > today:
        raise InvalidInput("The date of birth is in the future.")
    if cleaned.status not in STATUSES:
        raise InvalidInput(f"The status is one of: {', '.join(STATUSES)}.")
    if cleaned.responsible_type not in RESPONSIBLE:
        raise InvalidInput("The responsible party is the patient, another patient, or a person.")
    if cleaned.responsible_type == "patient" and cleaned.responsible_patient_id is None:
        raise InvalidInput("Choose which patient is responsible.")
    if cleaned.responsible_type == "person" and not cleaned.responsible_name:
        raise InvalidInput("Give the responsible person's name.")
    if cleaned.email and ("@" not in cleaned.email or " " in cleaned.email):
        raise InvalidInput(f"{cleaned.email} does not look like an e-mail address.")
    for label, number in (
        ("responsible party's", cleaned.responsible_phone),
        ("emergency contact's", cleaned.emergency_phone),
    ):
        if number:
            try:
                normalize(number)
            except BadPhoneNumber as exc:
                raise InvalidInput(f"The {label} phone: {exc}") from None
    return cleaned


def details_of(row: Patient) -> PatientDetails:
    return PatientDetails(**{f.name: getattr(row, f.name) for f in fields(PatientDetails)})


def _alive(model: Any, patient_id: uuid.UUID) -> Select[Any]:
    return select(model).where(model.patient_id == patient_id, model.deleted_at.is_(None))


def _phones(session: Session, patient_id: uuid.UUID) -> list[PhoneEntry]:
    rows = session.scalars(_alive(PatientPhone, patient_id)).all()
    rows = sorted(
        rows,
        key=lambda r: (not r.is_primary, PHONE_KINDS.index(r.kind) if r.kind in PHONE_KINDS else 9),
    )
    return [PhoneEntry(r.kind, r.number, r.is_primary, r.may_text, display(r.number)) for r in rows]


def _read_chart(session: Session, row: Patient, verify_window: int) -> Chart:
    zone = practice_zone(session)
    today = today_in(zone)
    now = utcnow()
    next_visit = session.scalars(
        select(Appointment)
        .where(
            Appointment.patient_id == row.id,
            Appointment.deleted_at.is_(None),
            Appointment.starts_at >= now,
            Appointment.status.in_([VisitStatus.SCHEDULED.value, VisitStatus.CONFIRMED.value]),
        )
        .order_by(Appointment.starts_at)
        .limit(1)
    ).first()
    next_day = next_visit.starts_at.astimezone(zone).date() if next_visit else None
    alerts = [
        AlertInfo(a.id, a.kind, a.text, a.severity, a.notes, a.active)
        for a in session.scalars(_alive(PatientAlert, row.id))
    ]
    policies = []
    covered = session.execute(
        select(Policy, Carrier)
        .join(Carrier, Carrier.id == Policy.carrier_id)
        .where(Policy.patient_id == row.id, Policy.deleted_at.is_(None), Policy.active.is_(True))
        .order_by(Policy.rank)
    ).all()
    # Every policy's verifications in one query, newest first, rather than one per policy.
    checks_of: dict[uuid.UUID, list[VerificationInfo]] = defaultdict(list)
    if covered:
        for v in session.scalars(
            select(Verification)
            .where(
                Verification.policy_id.in_([policy.id for policy, _ in covered]),
                Verification.deleted_at.is_(None),
            )
            .order_by(Verification.verified_at.desc())
        ):
            checks_of[v.policy_id].append(verification_info(v, zone))
    for policy, carrier in covered:
        checks = checks_of[policy.id]
        last = checks[0].verified_at.astimezone(zone).date() if checks else None
        policies.append(
            PolicyInfo(
                policy.id, carrier.id, carrier.name, carrier.phone, policy.rank, policy.plan,
                policy.member_id, policy.group_number, policy.subscriber_name,
                policy.subscriber_relationship, policy.subscriber_birth_date, policy.effective_on,
                policy.ends_on, policy.copay_cents, policy.deductible_cents,
                policy.annual_max_cents, checks,
                verification_due(next_day, last, verify_window, today),
                policy.covers_preventive, policy.covers_basic, policy.covers_major,
            )
        )  # fmt: skip
    authorizations = [
        AuthorizationInfo(
            a.id,
            a.procedure,
            a.payer,
            a.status,
            a.submitted_on,
            a.number,
            a.valid_from,
            a.valid_to,
            a.notes,
            a.policy_id,
        )
        for a in session.scalars(_alive(Authorization, row.id))
    ]
    contacts = {c.id: contact_info(c) for c in session.scalars(select(ReferralContact))}
    referrals = [
        ReferralInfo(
            r.id,
            r.direction,
            contacts.get(r.contact_id) if r.contact_id else None,
            r.reason,
            r.status,
            r.requested_on,
            r.sent_on,
            r.received_on,
            r.scheduled_on,
            r.completed_on,
            r.notes,
        )
        for r in session.scalars(_alive(Referral, row.id))
    ]
    documents = [
        DocumentInfo(
            d.id, d.category, d.title, d.file_name, d.media_type, d.size, d.added_by, d.created_at
        )
        for d in session.scalars(
            select(Document)
            .where(Document.patient_id == row.id, Document.deleted_at.is_(None))
            .order_by(Document.created_at.desc())
        )
    ]
    communications = [
        CommunicationInfo(c.id, c.at, c.kind, c.direction, c.summary, c.username, c.follow_up_on)
        for c in session.scalars(
            select(Communication)
            .where(Communication.patient_id == row.id, Communication.deleted_at.is_(None))
            .order_by(Communication.at.desc())
        )
    ]
    users = {u.id: u.display_name for u in session.scalars(select(AppUser))}
    tasks = [
        task_info(t, row.first_name + " " + row.last_name, users, today)
        for t in session.scalars(
            select(Task)
            .where(Task.patient_id == row.id, Task.deleted_at.is_(None))
            .order_by(Task.due_on)
        )
    ]
    responsible = "Self"
    if row.responsible_type == "patient" and row.responsible_patient_id:
        other = session.get(Patient, row.responsible_patient_id)
        responsible = (
            f"{other.first_name} {other.last_name} (patient)" if other else "Another patient"
        )
    elif row.responsible_type == "person":
        responsible = f"{row.responsible_name} ({row.responsible_relationship or 'person'})"
    label = ""
    if next_visit is not None:
        local = next_visit.starts_at.astimezone(zone)
        label = local.strftime("%a %m/%d/%Y %I:%M %p").replace(" 0", " ")
    return Chart(
        summary=summary(row),
        details=details_of(row),
        age=age_on(row.date_of_birth, today) if row.date_of_birth else None,
        phones=_phones(session, row.id),
        alerts=alerts,
        policies=policies,
        authorizations=authorizations,
        referrals=referrals,
        documents=documents,
        communications=communications,
        tasks=tasks,
        next_visit=next_visit.starts_at if next_visit else None,
        next_visit_label=label,
        responsible_label=responsible,
    )


def verification_info(row: Verification, zone: ZoneInfo) -> VerificationInfo:
    return VerificationInfo(
        row.id,
        row.verified_at,
        row.username,
        row.method,
        row.result,
        row.reference,
        row.remaining_cents,
        row.notes,
        row.deductible_left_cents,
        row.verified_at.astimezone(zone).date(),
        row.spoken_to,
        row.frequency_limits,
        row.cost_share,
    )


def contact_info(row: ReferralContact) -> ContactInfo:
    return ContactInfo(
        row.id,
        row.name,
        row.organization,
        row.specialty,
        row.phone,
        row.fax,
        row.email,
        row.address,
    )


def task_info(row: Task, patient_name: str, users: dict[uuid.UUID, str], today: object) -> TaskInfo:
    return TaskInfo(
        row.id, row.title, row.due_on, row.patient_id, patient_name, row.assignee_id,
        users.get(row.assignee_id, "") if row.assignee_id else "", row.created_by, row.done_at,
        row.notes, overdue(row.due_on, row.done_at is not None, today),  # type: ignore[arg-type]
        row.kind,
    )  # fmt: skip
