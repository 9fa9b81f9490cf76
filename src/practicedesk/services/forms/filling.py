"""Forms filled for a patient: started from a template (pre-filled from the chart and the
visit), saved as drafts while typed, signed once every required field is answered, printed.

A form keeps the bytes of the template it was started on, so a template changed later never
changes a form already filled; once signed it is never written again, and its hash (over
the template, the answers, the signature and when) shows it was not. A correction is an
amendment: a new form that names the one it amends.

`FormService` extends `FormLibrary` (form_library.py), which reads, checks and saves the
templates and packets themselves, so `session.forms` offers both.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.errors import InvalidInput, NotFound
from practicedesk.forms import answers_json
from practicedesk.forms.answers import Answer, Signature, problems
from practicedesk.forms.bindings import prefill
from practicedesk.forms.chart_updates import ProposedAlert, proposed_alerts
from practicedesk.forms.model import FormTemplate
from practicedesk.forms.templates import template_of
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.chart.charts import read_chart
from practicedesk.services.chart.records import Chart
from practicedesk.services.forms.library import (
    FormLibrary,
    read_packets,
    read_raw,
    read_template,
    read_templates,
)
from practicedesk.services.practice.details import read_details
from practicedesk.services.practice.staff import read_providers
from practicedesk.services.schedule.printouts import read_letterhead
from practicedesk.services.schedule.reader import read_day, read_visit
from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.services.schedule.setup import (
    practice_zone,
    read_appointment_types,
    today_in,
)
from practicedesk.store.live_rows import live_row
from practicedesk.store.models import Patient, PatientForm
from practicedesk.store.models.base import utcnow

if TYPE_CHECKING:
    from practicedesk.documents.form_pdf import FormPatient
    from practicedesk.documents.pages import Letterhead

ARRIVE_EARLY = {True: 30, False: 15}  # minutes before a surgical / other visit
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"  # signature pads hand in PNG strokes


@dataclass(frozen=True, slots=True)
class FormInfo:
    id: uuid.UUID
    patient_id: uuid.UUID
    template_id: str
    template_version: int
    title: str
    status: str  # draft, signed
    updated_at: datetime
    signed_at: datetime | None
    signer_name: str
    appointment_id: uuid.UUID | None
    amends_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class FilledForm:
    info: FormInfo
    template: FormTemplate
    answers: dict[str, Answer]


class FormService(FormLibrary):
    # -- facts for pre-filling ----------------------------------------------------------------

    def facts(
        self, patient_id: uuid.UUID | None, appointment_id: uuid.UUID | None = None
    ) -> dict[str, str]:
        """Everything a template may bind to (forms/bindings.py), as the office prints it."""
        self._ctx.require(Permission.VIEW_CHART)
        with self._ctx.db.reading() as session:
            return read_facts(session, patient_id, appointment_id)

    # -- filling ------------------------------------------------------------------------------

    def start(
        self,
        patient_id: uuid.UUID,
        template_id: str,
        appointment_id: uuid.UUID | None = None,
    ) -> FilledForm:
        """A new draft, pre-filled from the chart (and the visit, for surgical consents)."""
        self._ctx.require(Permission.EDIT_CHART)
        with self._ctx.db.writing() as session:
            template = read_template(session, template_id)
            raw = read_raw(session, template)
            template = template.for_patient(_sex_of(session, patient_id))
            answers = prefill(template, read_facts(session, patient_id, appointment_id))
            row = PatientForm(
                patient_id=patient_id,
                appointment_id=appointment_id,
                template_id=template.id,
                template_version=template.version,
                title=template.title,
                template_text=raw,
                answers=answers_json.encode(answers),
            )
            session.add(row)
            session.flush()
            self._audit(session, row, audit.Action.FORM_STARTED, f"{template.title} started")
            filled = FilledForm(_info(row), template, answers)
        self._ctx.announce(Area.PATIENTS, Area.FORMS)
        return filled

    def open(self, form_id: uuid.UUID) -> FilledForm:
        self._ctx.require(Permission.VIEW_CHART)
        with self._ctx.db.reading() as session:
            row = _form(session, form_id)
            answers = _answers(row)
            return FilledForm(_info(row), _tailored(session, row, answers), answers)

    def save_draft(self, form_id: uuid.UUID, answers: dict[str, Answer]) -> None:
        """As typed, problems and all: a half-filled form is still worth keeping."""
        self._ctx.require(Permission.EDIT_CHART)
        text = answers_json.encode(answers)
        with self._ctx.db.writing() as session:
            row = _form(session, form_id)
            _still_draft(row)
            if row.answers != text:
                row.answers = text

    def sign(self, form_id: uuid.UUID, answers: dict[str, Answer], signer_name: str) -> FormInfo:
        """Sealed for good: refused while any rule of the template is broken."""
        self._ctx.require(Permission.EDIT_CHART)
        signer = " ".join(signer_name.split())
        if not signer:
            raise InvalidInput("Say who is signing the form.")
        with self._ctx.db.writing() as session:
            row = _form(session, form_id)
            _still_draft(row)
            template = _tailored(session, row, answers)
            broken = problems(template, answers)
            broken += [
                f"{template.field(key).label or key}: the signature is not a picture; sign again"
                for key, answer in answers.items()
                if isinstance(answer, Signature)
                and answer.image_png is not None
                and not answer.image_png.startswith(PNG_SIGNATURE)
            ]
            if broken:
                raise InvalidInput("The form cannot be signed yet. " + " ".join(broken[:5]))
            row.answers = answers_json.encode(answers)
            row.signer_name = signer
            row.signed_at = utcnow()
            row.signed_with = self._ctx.actor.username
            row.status = "signed"
            row.content_sha256 = content_hash(row)
            self._audit(session, row, audit.Action.FORM_SIGNED, f"{row.title} signed")
            info = _info(row)
        self._ctx.announce(Area.PATIENTS, Area.FORMS)
        return info

    def amend(self, form_id: uuid.UUID) -> FilledForm:
        """A new draft with the signed form's answers, on the same template version."""
        self._ctx.require(Permission.EDIT_CHART)
        with self._ctx.db.writing() as session:
            old = _form(session, form_id)
            if old.status != "signed":
                raise InvalidInput("Only a signed form is amended; change the draft instead.")
            answers = {k: v for k, v in _answers(old).items() if not _is_signature(v)}
            row = PatientForm(
                patient_id=old.patient_id,
                appointment_id=old.appointment_id,
                template_id=old.template_id,
                template_version=old.template_version,
                title=old.title,
                template_text=old.template_text,
                answers=answers_json.encode(answers),
                amends_id=old.id,
            )
            session.add(row)
            session.flush()
            self._audit(session, row, audit.Action.FORM_STARTED, f"amendment of {old.title}")
            filled = FilledForm(_info(row), _tailored(session, row, answers), answers)
        self._ctx.announce(Area.PATIENTS, Area.FORMS)
        return filled

    def discard(self, form_id: uuid.UUID) -> None:
        self._ctx.require(Permission.EDIT_CHART)
        with self._ctx.db.writing() as session:
            row = _form(session, form_id)
            _still_draft(row)
            row.deleted_at = utcnow()
        self._ctx.announce(Area.PATIENTS, Area.FORMS)

    def for_patient(self, patient_id: uuid.UUID) -> list[FormInfo]:
        """Newest first: drafts and signed forms alike."""
        self._ctx.require(Permission.VIEW_CHART)
        with self._ctx.db.reading() as session:
            rows = session.scalars(
                select(PatientForm)
                .where(PatientForm.patient_id == patient_id, PatientForm.deleted_at.is_(None))
                .order_by(PatientForm.updated_at.desc())
            )
            return [_info(row) for row in rows]

    def proposed_alerts(self, form_id: uuid.UUID) -> list[ProposedAlert]:
        """What a medical history tells that the chart's alerts do not say yet, for the
        staff to accept one by one (ChartItemsService.save_alert) or leave."""
        self._ctx.require(Permission.VIEW_CHART)
        with self._ctx.db.reading() as session:
            row = _form(session, form_id)
            alerts = read_chart(session, row.patient_id).alerts
            known = [a.text for a in alerts if a.active]
            return proposed_alerts(row.template_id, _answers(row), known)

    def intact(self, form_id: uuid.UUID) -> bool:
        """Whether a signed form is exactly as it was signed."""
        with self._ctx.db.reading() as session:
            row = _form(session, form_id)
            return row.status == "signed" and row.content_sha256 == content_hash(row)

    # -- printing -----------------------------------------------------------------------------

    def pdf(self, form_id: uuid.UUID) -> bytes:
        """A signed form as completed; a draft as filled so far. Audited as a print."""
        from practicedesk.documents.form_pdf import FormMode, render_form

        self._ctx.require(Permission.EXPORT_RECORDS)
        with self._ctx.db.writing() as session:
            row = _form(session, form_id)
            answers = _answers(row)
            template = _tailored(session, row, answers)
            patient, letterhead = self._patient_and_letterhead(session, row.patient_id)
            mode = FormMode.COMPLETED if row.status == "signed" else FormMode.PREFILLED
            pdf = render_form(template, letterhead, answers, mode, patient)
            self._record_print(session, row.patient_id, row.title, form_id)
        return pdf

    def blank(
        self,
        template_id: str,
        patient_id: uuid.UUID | None = None,
        appointment_id: uuid.UUID | None = None,
    ) -> bytes:
        """To print and hand over: blank, or pre-filled from the chart when a patient is given."""
        from practicedesk.documents.form_pdf import FormMode, render_form

        self._ctx.require(Permission.EXPORT_RECORDS)
        with self._ctx.db.writing() as session:
            template = read_template(session, template_id)
            if patient_id is None:
                letterhead = read_letterhead(session, self._ctx.actor)
                return render_form(template, letterhead, None, FormMode.BLANK)
            patient, letterhead = self._patient_and_letterhead(session, patient_id)
            template = template.for_patient(_sex_of(session, patient_id))
            answers = prefill(template, read_facts(session, patient_id, appointment_id))
            pdf = render_form(template, letterhead, answers, FormMode.PREFILLED, patient)
            self._record_print(session, patient_id, template.title, None)
        return pdf

    # -- packets ------------------------------------------------------------------------------

    def packet(self, appointment_id: uuid.UUID, packet_id: str = "") -> bytes:
        """The packet for a visit (by default the one its appointment type prints),
        pre-filled from the chart and the visit; forms already signed for it print as
        signed. Read, rendered and audited as a print in one transaction."""
        from practicedesk.documents.packet_pdf import render_packet

        self._ctx.require(Permission.EXPORT_RECORDS)
        with self._ctx.db.writing() as session:
            visit = read_visit(session, appointment_id)
            if not packet_id:
                types = {t.id: t for t in read_appointment_types(session, include_inactive=True)}
                kind = types.get(visit.type_id) if visit.type_id else None
                packet_id = kind.packet if kind else ""
                if not packet_id:
                    kind_name = (
                        f"of type {visit.type_name}" if visit.type_name else "without a type"
                    )
                    raise InvalidInput(f"A visit {kind_name} has no packet to print.")
            templates = read_templates(session).templates  # once: a packet's time is YAML
            definition = read_packets(session, templates.keys()).packets.get(packet_id)
            if definition is None:
                raise NotFound(f"There is no packet called {packet_id!r}.")
            signed = _signed_for(session, visit.patient_id, appointment_id)
            chart = read_chart(session, visit.patient_id)
            patient, letterhead = _form_patient(chart), read_letterhead(session, self._ctx.actor)
            alerts = [
                f"{a.kind.upper()}: {a.text}"
                for a in chart.active_alerts
                if a.severity in ("warning", "critical")
            ]
            facts = _facts(session, chart, visit)
            sex = _sex_of(session, visit.patient_id)
            mine = {key: t.for_patient(sex, signed.get(key, {})) for key, t in templates.items()}
            pdf = render_packet(
                definition, mine, letterhead, facts,
                patient=patient, answers=signed, alerts=alerts,
            )  # fmt: skip
            self._record_print(session, visit.patient_id, f"{definition.title} packet", None)
        return pdf

    def surgical_visits(self, day: date) -> list[AppointmentInfo]:
        """The day's booked surgeries whose type prints a packet: "print all for tomorrow"."""
        self._ctx.require(Permission.VIEW_SCHEDULE)
        with self._ctx.db.reading() as session:
            types = {t.id: t for t in read_appointment_types(session, include_inactive=True)}
            return [
                visit
                for visit in read_day(session, day).appointments
                if visit.type_id in types
                and types[visit.type_id].surgical
                and types[visit.type_id].packet
                and visit.status.is_open
            ]

    def _patient_and_letterhead(
        self, session: Session, patient_id: uuid.UUID
    ) -> tuple[FormPatient, Letterhead]:
        chart = read_chart(session, patient_id)
        return _form_patient(chart), read_letterhead(session, self._ctx.actor)

    def _record_print(
        self, session: Session, patient_id: uuid.UUID, title: str, form_id: uuid.UUID | None
    ) -> None:
        audit.record(
            session, self._ctx.actor, audit.Action.FORM_PRINTED, f"{title} printed",
            subject_type="form", subject_id=str(form_id or ""), patient_id=patient_id,
        )  # fmt: skip

    def _audit(self, session: Session, row: PatientForm, action: str, summary: str) -> None:
        audit.record(
            session, self._ctx.actor, action, summary,
            subject_type="form", subject_id=str(row.id), patient_id=row.patient_id,
        )  # fmt: skip


def read_facts(
    session: Session, patient_id: uuid.UUID | None, appointment_id: uuid.UUID | None = None
) -> dict[str, str]:
    """Everything a template may bind to (forms/bindings.py), as the office prints it."""
    chart = read_chart(session, patient_id) if patient_id is not None else None
    visit = read_visit(session, appointment_id) if appointment_id is not None else None
    return _facts(session, chart, visit)


def _facts(session: Session, chart: Chart | None, visit: AppointmentInfo | None) -> dict[str, str]:
    practice = read_details(session)
    zone = practice_zone(session)
    today = today_in(zone)
    facts = {
        "practice.name": practice.name,
        "practice.phone": practice.phone,
        "practice.after_hours_phone": practice.phone,
        "practice.address": ", ".join(practice.address_lines),
        "today": f"{today:%m/%d/%Y}",
    }
    if chart is not None:
        facts |= _chart_facts(chart)
    if visit is not None:
        facts |= _visit_facts(session, visit, zone)
    return facts


def _visit_facts(session: Session, visit: AppointmentInfo, zone: ZoneInfo) -> dict[str, str]:
    # Inactive types and providers too: the visits already booked with them still happen.
    types = {t.id: t for t in read_appointment_types(session, include_inactive=True)}
    kind = types.get(visit.type_id) if visit.type_id else None
    surgical = bool(kind and kind.surgical)
    providers = {p.id: p.name for p in read_providers(session, include_inactive=True)}
    starts = visit.starts_at.astimezone(zone)
    arrive = starts - timedelta(minutes=ARRIVE_EARLY[surgical])
    return {
        "appointment.start": f"{starts:%A, %B} {starts.day}, {starts:%Y at %I:%M %p}",
        "appointment.date": f"{starts:%m/%d/%Y}",
        "appointment.arrival": f"{arrive:%I:%M %p}".lstrip("0"),
        "appointment.provider": providers.get(visit.provider_id, ""),
        "appointment.procedure": visit.notes.strip() or visit.type_name,
    }


def _signed_for(
    session: Session, patient_id: uuid.UUID, appointment_id: uuid.UUID
) -> dict[str, dict[str, Answer]]:
    rows = session.scalars(
        select(PatientForm)
        .where(
            PatientForm.patient_id == patient_id,
            PatientForm.appointment_id == appointment_id,
            PatientForm.status == "signed",
            PatientForm.deleted_at.is_(None),
        )
        .order_by(PatientForm.signed_at)
    )
    return {row.template_id: _answers(row) for row in rows}


def _form_patient(chart: Chart) -> FormPatient:
    from practicedesk.documents.form_pdf import FormPatient

    summary = chart.summary
    born = f"{summary.date_of_birth:%m/%d/%Y}" if summary.date_of_birth else ""
    name = " ".join(p for p in (summary.first_name, summary.last_name) if p)
    return FormPatient(name, born)


def content_hash(row: PatientForm) -> str:
    """Over everything a signature vouches for, in one canonical text."""
    sealed = {
        "template_id": row.template_id,
        "template_version": row.template_version,
        "template_sha256": hashlib.sha256(row.template_text).hexdigest(),
        "answers": row.answers,
        "signer": row.signer_name,
        "signed_at": row.signed_at.isoformat() if row.signed_at else "",
        "patient_id": str(row.patient_id),
    }
    text = json.dumps(sealed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _chart_facts(chart: Chart) -> dict[str, str]:
    details, summary = chart.details, chart.summary
    place = " ".join(p for p in (details.region, details.postal_code) if p)
    address = ", ".join(p for p in (details.street, details.street2, details.city, place) if p)
    facts = {
        "patient.full_name": " ".join(
            p for p in (details.first_name, details.middle_name, details.last_name) if p
        ),
        "patient.first_name": details.first_name,
        "patient.last_name": details.last_name,
        "patient.preferred_name": details.preferred_name,
        "patient.date_of_birth": (
            f"{details.date_of_birth:%m/%d/%Y}" if details.date_of_birth else ""
        ),
        "patient.sex": details.sex,
        "patient.address": address,
        "patient.phone": summary.phone,
        "patient.email": details.email,
        "patient.chart_number": str(summary.chart_number or ""),
        "patient.emergency_contact": details.emergency_name,
        "patient.emergency_phone": details.emergency_phone,
        "responsible.name": "" if details.responsible_type == "self" else chart.responsible_label,
        "responsible.relationship": details.responsible_relationship,
        "responsible.phone": details.responsible_phone,
    }
    for rank, policy in zip(("primary", "secondary"), chart.policies, strict=False):
        facts[f"insurance.{rank}.carrier"] = policy.carrier_name
        facts[f"insurance.{rank}.member_id"] = policy.member_id
        if rank == "primary":
            facts["insurance.primary.group_number"] = policy.group_number
            facts["insurance.primary.subscriber"] = policy.subscriber_name
    return facts


def _form(session: Session, form_id: uuid.UUID) -> PatientForm:
    return live_row(session, PatientForm, form_id, "That form is no longer in the chart.")


def _still_draft(row: PatientForm) -> None:
    if row.status == "signed":
        raise InvalidInput("A signed form cannot be changed; amend it to correct it.")


def _tailored(session: Session, row: PatientForm, answers: dict[str, Answer]) -> FormTemplate:
    """The form's own wording (as started), as this patient is asked it."""
    template = template_of(row.template_text, f"{row.template_id}.yaml")
    return template.for_patient(_sex_of(session, row.patient_id), answers)


def _sex_of(session: Session, patient_id: uuid.UUID) -> str:
    patient = session.get(Patient, patient_id)
    return patient.sex if patient is not None else ""


def _answers(row: PatientForm) -> dict[str, Answer]:
    try:
        return answers_json.decode(row.answers)
    except ValueError as error:
        raise InvalidInput(
            f"The stored answers of {row.title} are damaged ({error}); restore a backup."
        ) from None


def _is_signature(answer: Answer) -> bool:
    return isinstance(answer, Signature)


def _info(row: PatientForm) -> FormInfo:
    return FormInfo(
        row.id, row.patient_id, row.template_id, row.template_version, row.title, row.status,
        row.updated_at, row.signed_at, row.signer_name, row.appointment_id, row.amends_id,
    )  # fmt: skip
