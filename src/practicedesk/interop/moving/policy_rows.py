"""Insurance from the old system's export, read row by row: one row a patient's policy, with
its insurance company, plan, subscriber, the patient's relation to the subscriber, the member
and group numbers, and, where the export has them, the co-pay, deductible, annual maximum and
what the plan pays of preventive, basic and major care.

The subscriber may be named, or given as the old system's id of the patient who holds the
policy (Open Dental's `Subscriber`): the service then writes that patient's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from practicedesk.interop.csv_fields import Field, FieldSet
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
    "an insurance list",
    (
        Field("legacy_id", "the policy's id", 60,
              ("PatPlanNum", "Policy ID", "Coverage ID", "Plan Link ID")),
        *PATIENT_FIELDS,
        Field("rank", "the policy's order", 20,
              ("Ordinal", "Priority", "Rank", "Order", "Coverage Order", "Coverage Level")),
        Field("carrier", "the insurance company", 200,
              ("CarrierName", "Carrier", "Carrier Name", "Insurance Company", "Insurer",
               "Payer", "Payer Name", "Insurance")),
        Field("carrier_phone", "the insurance company's phone", 40,
              ("Phone", "Carrier Phone", "Insurance Phone", "Payer Phone")),
        Field("payer_id", "the payer id", 40, ("ElectID", "Payer ID", "Electronic ID")),
        Field("plan", "the plan", 200,
              ("GroupName", "Plan", "Plan Name", "Group Name", "Employer")),
        Field("group_number", "the group number", 60,
              ("GroupNum", "Group Number", "Group", "Group No", "Group ID")),
        Field("member_id", "the member id", 60,
              ("SubscriberID", "Member ID", "Subscriber ID", "Policy Number", "ID Number",
               "Insured ID", "Member Number", "Policy No")),
        Field("subscriber_id", "the subscriber's patient id", 60,
              ("Subscriber", "Subscriber PatNum", "Subscriber Patient ID")),
        Field("subscriber_name", "the subscriber's name", 200,
              ("Subscriber Name", "Insured Name", "Policy Holder", "Policyholder")),
        Field("subscriber_birth_date", "the subscriber's date of birth", 40,
              ("Subscriber DOB", "Subscriber Birth Date", "Insured DOB", "Subscriber Birthdate")),
        Field("relationship", "the relationship to the subscriber", 40,
              ("Relationship", "Relationship to Subscriber", "Relation", "Patient Relationship")),
        Field("effective_on", "the date the policy starts", 40,
              ("DateEffective", "Effective Date", "Effective", "Start Date", "Coverage Start")),
        Field("ends_on", "the date the policy ends", 40,
              ("DateTerm", "Termination Date", "Term Date", "End Date", "Coverage End")),
        Field("copay", "the co-pay", 20, ("Copay", "Co-pay", "Copayment", "Co-payment")),
        Field("deductible", "the deductible", 20, ("Deductible", "Annual Deductible")),
        Field("annual_max", "the annual maximum", 20,
              ("Annual Max", "Annual Maximum", "Maximum", "Annual Benefit", "Yearly Max")),
        Field("covers_preventive", "what it pays of preventive care", 10,
              ("Preventive", "Preventive %", "Diagnostic/Preventive", "Prev %")),
        Field("covers_basic", "what it pays of basic care", 10, ("Basic", "Basic %")),
        Field("covers_major", "what it pays of major care", 10, ("Major", "Major %")),
    ),
    ("carrier", "member_id"),
    "Patient ID, Carrier, Member ID, Group Number, Relationship",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PolicyRecord:
    line: int
    legacy_id: str
    patient: PatientRef
    rank: int
    carrier: str
    carrier_phone: str
    payer_id: str
    plan: str
    group_number: str
    member_id: str
    subscriber_id: str  # the old system's id of the patient who holds it, if given
    subscriber_name: str
    subscriber_birth_date: date | None
    relationship: str  # self, spouse, child, other
    effective_on: date | None
    ends_on: date | None
    copay_cents: int | None
    deductible_cents: int | None
    annual_max_cents: int | None
    covers_preventive: int | None
    covers_basic: int | None
    covers_major: int | None


def read_policy(row: RawRow, *, day_first: bool) -> PolicyRecord | Refused:
    if row.problems:
        return Refused(row.line, row.problems)
    got = row.values
    problems: list[str] = []
    patient = patient_ref(got, problems, day_first=day_first)
    if not got.get("carrier"):
        problems.append("The insurance company is missing.")
    if not got.get("member_id"):
        problems.append("The member id is missing.")

    def when(name: str, label: str) -> date | None:
        typed = got.get(name, "")
        if values.is_no_date(typed):
            return None
        return optional(lambda: values.day(typed, day_first=day_first, what=label), problems)

    def money(name: str, label: str) -> int | None:
        typed = got.get(name, "")
        return optional(lambda: values.cents(typed, what=label), problems) if typed else None

    def share(name: str, label: str) -> int | None:
        typed = got.get(name, "")
        return optional(lambda: values.percent(typed, what=label), problems) if typed else None

    relation = optional(lambda: values.relationship(got.get("relationship", "")), problems)
    order = optional(lambda: values.rank(got.get("rank", "")), problems)
    record = PolicyRecord(
        line=row.line,
        legacy_id=got.get("legacy_id", ""),
        patient=patient,
        rank=order or 1,
        carrier=" ".join(got.get("carrier", "").split()),
        carrier_phone=got.get("carrier_phone", ""),
        payer_id=got.get("payer_id", ""),
        plan=got.get("plan", ""),
        group_number=got.get("group_number", ""),
        member_id=got.get("member_id", ""),
        subscriber_id="" if got.get("subscriber_id", "") == "0" else got.get("subscriber_id", ""),
        subscriber_name=got.get("subscriber_name", ""),
        subscriber_birth_date=when("subscriber_birth_date", "The subscriber's date of birth"),
        relationship=relation or "self",
        effective_on=when("effective_on", "The date the policy starts"),
        ends_on=when("ends_on", "The date the policy ends"),
        copay_cents=money("copay", "The co-pay"),
        deductible_cents=money("deductible", "The deductible"),
        annual_max_cents=money("annual_max", "The annual maximum"),
        covers_preventive=share("covers_preventive", "What it pays of preventive care"),
        covers_basic=share("covers_basic", "What it pays of basic care"),
        covers_major=share("covers_major", "What it pays of major care"),
    )
    return Refused(row.line, tuple(problems)) if problems else record
