"""One patient's record as a FHIR R4B Bundle (type "collection"), for a records request.

Every resource is built through `fhir.resources.R4B`, whose models check the structure as
they are made, so a bundle that leaves here parses in any R4-family reader. Those models do
not check codes against their value sets: the mappings below are the only place codes are
chosen, and the tests hold them to FHIR's lists. The choices (why Flag, why the documents
carry their bytes) are explained in docs/record-export.md.

Plain values in (interop/patient_record.py), JSON out; nothing here reads the database.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from fhir.resources.R4B.allergyintolerance import AllergyIntolerance
from fhir.resources.R4B.appointment import Appointment
from fhir.resources.R4B.attachment import Attachment
from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coverage import Coverage
from fhir.resources.R4B.documentreference import DocumentReference, DocumentReferenceContent
from fhir.resources.R4B.flag import Flag
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.resource import Resource

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.interop.patient_record import (
    PatientRecord,
    RecordAlert,
    RecordAppointment,
    RecordDocument,
    RecordPolicy,
)

TERMINOLOGY = "http://terminology.hl7.org/CodeSystem"
# The program keeps money in cents and shows it in dollars; there is no other currency.
CURRENCY = "USD"

APPOINTMENT_STATUS = {
    VisitStatus.SCHEDULED: "booked",
    VisitStatus.CONFIRMED: "booked",
    VisitStatus.ARRIVED: "arrived",  # in the waiting room
    VisitStatus.SEATED: "checked-in",  # in the chair: the encounter may begin
    VisitStatus.COMPLETED: "fulfilled",
    VisitStatus.NO_SHOW: "noshow",
    VisitStatus.CANCELLED: "cancelled",
}
GENDER = {"female": "female", "male": "male", "intersex": "other", "unknown": "unknown"}
PHONE_USE = {"mobile": "mobile", "home": "home", "work": "work"}
# Alerts other than allergies become Flags: they are notices for the staff written as free
# text, not a reconciled medication list or problem list with codes.
FLAG_CATEGORY = {
    "medication": ("drug", "Drug"),
    "premedication": ("drug", "Drug"),
    "condition": ("clinical", "Clinical"),
    "alert": ("safety", "Safety"),
}
FLAG_PRIORITY = {
    "info": ("PL", "Low priority"),
    "warning": ("PM", "Medium priority"),
    "critical": ("PH", "High priority"),
}
KIND_LABEL = {
    "medication": "Medication",
    "premedication": "Premedication",
    "condition": "Condition",
    "alert": "Alert",
}


def bundle_json(record: PatientRecord, stamp: datetime) -> str:
    return build_bundle(record, stamp).model_dump_json(indent=2)


def build_bundle(record: PatientRecord, stamp: datetime) -> Bundle:
    """Resources in reading order: the patient, then insurance, alerts, visits, documents.
    Entries are addressed as urn:uuid: so the bundle's references resolve inside it."""
    resources: list[Resource] = [_patient(record)]
    resources += [_coverage(record, policy) for policy in record.policies]
    resources += [_alert(record, alert) for alert in record.alerts]
    resources += [_appointment(record, visit) for visit in record.appointments]
    resources += [_document(record, document) for document in record.documents]
    return Bundle(
        type="collection",
        timestamp=stamp,
        entry=[BundleEntry(fullUrl=f"urn:uuid:{r.id}", resource=r) for r in resources],
    )


def _subject(record: PatientRecord) -> dict[str, str]:
    return {"reference": f"urn:uuid:{record.id}"}


def _coding(system: str, code: str, display: str = "") -> dict[str, Any]:
    coding = {"system": system, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding]}


def _patient(record: PatientRecord) -> Patient:
    names: list[dict[str, Any]] = [
        _drop_empty(
            use="official",
            family=record.last_name,
            given=[n for n in (record.first_name, record.middle_name) if n],
            suffix=[record.suffix] if record.suffix else [],
        )
    ]
    if record.preferred_name:
        names.append({"use": "usual", "family": record.last_name, "given": [record.preferred_name]})
    telecom: list[dict[str, Any]] = [
        _drop_empty(
            system="phone",
            value=phone.number,
            use=PHONE_USE.get(phone.kind, ""),
            rank=1 if phone.is_primary else None,
        )
        for phone in record.phones
    ]
    if record.email:
        telecom.append({"system": "email", "value": record.email})
    address = _drop_empty(
        line=[line for line in (record.street, record.street2) if line],
        city=record.city,
        state=record.region,
        postalCode=record.postal_code,
    )
    identifier = []
    if record.chart_number is not None:
        identifier.append(
            {
                "use": "usual",
                "type": {
                    **_coding(f"{TERMINOLOGY}/v2-0203", "MR", "Medical record number"),
                    "text": "Chart number",
                },
                "system": record.chart_system,
                "value": str(record.chart_number),
            }
        )
    contact = []
    if record.emergency_name or record.emergency_phone:
        contact.append(
            _drop_empty(
                relationship=[
                    {
                        **_coding(f"{TERMINOLOGY}/v2-0131", "C", "Emergency Contact"),
                        "text": record.emergency_relationship or "Emergency contact",
                    }
                ],
                name={"text": record.emergency_name} if record.emergency_name else None,
                telecom=[{"system": "phone", "value": record.emergency_phone}]
                if record.emergency_phone
                else [],
            )
        )
    return Patient(
        **_drop_empty(
            id=str(record.id),
            identifier=identifier,
            name=names,
            telecom=telecom,
            gender=GENDER.get(record.sex, ""),
            birthDate=record.date_of_birth,
            deceasedBoolean=True if record.deceased else None,
            address=[address] if address else [],
            contact=contact,
            communication=[{"language": {"text": record.preferred_language}, "preferred": True}]
            if record.preferred_language
            else [],
        )
    )


def _coverage(record: PatientRecord, policy: RecordPolicy) -> Coverage:
    """The carrier is described, not identified, so it travels inside the Coverage."""
    carrier = Organization(
        **_drop_empty(
            id="carrier",
            name=policy.carrier_name,
            telecom=[{"system": "phone", "value": policy.carrier_phone}]
            if policy.carrier_phone
            else [],
        )
    )
    classes = [
        {"type": _coding(f"{TERMINOLOGY}/coverage-class", code), "value": value}
        for code, value in (("group", policy.group_number), ("plan", policy.plan))
        if value
    ]
    costs = [
        {
            "type": _coding(f"{TERMINOLOGY}/coverage-copay-type", code),
            "valueMoney": {"value": Decimal(cents).scaleb(-2), "currency": CURRENCY},
        }
        for code, cents in (("copay", policy.copay_cents), ("deductible", policy.deductible_cents))
        if cents is not None
    ]
    period = _drop_empty(start=policy.effective_on, end=policy.ends_on)
    own = policy.subscriber_relationship == "self"
    return Coverage(
        **_drop_empty(
            id=str(policy.id),
            contained=[carrier],
            status="active",
            subscriberId=policy.member_id,
            subscriber={"display": policy.subscriber_name}
            if policy.subscriber_name and not own
            else None,
            beneficiary=_subject(record),
            relationship=_coding(
                f"{TERMINOLOGY}/subscriber-relationship", policy.subscriber_relationship
            ),
            period=period or None,
            payor=[{"reference": "#carrier", "display": policy.carrier_name}],
            order=policy.rank,
            costToBeneficiary=costs,
            **{"class": classes},
        )
    )


def _alert(record: PatientRecord, alert: RecordAlert) -> Resource:
    if alert.kind == "allergy":
        return AllergyIntolerance(
            **_drop_empty(
                id=str(alert.id),
                clinicalStatus=_coding(
                    f"{TERMINOLOGY}/allergyintolerance-clinical",
                    "active" if alert.active else "inactive",
                ),
                criticality="high" if alert.severity == "critical" else "low",
                code={"text": alert.text},
                patient=_subject(record),
                note=[{"text": alert.notes}] if alert.notes else [],
            )
        )
    category = FLAG_CATEGORY.get(alert.kind, FLAG_CATEGORY["alert"])
    priority = FLAG_PRIORITY.get(alert.severity, FLAG_PRIORITY["warning"])
    label = KIND_LABEL.get(alert.kind, "Alert")
    narrative = None
    if alert.notes:  # a Flag has no note of its own: the notes go in its narrative
        narrative = {
            "status": "additional",
            "div": '<div xmlns="http://www.w3.org/1999/xhtml">'
            f"<p>{escape(f'{label}: {alert.text}')}</p><p>{escape(alert.notes)}</p></div>",
        }
    return Flag(
        **_drop_empty(
            id=str(alert.id),
            text=narrative,
            extension=[
                {
                    "url": "http://hl7.org/fhir/StructureDefinition/flag-priority",
                    "valueCodeableConcept": _coding(
                        "http://hl7.org/fhir/flag-priority-code", *priority
                    ),
                }
            ],
            status="active" if alert.active else "inactive",
            category=[_coding(f"{TERMINOLOGY}/flag-category", *category)],
            code={"text": f"{label}: {alert.text}"},
            subject=_subject(record),
        )
    )


def _appointment(record: PatientRecord, visit: RecordAppointment) -> Appointment:
    """The patient has accepted a visit once it is confirmed; a merely scheduled one still
    awaits their answer."""
    patient_status = "needs-action" if visit.status == VisitStatus.SCHEDULED else "accepted"
    participants: list[dict[str, Any]] = [
        {"actor": {**_subject(record), "display": _full_name(record)}, "status": patient_status},
        {"actor": {"display": visit.provider}, "status": "accepted"},
    ]
    if visit.chair:
        participants.append({"actor": {"display": visit.chair}, "status": "accepted"})
    cancelled = visit.status == VisitStatus.CANCELLED
    return Appointment(
        **_drop_empty(
            id=str(visit.id),
            status=APPOINTMENT_STATUS[visit.status],
            cancelationReason={"text": visit.cancel_reason}
            if cancelled and visit.cancel_reason
            else None,
            serviceType=[{"text": visit.kind}] if visit.kind else [],
            description=visit.kind,
            start=visit.starts_at,
            end=visit.starts_at + timedelta(minutes=visit.minutes),
            minutesDuration=visit.minutes,
            comment=visit.notes,
            participant=participants,
        )
    )


def _document(record: PatientRecord, document: RecordDocument) -> DocumentReference:
    """The file travels inside the bundle: a reference with neither data nor a reachable URL
    would hand over a title and nothing of the record. FHIR R4's attachment hash is SHA-1,
    in base64, of those same bytes."""
    content = document.content
    return DocumentReference(
        id=str(document.id),
        status="current",
        category=[CodeableConcept(text=document.category)],
        subject=Reference.model_validate(_subject(record)),
        date=document.added_at,
        description=document.title,
        content=[
            DocumentReferenceContent(
                attachment=Attachment(
                    contentType=document.media_type,
                    data=base64.b64encode(content),
                    size=len(content),
                    hash=base64.b64encode(hashlib.sha1(content).digest()),
                    title=document.title,
                    creation=document.added_at,
                )
            )
        ],
    )


def _full_name(record: PatientRecord) -> str:
    return " ".join(n for n in (record.first_name, record.last_name) if n)


def _drop_empty(**values: Any) -> dict[str, Any]:
    """FHIR forbids empty strings, lists and objects: an element is present or absent."""
    return {k: v for k, v in values.items() if v is not None and v != "" and v != [] and v != {}}
