"""What a patient is registered with: the few facts the front desk takes at the first call,
which an import also reads from another system's export row by row.

One type for both, so the desk, an import and the demo practice cannot drift apart in what
a new patient carries; services/patients/listing.py adds them, interop/csv_import.py reads
them from a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class NewPatient:
    """Text trimmed, the birth date if known, the phone as typed (the service checks and
    stores it in E.164; an import has already put it so)."""

    first_name: str
    last_name: str
    date_of_birth: date | None = None
    phone: str = ""
    email: str = ""
    preferred_name: str = ""
    middle_name: str = ""
    street: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    may_text: bool = False
    legacy_id: str = ""  # the patient's id in the system the practice moved from
