"""Moving 50,000 visits in from the old system, in a fresh process; prints its timing as JSON.

`python -m benchmarks.moving_probe prepare DATA_DIR`
`python -m benchmarks.moving_probe run DATA_DIR [--dry-run]`

`prepare` runs once on a copy of the busy practice (20,000 patients, six providers in six
chairs, about 150,000 visits): it imports the practice's own patient list again with the old
system's ids (PatNum 1000 on), which links each patient to an id as an office that first
imported without them would. `run` makes the old system's appointment export (not timed) with
the test suite's generator (`tests/services/moving/old_system.py`, Open Dental's columns):
45,000 completed visits over the past four years or so and 5,000 booked ones from three
months ahead (after the busy practice's own book ends), eight 40-minute visits a day in each
of the six provider-and-chair columns, patients drawn at random. Providers and chairs are
written by their PracticeDesk names, so the Open Dental preset matches them without a
mapping. Then `session.appointment_import.run` is timed whole: every row read, matched to its
patient, provider and chair, the future ones checked against the book and its hours, and (not
a dry run) the visits and their history lines inserted in one transaction.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.busy_practice import PASSWORD, PATIENTS, PROVIDERS

USERNAME = "owner"
FIRST_PATNUM = 1000
PAST, FUTURE = 45_000, 5_000
AHEAD_DAYS = 100  # the busy practice's book goes 91 days ahead

if TYPE_CHECKING:
    from practicedesk.services.session import PracticeSession


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=("prepare", "run"))
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    from practicedesk.api import open_practice

    session = open_practice(args.data_dir, USERNAME, PASSWORD)
    try:
        result = _prepare(session) if args.step == "prepare" else _run(session, args.dry_run)
    finally:
        session.close()
    print(json.dumps(result))
    return 0


def _prepare(session: PracticeSession) -> dict[str, Any]:
    from tests.interop.patient_csv import csv_bytes

    rows = [
        (str(FIRST_PATNUM + index), f"First{index % 900}", f"Last{index:05d}")
        for index in range(PATIENTS)
    ]
    data = csv_bytes(rows, ("PatNum", "First Name", "Last Name"))
    report = session.patient_import.run(data, dry_run=False, file_name="patient.txt")
    return {"linked": report.linked, "added": report.added}


def _run(session: PracticeSession, dry_run: bool) -> dict[str, Any]:
    from tests.services.moving.old_system import APPOINTMENT_HEADER, appointment_book, export

    service = session.appointment_import
    patients = [str(FIRST_PATNUM + index) for index in range(PATIENTS)]
    columns = [
        (f"Bench {'dentist' if index < 4 else 'hygienist'} {index + 1}", f"Chair {index + 1}")
        for index in range(PROVIDERS)
    ]
    today = date.today()
    past_days, future_days = _days(PAST, len(columns)), _days(FUTURE, len(columns))
    past = appointment_book(
        patients, columns, today - timedelta(days=past_days + 1), past_days, status="2"
    )[:PAST]
    future = appointment_book(
        patients, columns, today + timedelta(days=AHEAD_DAYS), future_days, status="1",
        first_id=PAST + 1, seed=6,
    )[:FUTURE]  # fmt: skip
    data = export(past + future, APPOINTMENT_HEADER)
    mapping = service.starting_mapping("open-dental")
    started, cpu = time.perf_counter(), time.process_time()
    report = service.run(data, mapping, dry_run=dry_run, file_name="appointment.txt")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,  # this process's CPU time: what a busy machine does not inflate
        "rows": len(past) + len(future),
        "added": report.added,
        "rejected": len(report.rejected),
        "conflicts": len(report.conflicts),
        "warnings": len(report.warnings),
        "facts": list(report.facts),
    }


def _days(visits: int, columns: int) -> int:
    """Calendar days holding `visits` on weekdays at 8 a column a day, with a week to spare."""
    weekdays = -(-visits // (8 * columns))
    return weekdays * 7 // 5 + 7


if __name__ == "__main__":
    sys.exit(main())
