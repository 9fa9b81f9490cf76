"""Recalls from the old system's export, read row by row: whose, which recall (in the old
system's words or number), when it is due, at what interval, and whether it is turned off."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from practicedesk.interop.csv_fields import Field, FieldSet
from practicedesk.interop.csv_values import yes_no
from practicedesk.interop.moving import values
from practicedesk.interop.moving.rows import (
    PATIENT_FIELDS,
    PatientRef,
    RawRow,
    Refused,
    optional,
    patient_ref,
)

FIELDS = FieldSet(
    "a recall list",
    (
        Field("legacy_id", "the recall's id", 60, ("RecallNum", "Recall ID")),
        *PATIENT_FIELDS,
        Field("recall_type", "the recall", 100,
              ("RecallTypeNum", "Recall Type", "Recall", "Type", "Description", "Recall Name")),
        Field("due", "the due date", 40,
              ("DateDue", "Due Date", "Due", "Recall Due", "Next Due", "Date Due")),
        Field("interval", "the interval", 40,
              ("RecallInterval", "Interval", "Recall Interval", "Frequency")),
        Field("disabled", "whether it is turned off", 10,
              ("IsDisabled", "Disabled", "Inactive", "Off", "Turned Off")),
        Field("note", "the note", 2000, ("Note", "Notes", "Comment")),
    ),
    ("recall_type",),
    "Patient ID, Recall Type, Due Date, Interval",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class RecallRecord:
    line: int
    legacy_id: str
    patient: PatientRef
    recall_type: str  # as the old system wrote it
    due: date | None  # None: not set there (then worked out from the visits, as usual)
    interval: tuple[int, int] | None  # (months, days); None: the recall type's
    off: bool
    note: str


def read_recall(row: RawRow, *, day_first: bool) -> RecallRecord | Refused:
    if row.problems:
        return Refused(row.line, row.problems)
    got = row.values
    problems: list[str] = []
    patient = patient_ref(got, problems, day_first=day_first)
    kind = got.get("recall_type", "")
    if kind in ("", "0"):
        problems.append("The recall is missing.")
    typed_due = got.get("due", "")
    due = (
        None
        if values.is_no_date(typed_due)
        else optional(lambda: values.day(typed_due, day_first=day_first, what="The due date"),
                      problems)
    )  # fmt: skip
    typed_interval = got.get("interval", "")
    interval = (
        optional(lambda: values.interval(typed_interval), problems)
        if typed_interval not in ("", "0")
        else None
    )
    off = optional(lambda: yes_no(got.get("disabled", ""), "Whether it is turned off"), problems)
    if problems:
        return Refused(row.line, tuple(problems))
    return RecallRecord(
        row.line, got.get("legacy_id", ""), patient, kind, due, interval, bool(off),
        got.get("note", ""),
    )  # fmt: skip
