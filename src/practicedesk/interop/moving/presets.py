"""Ready-made mappings for the exports offices actually have.

A preset says, for each kind of export, which column holds which field and what the old
system's coded values mean (its status numbers). "generic" leaves the columns to their header
names (interop/csv_fields.py recognizes the usual ones) and statuses to their words. "Open
Dental" names the columns of its tables as its database documentation does (appointment,
recall, patient's aging columns) and of the insurance query docs/moving-to-practicedesk.md
gives (patplan, inssub, insplan and carrier joined); its providers, chairs, appointment and
recall types are numbers only the office's own lists can tell, so those are matched once by
hand and remembered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from practicedesk.errors import InvalidInput

KINDS = ("appointments", "insurance", "recalls", "balances")


@dataclass(frozen=True, slots=True)
class Preset:
    name: str  # as the command line takes it: "open-dental"
    label: str  # as the screen shows it
    columns: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # kind → field → header
    values: Mapping[str, Mapping[str, Mapping[str, str]]] = field(
        default_factory=dict
    )  # kind → what → old value → PracticeDesk's


# Open Dental's ApptStatus numbers, as its table holds them.
_OPEN_DENTAL_STATUSES = {
    "0": "not a visit", "1": "scheduled", "2": "completed", "3": "not a visit",
    "4": "scheduled", "5": "no-show", "6": "not a visit", "7": "not a visit", "8": "not a visit",
}  # fmt: skip

GENERIC = Preset("generic", "Another system (columns found by their names)")
OPEN_DENTAL = Preset(
    "open-dental",
    "Open Dental",
    columns={
        "appointments": {
            "legacy_id": "AptNum", "patient_id": "PatNum", "starts": "AptDateTime",
            "minutes": "Pattern", "provider": "ProvNum", "hygienist": "ProvHyg",
            "is_hygiene": "IsHygiene", "chair": "Op", "kind": "AppointmentTypeNum",
            "procedures": "ProcDescript", "status": "AptStatus", "confirmed": "Confirmed",
            "note": "Note", "arrived": "DateTimeArrived", "seated": "DateTimeSeated",
            "dismissed": "DateTimeDismissed",
        },
        "insurance": {
            "legacy_id": "PatPlanNum", "patient_id": "PatNum", "rank": "Ordinal",
            "relationship": "Relationship", "subscriber_id": "Subscriber",
            "member_id": "SubscriberID", "effective_on": "DateEffective", "ends_on": "DateTerm",
            "plan": "GroupName", "group_number": "GroupNum", "carrier": "CarrierName",
            "carrier_phone": "Phone", "payer_id": "ElectID",
        },
        "recalls": {
            "legacy_id": "RecallNum", "patient_id": "PatNum", "recall_type": "RecallTypeNum",
            "due": "DateDue", "interval": "RecallInterval", "disabled": "IsDisabled",
            "note": "Note",
        },
        "balances": {
            "patient_id": "PatNum", "total": "BalTotal", "owed_0_30": "Bal_0_30",
            "owed_31_60": "Bal_31_60", "owed_61_90": "Bal_61_90", "owed_over_90": "BalOver90",
            "insurance_estimate": "InsEst",
        },
    },
    values={"appointments": {"status": _OPEN_DENTAL_STATUSES}},
)  # fmt: skip
PRESETS = {preset.name: preset for preset in (GENERIC, OPEN_DENTAL)}


def preset(name: str) -> Preset:
    found = PRESETS.get(name.strip().casefold().replace(" ", "-"))
    if found is None:
        raise InvalidInput(f"There is no preset {name!r}; the presets are: {', '.join(PRESETS)}.")
    return found
