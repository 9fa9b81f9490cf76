"""A made-up old system's exports, with Open Dental's table columns: a patient list with its
PatNums, and the appointment book (a day of columns, one provider in one chair each, visits
back to back). Made-up people only: the patients come from tests/interop/patient_csv.py."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, time, timedelta

from tests.interop.patient_csv import csv_bytes, patient_rows

PATIENT_HEADER = ("PatNum", "First Name", "Last Name", "DOB")
APPOINTMENT_HEADER = (
    "AptNum", "PatNum", "AptDateTime", "Pattern", "ProvNum", "ProvHyg", "IsHygiene", "Op",
    "AppointmentTypeNum", "ProcDescript", "AptStatus", "Confirmed", "Note",
)  # fmt: skip
PROCEDURES = ("PA, Ex, Pro", "BWX, Pro", "Seal, Seal", "Comp-2S", "Ext", "Crn-PFM", "Ex")


def patient_list(count: int, seed: int = 11, first_id: int = 1000) -> list[tuple[str, ...]]:
    """(PatNum, first, last, birth date) for `count` made-up patients."""
    return [
        (str(first_id + index), first, last, born)
        for index, (first, last, born, *_rest) in enumerate(patient_rows(count, seed))
    ]


def appointment_book(
    patients: Sequence[str],
    columns: Sequence[tuple[str, str]],
    first_day: date,
    days: int,
    *,
    status: str,
    first_id: int = 1,
    per_column: int = 8,
    seed: int = 5,
) -> list[tuple[str, ...]]:
    """Visits on weekdays from `first_day`, `per_column` a day in each (provider, chair)
    column, 40 minutes each from 8:00 with a lunch hour: none overlaps another in its
    column. Patients are drawn at random, so now and then one is in two columns at once."""
    rng = random.Random(seed)
    rows = []
    number = first_id
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for provider, chair in columns:
            for slot in range(per_column):
                minutes = 8 * 60 + slot * 40 + (60 if slot >= 6 else 0)
                at = time(minutes // 60, minutes % 60)
                rows.append(
                    (
                        str(number), rng.choice(patients), f"{day} {at}", "//XXXX//",
                        provider, "0", "0", chair, "0", rng.choice(PROCEDURES), status, "0",
                        "",
                    )
                )  # fmt: skip
                number += 1
    return rows


def export(rows: Sequence[tuple[str, ...]], header: tuple[str, ...]) -> bytes:
    return csv_bytes(list(rows), header)
