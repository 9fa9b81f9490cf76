"""Opening balances from the old system's aging export, read row by row: whose account (the
guarantor), what it owed in all on the export's day, and, where the export splits it, how
much of it was 0–30, 31–60, 61–90 and over 90 days old. The insurance estimate, where given,
is kept only in the entry's words: PracticeDesk expects insurance money from claims, which
the old system's are not.
"""

from __future__ import annotations

from dataclasses import dataclass

from practicedesk.interop.csv_fields import Field, FieldSet
from practicedesk.interop.csv_files import sentence
from practicedesk.interop.moving import values
from practicedesk.interop.moving.rows import (
    PATIENT_FIELDS,
    PatientRef,
    RawRow,
    Refused,
    optional,
    patient_ref,
)

BUCKETS = ("owed_0_30", "owed_31_60", "owed_61_90", "owed_over_90")

FIELDS = FieldSet(
    "a list of balances",
    (
        *PATIENT_FIELDS,
        Field("total", "the balance", 20,
              ("BalTotal", "Total", "Balance", "Total Balance", "Amount Due", "Balance Due",
               "Account Balance")),
        Field("owed_0_30", "what was owed 0–30 days", 20,
              ("Bal_0_30", "0-30 Days", "0-30", "0 to 30", "Current", "0-30 Day")),
        Field("owed_31_60", "what was owed 31–60 days", 20,
              ("Bal_31_60", "31-60 Days", "31-60", "31 to 60", "31-60 Day")),
        Field("owed_61_90", "what was owed 61–90 days", 20,
              ("Bal_61_90", "61-90 Days", "61-90", "61 to 90", "61-90 Day")),
        Field("owed_over_90", "what was owed over 90 days", 20,
              ("BalOver90", "> 90 Days", "Over 90", "Over 90 Days", "90+", "91+", "91+ Days")),
        Field("insurance_estimate", "the insurance estimate", 20,
              ("InsEst", "Ins Est", "Insurance Estimate", "Ins Pending", "Insurance Pending")),
    ),
    (),
    "Guarantor ID, Total, 0-30 Days, 31-60 Days, 61-90 Days, Over 90 Days",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class BalanceRecord:
    line: int
    patient: PatientRef  # the guarantor
    total: int  # cents; negative: a credit
    buckets: tuple[int, ...] | None  # cents 0–30, 31–60, 61–90, 91+ days; None: not split
    insurance_estimate: int | None


def read_balance(row: RawRow) -> BalanceRecord | Refused:
    if row.problems:
        return Refused(row.line, row.problems)
    got = row.values
    problems: list[str] = []
    patient = patient_ref(got, problems, day_first=False)

    def amount(name: str, label: str) -> int | None:
        typed = got.get(name, "")
        return optional(lambda: values.cents(typed, what=label), problems) if typed else None

    parts = [amount(name, sentence(FIELDS.field(name).label)) for name in BUCKETS]
    total = amount("total", "The balance")
    estimate = amount("insurance_estimate", "The insurance estimate")
    split = any(got.get(name, "") for name in BUCKETS)
    if total is None and not split:
        problems.append("The balance is missing.")
    if problems:
        return Refused(row.line, tuple(problems))
    buckets = tuple(part or 0 for part in parts) if split else None
    whole = total if total is not None else sum(buckets or ())
    return BalanceRecord(row.line, patient, whole, buckets, estimate)
