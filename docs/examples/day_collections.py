"""Write a day's collections as CSV for the bookkeeper: an example of a money script.

PRACTICEDESK_PASSWORD='…' python docs/examples/day_collections.py DATA_DIR USERNAME [YYYY-MM-DD]
    > collections.csv

The day is the practice's (today if none is given). Every payment and insurance payment that
counts on it is a row, as the day's report counts it: a payment taken back later stays on
its day, marked reversed, and the correction counts on the day it was made. Needs a user who
may see accounts (owner or coordinator).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from decimal import Decimal

from practicedesk.api import EntryKind, csv_bytes, open_practice
from practicedesk.errors import PracticeDeskError

COLLECTED = {EntryKind.PAYMENT: "patient", EntryKind.INSURANCE_PAYMENT: "insurance"}
HEADER = ("Day", "Patient", "From", "Method", "Reference", "Amount", "Reversed", "Taken by")


def dollars(cents: int) -> Decimal:
    """A number a spreadsheet adds up (12.50), never a float that loses a cent."""
    return Decimal(cents).scaleb(-2)


def main(data_dir: str, username: str, day_text: str | None) -> int:
    password = os.environ["PRACTICEDESK_PASSWORD"]
    try:
        with open_practice(data_dir, username, password) as practice:
            day = date.fromisoformat(day_text) if day_text else practice.today()
            report = practice.day_close.report(day)
            rows = [
                (
                    entry.counts_on,
                    entry.patient_name,
                    COLLECTED[entry.kind],
                    entry.method,
                    entry.reference,
                    dollars(-entry.amount),  # a payment lowers the account: below zero there
                    "yes" if entry.reversed else "",
                    entry.posted_by,
                )
                for entry in report.entries
                if entry.kind in COLLECTED
            ]
    except PracticeDeskError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    sys.stdout.buffer.write(csv_bytes(HEADER, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None))
