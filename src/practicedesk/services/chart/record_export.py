"""A patient's whole record, handed over: the printable chart summary and the FHIR bundle.

Both need the EXPORT_RECORDS permission, and every one made is in the audit log, naming
the format and the chart number only. The entry is written after the document is made and
before it is handed back, so nothing leaves without its entry and a failure leaves none.

reportlab and fhir.resources are imported by the methods that use them: every service is
built at sign-in, and most sessions never export a record.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.errors import AmbiguousChartNumber, InvalidInput, NotFound
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.chart.charts import read_chart
from practicedesk.services.chart.records import Chart, PatientDetails, PolicyInfo
from practicedesk.services.context import Context
from practicedesk.services.patients import chart_numbers
from practicedesk.services.practice.staff import read_providers, read_rooms
from practicedesk.services.schedule.printouts import read_letterhead
from practicedesk.services.schedule.reader import read_patient_visits
from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.services.schedule.setup import practice_zone
from practicedesk.store.models import Document, Patient, Practice

if TYPE_CHECKING:
    from practicedesk.documents.chart_summary import ChartSummary, SummaryPolicy, SummaryVisit
    from practicedesk.interop.patient_record import PatientRecord, RecordDocument

RANKS = {1: "Primary", 2: "Secondary", 3: "Third", 4: "Fourth"}
_SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}


class RecordExportService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def find_by_chart_number(self, number: int) -> uuid.UUID:
        """The one live chart with `number`. Two charts sharing it (registered on two PCs
        before they met) are refused by name, never one picked; a number that was merged
        away or renumbered names the chart that holds the record now."""
        self._ctx.require(Permission.EXPORT_RECORDS)
        with self._ctx.db.reading() as session:
            rows = session.scalars(select(Patient).where(Patient.chart_number == number)).all()
            alive = [row for row in rows if row.deleted_at is None and row.merged_into is None]
            if len(alive) > 1:
                raise AmbiguousChartNumber(number, [_named(row) for row in alive])
            if alive:
                return alive[0].id
            merged = next((row for row in rows if row.merged_into is not None), None)
            if merged is not None:
                kept = session.get(Patient, merged.merged_into)
                if kept is not None and kept.deleted_at is None:
                    raise NotFound(
                        f"Chart {number} was merged into chart {kept.chart_number}; "
                        "export that chart instead."
                    )
            for row in session.scalars(
                select(Patient).where(
                    Patient.former_chart_numbers != "",
                    Patient.deleted_at.is_(None),
                    Patient.merged_into.is_(None),
                )
            ):
                if number in chart_numbers.former_numbers(row.former_chart_numbers):
                    raise NotFound(
                        f"Chart {number} was renumbered and is chart {row.chart_number} now; "
                        "export that chart instead."
                    )
        raise NotFound(f"No patient has chart number {number}.")

    def summary_pdf(self, patient_id: uuid.UUID) -> bytes:
        """Read, rendered and audited as a print in one transaction."""
        from practicedesk.documents.chart_summary import render_chart_summary

        self._ctx.require(Permission.EXPORT_RECORDS)
        with self._ctx.db.writing() as session:
            chart = read_chart(session, patient_id)
            summary = _summary(chart, _visits(session, patient_id), practice_zone(session))
            letterhead = read_letterhead(session, self._ctx.actor, "Chart summary")
            pdf = render_chart_summary(letterhead, summary)
            self._audit(session, audit.Action.CHART_PRINTED, chart, "chart summary (PDF)")
        return pdf

    def fhir_bundle(self, patient_id: uuid.UUID) -> str:
        """FHIR R4B JSON; documents travel inside it, each checked against its stored hash."""
        from practicedesk.interop.fhir_export import bundle_json

        self._ctx.require(Permission.EXPORT_RECORDS)
        with self._ctx.db.writing() as session:
            chart = read_chart(session, patient_id)
            practice_id = session.scalars(select(Practice.id)).first()
            documents = [
                _document(row)
                for row in session.scalars(
                    select(Document)
                    .where(Document.patient_id == patient_id, Document.deleted_at.is_(None))
                    .order_by(Document.created_at)
                )
            ]
            record = _patient_record(
                chart, _visits(session, patient_id), documents, f"urn:uuid:{practice_id}"
            )
            data = bundle_json(record, datetime.now(UTC))
            self._audit(session, audit.Action.CHART_EXPORTED, chart, "FHIR R4B bundle (JSON)")
        return data

    def _audit(self, session: Session, action: str, chart: Chart, what: str) -> None:
        patient = chart.summary
        audit.record(
            session,
            self._ctx.actor,
            action,
            f"{what}, chart {patient.chart_number}",
            subject_type="patient",
            subject_id=str(patient.id),
            patient_id=patient.id,
        )


def _visits(session: Session, patient_id: uuid.UUID) -> list[tuple[AppointmentInfo, str, str]]:
    """Each visit with its provider's and chair's names, retired ones included."""
    providers = {p.id: p.name for p in read_providers(session, include_inactive=True)}
    rooms = {r.id: r.name for r in read_rooms(session, include_inactive=True)}
    return [
        (v, providers.get(v.provider_id, ""), rooms.get(v.room_id, "") if v.room_id else "")
        for v in read_patient_visits(session, patient_id)
    ]


def _named(row: Patient) -> str:
    """How two patients sharing a chart number are told apart in the refusal."""
    born = f", born {row.date_of_birth:%m/%d/%Y}" if row.date_of_birth else ""
    return f"{row.last_name}, {row.first_name}{born}"


def _summary(
    chart: Chart, visits: list[tuple[AppointmentInfo, str, str]], zone: ZoneInfo
) -> ChartSummary:
    from practicedesk.documents.chart_summary import (
        ChartSummary,
        SummaryAlert,
        SummaryAuthorization,
        SummaryCommunication,
        SummaryDocument,
        SummaryReferral,
        SummaryTask,
    )

    d = chart.details
    now = datetime.now(UTC)
    alerts = sorted(
        chart.alerts, key=lambda a: (not a.active, _SEVERITY_ORDER.get(a.severity, 3), a.text)
    )
    upcoming = [_visit(v, p, r, zone) for v, p, r in visits if v.starts_at >= now]
    past = [_visit(v, p, r, zone) for v, p, r in reversed(visits) if v.starts_at < now]
    return ChartSummary(
        name=_joined((d.first_name, d.middle_name, d.last_name))
        + (f", {d.suffix}" if d.suffix else ""),
        born=_day(d.date_of_birth),
        chart_number=str(chart.summary.chart_number or ""),
        demographics=_present(
            ("Preferred name", d.preferred_name),
            ("Age", str(chart.age) if chart.age is not None else ""),
            ("Sex", d.sex.capitalize()),
            ("Gender identity", d.gender_identity),
            ("Pronouns", d.pronouns),
            ("Address", "\n".join(_present_lines(d.street, d.street2, _place(d)))),
            ("Email", d.email),
            ("Preferred language", d.preferred_language),
            ("Preferred contact", d.preferred_contact),
            ("Responsible party", chart.responsible_label),
            (
                "Emergency contact",
                _emergency(d.emergency_name, d.emergency_relationship, d.emergency_phone),
            ),
            ("Status", d.status.capitalize()),
            ("Notes", d.notes),
        ),
        phones=[(_phone_label(p.kind, p.is_primary, p.may_text), p.display) for p in chart.phones],
        alerts=[
            SummaryAlert(a.kind.capitalize(), a.text, a.severity, a.notes, a.active) for a in alerts
        ],
        policies=[_policy(policy, zone) for policy in chart.policies],
        upcoming=upcoming,
        past=past,
        referrals=[
            SummaryReferral(
                r.direction.capitalize(),
                _contact(r.contact.name, r.contact.organization, r.contact.specialty)
                if r.contact
                else "",
                r.reason,
                r.status.capitalize(),
                "\n".join(
                    f"{label} {_day(day)}"
                    for label, day in (
                        ("Requested", r.requested_on),
                        ("Sent", r.sent_on),
                        ("Received", r.received_on),
                        ("Scheduled", r.scheduled_on),
                        ("Completed", r.completed_on),
                    )
                    if day
                ),
                r.notes,
            )
            for r in chart.referrals
        ],
        authorizations=[
            SummaryAuthorization(
                a.procedure,
                a.payer,
                a.status.capitalize(),
                a.number,
                _span(a.valid_from, a.valid_to),
                a.notes,
            )
            for a in chart.authorizations
        ],
        documents=[
            SummaryDocument(doc.title, doc.category, _day(doc.added_at.astimezone(zone).date()))
            for doc in chart.documents
        ],
        communications=[
            SummaryCommunication(
                _moment(c.at, zone),
                f"{c.kind.capitalize()}, {'incoming' if c.direction == 'in' else 'outgoing'}",
                c.summary,
                c.username,
                _day(c.follow_up_on),
            )
            for c in chart.communications
        ],
        tasks=[
            SummaryTask(t.title, _day(t.due_on), t.assignee_name, t.notes) for t in chart.open_tasks
        ],
    )


def _visit(visit: AppointmentInfo, provider: str, chair: str, zone: ZoneInfo) -> SummaryVisit:
    from practicedesk.documents.chart_summary import SummaryVisit

    notes = visit.notes
    if visit.cancel_reason:
        notes = _joined((notes, f"Cancelled: {visit.cancel_reason}"), "\n")
    return SummaryVisit(
        _moment(visit.starts_at, zone, weekday=True), visit.minutes, provider,
        visit.type_name, chair, visit.status.label, notes,
    )  # fmt: skip


def _policy(policy: PolicyInfo, zone: ZoneInfo) -> SummaryPolicy:
    from practicedesk.documents.chart_summary import SummaryPolicy

    subscriber = ""
    if policy.subscriber_relationship != "self" or policy.subscriber_name:
        born = (
            f", born {_day(policy.subscriber_birth_date)}" if policy.subscriber_birth_date else ""
        )
        subscriber = (
            f"{policy.subscriber_name or 'Not given'} ({policy.subscriber_relationship}){born}"
        )
    details = _present(
        ("Carrier phone", policy.carrier_phone),
        ("Plan", policy.plan),
        ("Member id", policy.member_id),
        ("Group number", policy.group_number),
        ("Subscriber", subscriber or "The patient"),
        ("Coverage", _span(policy.effective_on, policy.ends_on)),
        ("Co-pay", _money(policy.copay_cents)),
        ("Deductible", _money(policy.deductible_cents)),
        ("Annual maximum", _money(policy.annual_max_cents)),
    )
    last = policy.last_verified
    checked = "Never verified"
    if last is not None:
        remaining = _money(last.remaining_cents)
        checked = _joined(
            (
                f"{_moment(last.verified_at, zone)} by {last.username}, "
                f"by {last.method}: {last.result}",
                f"reference {last.reference}" if last.reference else "",
                f"{remaining} remaining" if remaining else "",
                last.notes,
            ),
            "; ",
        )
    if policy.verification_due:
        checked += " — verification due before the next visit"
    title = f"{RANKS.get(policy.rank, f'Policy {policy.rank}')}: {policy.carrier_name}"
    return SummaryPolicy(title, details, checked)


# -- the FHIR record --------------------------------------------------------------------------


def _patient_record(
    chart: Chart,
    visits: list[tuple[AppointmentInfo, str, str]],
    documents: list[RecordDocument],
    chart_system: str,
) -> PatientRecord:
    from practicedesk.interop.patient_record import (
        PatientRecord,
        RecordAlert,
        RecordAppointment,
        RecordPhone,
        RecordPolicy,
    )

    d = chart.details
    return PatientRecord(
        id=chart.summary.id, chart_system=chart_system, chart_number=chart.summary.chart_number,
        first_name=d.first_name, last_name=d.last_name, middle_name=d.middle_name,
        suffix=d.suffix, preferred_name=d.preferred_name, date_of_birth=d.date_of_birth,
        sex=d.sex, email=d.email, street=d.street, street2=d.street2, city=d.city,
        region=d.region, postal_code=d.postal_code, preferred_language=d.preferred_language,
        deceased=d.status == "deceased", emergency_name=d.emergency_name,
        emergency_phone=d.emergency_phone, emergency_relationship=d.emergency_relationship,
        phones=[RecordPhone(p.kind, p.number, p.is_primary) for p in chart.phones],
        alerts=[RecordAlert(a.id, a.kind, a.text, a.severity, a.notes, a.active)
                for a in chart.alerts],
        policies=[
            RecordPolicy(
                p.id, p.rank, p.carrier_name, p.member_id, p.carrier_phone, p.plan,
                p.group_number, p.subscriber_name, p.subscriber_relationship, p.effective_on,
                p.ends_on, p.copay_cents, p.deductible_cents,
            )
            for p in chart.policies
        ],
        appointments=[
            RecordAppointment(
                v.id, v.starts_at, v.minutes, v.status, provider, chair, v.type_name, v.notes,
                v.cancel_reason,
            )
            for v, provider, chair in visits
        ],
        documents=documents,
    )  # fmt: skip


def _document(row: Document) -> RecordDocument:
    """A copy that no longer matches its hash is refused rather than passed on as the
    patient's record."""
    from practicedesk.interop.patient_record import RecordDocument

    if hashlib.sha256(row.content).hexdigest() != row.sha256:
        raise InvalidInput(
            f"The document {row.title!r} is damaged in this practice's database, so the record "
            "cannot be exported; restore it from a backup."
        )
    return RecordDocument(row.id, row.title, row.category, row.media_type, row.created_at,
                          row.content)  # fmt: skip


# -- wording ------------------------------------------------------------------------------------


def _present(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return [(label, value) for label, value in pairs if value]


def _present_lines(*lines: str) -> list[str]:
    return [line for line in lines if line]


def _joined(parts: Iterable[str], separator: str = " ") -> str:
    return separator.join(part for part in parts if part)


def _place(d: PatientDetails) -> str:
    return _joined((d.city, _joined((d.region, d.postal_code))), ", ")


def _emergency(name: str, relationship: str, phone: str) -> str:
    return _joined((name, f"({relationship})" if relationship else "", phone))


def _contact(name: str, organization: str, specialty: str) -> str:
    return _joined((name, organization, specialty), ", ")


def _phone_label(kind: str, primary: bool, may_text: bool) -> str:
    notes = _joined(("primary" if primary else "", "texts OK" if may_text else ""), ", ")
    return kind.capitalize() + (f" ({notes})" if notes else "")


def _day(day: date | None) -> str:
    return day.strftime("%m/%d/%Y") if day else ""


def _span(first: date | None, last: date | None) -> str:
    if first and last:
        return f"{_day(first)} to {_day(last)}"
    if first:
        return f"from {_day(first)}"
    return f"until {_day(last)}" if last else ""


def _moment(moment: datetime, zone: ZoneInfo, *, weekday: bool = False) -> str:
    local = moment.astimezone(zone)
    day = local.strftime("%a %m/%d/%Y" if weekday else "%m/%d/%Y")
    return f"{day} {local.strftime('%I:%M %p').lstrip('0')}"


def _money(cents: int | None) -> str:
    """Whole cents to dollars without passing through a float."""
    return "" if cents is None else f"${cents // 100:,}.{cents % 100:02d}"
