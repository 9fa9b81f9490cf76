"""Pre-surgery readiness: the checklist of one surgical visit, the coordinator's hand ticks on
it, and the board of the coming surgeries with their colours.

The rules live in domain/readiness.py; this module only gathers the facts, a handful of
queries for any number of visits, so the board costs the same for one surgery or forty.

"Pre-op instructions given" counts a signed pre-operative instructions form for the visit (or
signed since it was booked), or a print of the visit's packet or of the pre-op form for the
patient since the visit was booked, as the audit log recorded it; otherwise a hand tick.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.readiness import (
    TICK_MEANS,
    AuthorizationFact,
    Checklist,
    Colour,
    Facts,
    Key,
    ReferralFact,
    Tick,
    Windows,
    board_order,
    checklist,
    open_keys,
)
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import InvalidInput, NotFound
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.services.forms.library import read_packets, read_templates
from practicedesk.services.practice.settings import (
    CONSENT_WITHIN_DAYS,
    HISTORY_WITHIN_DAYS,
    VERIFY_WITHIN_DAYS,
    read_setting,
)
from practicedesk.services.schedule.setup import practice_zone, read_working_days, today_in
from practicedesk.store.live_rows import live_row
from practicedesk.store.models import (
    Appointment,
    AppointmentType,
    AuditEntry,
    Authorization,
    Document,
    Patient,
    PatientForm,
    Policy,
    Provider,
    ReadinessTick,
    Referral,
    Verification,
)
from practicedesk.store.models.base import utcnow

BOARD_DAYS = 14
PHOTO_ID, CARD_FRONT = "photo ID", "insurance card (front)"
HISTORY, CONSENT, PRE_OP = "medical-history", "surgical-consent", "pre-operative-instructions"
_CLOSED = (VisitStatus.COMPLETED.value, VisitStatus.NO_SHOW.value, VisitStatus.CANCELLED.value)
_REFERRAL_DAY = {
    "requested": "requested_on",
    "sent": "sent_on",
    "received": "received_on",
    "scheduled": "scheduled_on",
    "completed": "completed_on",
}


@dataclass(frozen=True, slots=True)
class BoardRow:
    appointment_id: uuid.UUID
    patient_id: uuid.UUID
    patient_name: str
    starts_at: datetime
    procedure: str
    provider: str
    colour: Colour
    missing: str  # in words; empty when ready
    open_items: tuple[Key, ...] = ()  # for the count of each kind above the board
    soon: bool = False  # within the next two working days: shown on top
    last_day: tuple[Key, ...] = ()  # open items that must be done today to be in time


@dataclass(frozen=True, slots=True)
class _Visit:
    row: Appointment
    procedure: str
    packet: str


class ReadinessService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def checklist(self, appointment_id: uuid.UUID) -> Checklist:
        self._ctx.require(Permission.VIEW_CHART)
        with self._ctx.db.reading() as session:
            windows = _windows(session)
            found = session.execute(
                select(Appointment, AppointmentType)
                .outerjoin(AppointmentType, AppointmentType.id == Appointment.type_id)
                .where(Appointment.id == appointment_id, Appointment.deleted_at.is_(None))
            ).first()
            if found is None:
                raise NotFound("That appointment no longer exists.")
            visit = _visit(*found)
            return self._checklists(session, [visit], windows)[appointment_id]

    def board(self, days: int = BOARD_DAYS) -> list[BoardRow]:
        """Every open surgical visit from today through the next `days` days: those of the
        next two working days first, soonest first; then the others, red before amber before
        green (`board_order`)."""
        self._ctx.require(Permission.VIEW_CHART)
        with self._ctx.db.reading() as session:
            windows = _windows(session)
            zone = practice_zone(session)
            today = today_in(zone)
            opens = datetime.combine(today, time(), zone)
            closes = datetime.combine(today + timedelta(days=days), time(), zone)
            rows = session.execute(
                select(Appointment, AppointmentType, Patient, Provider)
                .join(AppointmentType, AppointmentType.id == Appointment.type_id)
                .join(Patient, Patient.id == Appointment.patient_id)
                .join(Provider, Provider.id == Appointment.provider_id)
                .where(
                    Appointment.deleted_at.is_(None),
                    AppointmentType.surgical.is_(True),
                    Appointment.status.not_in(_CLOSED),
                    Appointment.starts_at >= opens,
                    Appointment.starts_at < closes,
                )
                .order_by(Appointment.starts_at)
            ).all()
            visits = [_visit(appointment, kind) for appointment, kind, _, _ in rows]
            lists = self._checklists(session, visits, windows)
            board = []
            for visit, (appointment, _, patient, provider) in zip(visits, rows, strict=True):
                found = lists[appointment.id]
                board.append(
                    (
                        board_order(found),
                        BoardRow(
                            appointment.id,
                            patient.id,
                            f"{patient.last_name}, {patient.first_name}",
                            _aware(appointment.starts_at),
                            visit.procedure,
                            provider.name,
                            found.colour,
                            found.summary(),
                            open_keys(found),
                            found.soon,
                            found.today(),
                        ),
                    )
                )
            board.sort(key=lambda pair: (pair[0], pair[1].starts_at))
            return [row for _, row in board]

    def tick(self, appointment_id: uuid.UUID, key: str, ticked: bool, note: str = "") -> None:
        """Only items the chart cannot settle are ticked; unticking leaves a tombstone."""
        self._ctx.require(Permission.EDIT_CHART)
        if key not in {k.value for k in TICK_MEANS}:
            raise InvalidInput(f"{key!r} is not an item that is ticked by hand.")
        item = Key(key)
        note = " ".join(note.split())
        with self._ctx.db.writing() as session:
            visit = live_row(
                session, Appointment, appointment_id, "That appointment no longer exists."
            )
            row = session.scalar(
                select(ReadinessTick).where(
                    ReadinessTick.appointment_id == appointment_id,
                    ReadinessTick.item_key == key,
                )
            )
            if ticked:
                if row is None:
                    row = ReadinessTick(appointment_id=appointment_id, item_key=key)
                    session.add(row)
                row.ticked_by, row.note, row.deleted_at = self._ctx.actor.username, note, None
                row.updated_at = utcnow()
            elif row is not None and row.deleted_at is None:
                row.deleted_at = utcnow()
            else:
                return
            audit.record(
                session,
                self._ctx.actor,
                audit.Action.READINESS_TICKED,
                f"{item.value.replace('_', ' ')}: {TICK_MEANS[item] if ticked else 'unticked'}",
                subject_type="appointment",
                subject_id=str(appointment_id),
                patient_id=visit.patient_id,
            )
        self._ctx.announce(Area.SCHEDULE, Area.PATIENTS)

    def _print_titles(self, session: Session, visits: Iterable[_Visit]) -> dict[str, set[str]]:
        """The audit summaries that show pre-op instructions handed over, by packet id."""
        templates = read_templates(session).templates
        pre_op = templates.get(PRE_OP)
        alone = {f"{pre_op.title} printed"} if pre_op else set()
        packets = read_packets(session, templates.keys()).packets
        titles: dict[str, set[str]] = {}
        for visit in visits:
            packet = packets.get(visit.packet)
            titles[visit.packet] = alone | ({f"{packet.title} packet printed"} if packet else set())
        return titles

    def _checklists(
        self, session: Session, visits: list[_Visit], windows: Windows
    ) -> dict[uuid.UUID, Checklist]:
        if not visits:
            return {}
        zone = practice_zone(session)
        today = today_in(zone)
        patients = {v.row.patient_id for v in visits}
        ids = [v.row.id for v in visits]
        earliest_booking = min(_aware(v.row.created_at) for v in visits)

        def day(moment: datetime) -> date:
            return _aware(moment).astimezone(zone).date()

        last_surgery = max(day(v.row.starts_at) for v in visits)
        working = read_working_days(session, today, last_surgery) if last_surgery > today else set()

        documents: dict[tuple[uuid.UUID, str], date] = {}
        for patient_id, category, added in session.execute(
            select(Document.patient_id, Document.category, Document.created_at).where(
                Document.patient_id.in_(patients),
                Document.category.in_([PHOTO_ID, CARD_FRONT]),
                Document.deleted_at.is_(None),
            )
        ):
            documents[patient_id, category] = max(
                day(added), documents.get((patient_id, category), date.min)
            )
        policies: dict[uuid.UUID, list[tuple[Policy, Verification | None]]] = defaultdict(list)
        for policy, verification in session.execute(
            select(Policy, Verification)
            .outerjoin(
                Verification,
                (Verification.policy_id == Policy.id) & Verification.deleted_at.is_(None),
            )
            .where(
                Policy.patient_id.in_(patients),
                Policy.deleted_at.is_(None),
                Policy.active.is_(True),
            )
            .order_by(Policy.rank, Verification.verified_at.desc())
        ):
            policies[policy.patient_id].append((policy, verification))
        authorizations: dict[uuid.UUID, list[AuthorizationFact]] = defaultdict(list)
        for auth in session.scalars(
            select(Authorization)
            .where(Authorization.patient_id.in_(patients), Authorization.deleted_at.is_(None))
            .order_by(Authorization.created_at.desc())
        ):
            authorizations[auth.patient_id].append(
                AuthorizationFact(
                    auth.status, auth.submitted_on, auth.valid_from, auth.valid_to, auth.number
                )
            )
        referrals: dict[uuid.UUID, list[ReferralFact]] = defaultdict(list)
        for referral in session.scalars(
            select(Referral)
            .where(
                Referral.patient_id.in_(patients),
                Referral.direction == "incoming",
                Referral.deleted_at.is_(None),
            )
            .order_by(Referral.created_at.desc())
        ):
            on = getattr(referral, _REFERRAL_DAY.get(referral.status, "requested_on"))
            referrals[referral.patient_id].append(ReferralFact(referral.status, on))
        signed: dict[uuid.UUID, list[tuple[str, uuid.UUID | None, datetime]]] = defaultdict(list)
        for patient_id, template_id, appointment_id, signed_at in session.execute(
            select(
                PatientForm.patient_id,
                PatientForm.template_id,
                PatientForm.appointment_id,
                PatientForm.signed_at,
            )
            .where(
                PatientForm.patient_id.in_(patients),
                PatientForm.template_id.in_([HISTORY, CONSENT, PRE_OP]),
                PatientForm.status == "signed",
                PatientForm.deleted_at.is_(None),
            )
            .order_by(PatientForm.signed_at.desc())
        ):
            if signed_at is not None:
                signed[patient_id].append((template_id, appointment_id, _aware(signed_at)))
        prints: dict[uuid.UUID, list[tuple[datetime, str]]] = defaultdict(list)
        for printed_for, at, summary in session.execute(
            select(AuditEntry.patient_id, AuditEntry.at, AuditEntry.summary)
            .where(
                AuditEntry.patient_id.in_(patients),
                AuditEntry.action == audit.Action.FORM_PRINTED,
                AuditEntry.at >= earliest_booking,
            )
            .order_by(AuditEntry.at)
        ):
            if printed_for is not None:
                prints[printed_for].append((_aware(at), summary))
        ticks: dict[uuid.UUID, dict[str, Tick]] = defaultdict(dict)
        for tick in session.scalars(
            select(ReadinessTick).where(
                ReadinessTick.appointment_id.in_(ids), ReadinessTick.deleted_at.is_(None)
            )
        ):
            ticks[tick.appointment_id][tick.item_key] = Tick(
                tick.ticked_by, day(tick.updated_at), tick.note
            )
        titles = self._print_titles(session, visits)

        found = {}
        for visit in visits:
            row, patient = visit.row, visit.row.patient_id
            surgery_on, booked = day(row.starts_at), _aware(row.created_at)
            covered = [
                (p, v) for p, v in policies[patient] if p.ends_on is None or p.ends_on >= surgery_on
            ]
            check = covered[0][1] if covered else None
            forms = signed[patient]
            history = next((at for t, _, at in forms if t == HISTORY), None)
            consents = [(a, at) for t, a, at in forms if t == CONSENT]
            for_visit = next((at for a, at in consents if a == row.id), None)
            consent = for_visit or (consents[0][1] if consents else None)
            pre_op = next(
                (at for t, a, at in forms if t == PRE_OP and (a == row.id or at >= booked)), None
            )
            printed = next(
                (at for at, s in prints[patient] if at >= booked and s in titles[visit.packet]),
                None,
            )
            given = pre_op or printed
            facts = Facts(
                surgery_on=surgery_on,
                today=today,
                days_to_act=sum(1 for d in working if today <= d < surgery_on),
                photo_id_on=documents.get((patient, PHOTO_ID)),
                insurance_card_on=documents.get((patient, CARD_FRONT)),
                insured=bool(covered),
                verified_on=day(check.verified_at) if check else None,
                verified_result=check.result if check else "",
                authorizations=tuple(authorizations[patient]),
                referrals=tuple(referrals[patient]),
                history_signed_on=day(history) if history else None,
                consent_signed_on=day(consent) if consent else None,
                consent_for_this_visit=for_visit is not None,
                pre_op_given_on=day(given) if given else None,
                pre_op_how="signed" if pre_op else "printed",
                ticks=ticks[row.id],
            )
            found[row.id] = checklist(facts, windows)
        return found


def _windows(session: Session) -> Windows:
    return Windows(
        read_setting(session, VERIFY_WITHIN_DAYS),
        read_setting(session, HISTORY_WITHIN_DAYS),
        read_setting(session, CONSENT_WITHIN_DAYS),
    )


def _visit(appointment: Appointment, kind: AppointmentType | None) -> _Visit:
    """The board names the procedure by the visit's type; notes are free text, not a name."""
    return _Visit(appointment, kind.name if kind else "", kind.packet if kind else "")


def _aware(moment: datetime) -> datetime:
    """SQLite may hand instants back without their zone; they are stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
