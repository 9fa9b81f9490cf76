"""The four things the move from another system brings after its patients, as the move dialog
offers them: what each is called, which service imports it, what its values are matched to,
and what to export from the old system for it (docs/moving-to-practicedesk.md says more)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MoveKind:
    name: str  # as services/moving names it
    label: str
    attribute: str  # the session's service
    things: str  # "visits", as a question names them
    matched: tuple[tuple[str, str, bool], ...]  # (what, title, may be none)
    hints: Mapping[str, str]  # preset → what to export
    as_of: bool = False


KINDS = (
    MoveKind(
        "appointments", "Visits (the appointment book)", "appointment_import", "visits",
        (("provider", "Providers", False), ("chair", "Chairs", True),
         ("kind", "Appointment types (or procedures)", True), ("status", "Statuses", False)),
        {
            "open-dental": "In Open Dental, run the query SELECT * FROM appointment (Reports → "
            "User Query) and export it. Import the patient list, with its PatNum column, "
            "first: visits find their patients by it.",
            "generic": "Export the appointment book with the patient's id (or name and date "
            "of birth), the date and time, the length, the provider and the chair. Import "
            "the patient list first.",
        },
    ),
    MoveKind(
        "insurance", "Insurance policies", "insurance_import", "policies", (),
        {
            "open-dental": "In Open Dental, run the insurance query in the moving guide "
            "(patplan, inssub, insplan and carrier joined) and export it.",
            "generic": "Export each patient's policies: the patient's id, the insurance "
            "company, the member id, the group, the subscriber and the relationship.",
        },
    ),
    MoveKind(
        "recalls", "Recall due dates", "recall_import", "recalls",
        (("recall_type", "Recalls", False),),
        {
            "open-dental": "In Open Dental, run the query SELECT * FROM recall and export "
            "it; set the day it was exported below.",
            "generic": "Export each patient's recalls: the patient's id, the recall, the due "
            "date and the interval; set the day it was exported below.",
        },
        as_of=True,
    ),
    MoveKind(
        "balances", "Opening balances (owners)", "balance_import", "balances", (),
        {
            "open-dental": "In Open Dental, run aging, then the balances query in the moving "
            "guide (the patient table's aging columns, guarantors only) and export it; set "
            "the day it was run below.",
            "generic": "Export the aging of accounts receivable, one row per guarantor: the "
            "id, the total and the 0–30, 31–60, 61–90 and over 90 days columns; set its day.",
        },
        as_of=True,
    ),
)  # fmt: skip
