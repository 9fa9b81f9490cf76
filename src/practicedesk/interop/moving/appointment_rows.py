"""Visits from the old system's appointment export, read row by row into plain values.

Times are the old book's wall-clock times, still without a zone: the service places them in
the practice's. A row names its provider, chair and type in the old system's words (or
numbers); which of PracticeDesk's they are is the service's question, answered by the
mapping. A hygiene visit ("IsHygiene") is booked with its hygienist, the exam's dentist
being only on the old system's ticket.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.interop.csv_fields import Field, FieldSet
from practicedesk.interop.csv_values import BadValue, yes_no
from practicedesk.interop.moving import values
from practicedesk.interop.moving.rows import (
    PATIENT_FIELDS,
    PatientRef,
    RawRow,
    Refused,
    patient_ref,
)
from practicedesk.interop.moving.statuses import status_of

FIELDS = FieldSet(
    "an appointment list",
    (
        Field("legacy_id", "the visit's id", 60,
              ("AptNum", "Appointment ID", "Appt ID", "Visit ID", "Appointment Number")),
        *PATIENT_FIELDS,
        Field("starts", "the visit's date", 40,
              ("AptDateTime", "Date", "Appointment Date", "Appt Date", "Visit Date", "Start",
               "Start Date", "Date Time", "Appointment Start")),
        Field("time", "the visit's time", 20,
              ("Time", "Appointment Time", "Appt Time", "Start Time", "Visit Time")),
        Field("minutes", "the visit's length", 200,
              ("Pattern", "Length", "Duration", "Minutes", "Appt Length", "Length Minutes")),
        Field("provider", "the provider", 100,
              ("ProvNum", "Provider", "Dentist", "Doctor", "Provider Name", "ProvAbbr", "Prov")),
        Field("hygienist", "the hygienist", 100, ("ProvHyg", "Hygienist")),
        Field("is_hygiene", "whether it is a hygiene visit", 10, ("IsHygiene", "Hygiene")),
        Field("chair", "the chair", 100,
              ("Op", "Operatory", "Chair", "Room", "OperatoryNum", "Operatory Name")),
        Field("kind", "the appointment type", 100,
              ("AppointmentTypeNum", "Appointment Type", "Appt Type", "Type", "Visit Type",
               "Reason")),
        Field("procedures", "the procedures", 500,
              ("ProcDescript", "Procedures", "Procedure", "Description", "Treatment")),
        Field("status", "the visit's status", 40,
              ("AptStatus", "Status", "Appointment Status", "Appt Status")),
        Field("confirmed", "whether it is confirmed", 60, ("Confirmed", "Confirmation")),
        Field("note", "the note", 5000, ("Note", "Notes", "Comment", "Comments", "Appt Note")),
        Field("arrived", "when the patient arrived", 40, ("DateTimeArrived", "Arrived")),
        Field("seated", "when the patient was seated", 40, ("DateTimeSeated", "Seated")),
        Field("dismissed", "when the patient left", 40,
              ("DateTimeDismissed", "Dismissed", "Checked Out")),
    ),
    ("starts",),
    "Patient ID, Date, Time, Length, Provider, Chair",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class VisitRecord:
    line: int
    legacy_id: str
    patient: PatientRef
    day: date
    at: time
    minutes: int | None  # None: the file does not say; the type's length is used
    provider: str  # as the old system wrote it
    chair: str
    kind: str
    procedures: str
    status: VisitStatus
    confirmed: bool
    note: str
    arrived: tuple[date, time] | None = None
    seated: tuple[date, time] | None = None
    dismissed: tuple[date, time] | None = None


def read_visit(
    row: RawRow, *, day_first: bool, statuses: Mapping[str, str], confirmations: Mapping[str, str]
) -> VisitRecord | Refused:
    """The row as a visit, or why it is not one."""
    if row.problems:
        return Refused(row.line, row.problems)
    got = row.values
    problems: list[str] = []
    patient = patient_ref(got, problems, day_first=day_first)
    try:
        status = status_of(got.get("status", ""), statuses)
    except BadValue as exc:
        problems.append(str(exc))
        status = VisitStatus.SCHEDULED
    else:
        if status is None:
            return Refused(
                row.line,
                (
                    f"Its status {got.get('status', '')} is not a visit in the book (an entry "
                    "of the old system's unscheduled or planned list, or a note).",
                ),
                left_out=True,
            )
    starts = got.get("starts", "")
    if values.is_no_date(starts):
        return Refused(
            row.line,
            ("The visit has no date (in the old system it may wait on the unscheduled list).",),
            left_out=True,
        )
    day, at = date.min, time()
    try:
        day, found_time = values.day_and_time(
            starts, got.get("time", ""), day_first=day_first, what="The visit's date",
            time_what="The visit's time",
        )  # fmt: skip
        if found_time is None:
            problems.append("The visit's time is missing.")
        else:
            at = found_time
    except BadValue as exc:
        problems.append(str(exc))
    length = _length(got.get("minutes", ""), problems)
    provider = got.get("provider", "")
    hygienist = got.get("hygienist", "")
    try:
        hygiene = yes_no(got.get("is_hygiene", ""), "Whether it is a hygiene visit")
    except BadValue as exc:
        problems.append(str(exc))
        hygiene = False
    if hygiene and hygienist not in ("", "0"):
        provider = hygienist
    if provider in ("", "0"):
        problems.append("The visit's provider is missing.")
    stamps = {}
    for name, label in (
        ("arrived", "When the patient arrived"), ("seated", "When the patient was seated"),
        ("dismissed", "When the patient left"),
    ):  # fmt: skip
        try:
            stamps[name] = values.moment(got.get(name, ""), day_first=day_first, what=label)
        except BadValue as exc:
            problems.append(str(exc))
    if problems:
        return Refused(row.line, tuple(problems))
    return VisitRecord(
        line=row.line,
        legacy_id=got.get("legacy_id", ""),
        patient=patient,
        day=day,
        at=at,
        minutes=length,
        provider=provider,
        chair="" if got.get("chair", "") == "0" else got.get("chair", ""),
        kind="" if got.get("kind", "") == "0" else got.get("kind", ""),
        procedures=got.get("procedures", ""),
        status=status,
        confirmed=_confirmed(got.get("confirmed", ""), confirmations),
        note=got.get("note", ""),
        **stamps,
    )


def _length(typed: str, problems: list[str]) -> int | None:
    if not typed:
        return None
    try:
        found = values.minutes(typed)
    except BadValue as exc:
        problems.append(str(exc))
        return None
    if not 5 <= found <= 12 * 60:
        problems.append(
            f"The visit's length {typed} ({found} minutes) is not between 5 minutes and 12 hours."
        )
    return found


_CONFIRMED_WORDS = ("confirmed", "yes", "y", "true", "1", "x")


def _confirmed(typed: str, given: Mapping[str, str]) -> bool:
    """Confirmed, as the old system wrote it: a word, or its own value the mapping names
    ("19" → "no" in Open Dental, whose numbers are the office's own list)."""
    text = typed.strip()
    chosen = given.get(text)
    if chosen is not None:
        return chosen.casefold() in ("yes", "confirmed", "true")
    words = text.casefold()
    return words in _CONFIRMED_WORDS or (
        "confirm" in words and "not" not in words and "un" not in words
    )
