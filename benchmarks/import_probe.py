"""One CSV import in a fresh process; prints its timing as JSON.

`python -m benchmarks.import_probe DATA_DIR [--rows N] [--one-date M/D/YYYY]`

DATA_DIR is a throwaway copy of the demo practice (20,000 patients), made by the runner, so
every run imports into the same practice. The file is made first (not timed) by the test
suite's generator (`tests/interop/patient_csv.py`: Faker pools with a fixed seed, unique
phones and e-mails, birth dates as M/D/YYYY); `--one-date` gives every row the same birth
date, as old exports do with a placeholder, so that every row must be compared with the
file's earlier rows of that date. Then `session.patient_import.run` is timed whole: reading
and checking every row, comparing it with the practice's patients and the file's earlier
rows, and adding the new ones in one transaction with one audit entry.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

SEED = 11


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--one-date", metavar="M/D/YYYY", help="every row's birth date")
    args = parser.parse_args(argv)

    from tests.interop.patient_csv import csv_bytes, patient_rows

    from benchmarks.practice import USERNAME, password
    from practicedesk.api import open_practice

    rows = patient_rows(args.rows, seed=SEED)
    if args.one_date:
        rows = [(*row[:2], args.one_date, *row[3:]) for row in rows]
    data = csv_bytes(rows)
    session = open_practice(args.data_dir, USERNAME, password())
    before = session.patients.count()
    started = time.perf_counter()
    report = session.patient_import.run(data, dry_run=False, file_name="patients-export.csv")
    seconds = time.perf_counter() - started
    after = session.patients.count()
    session.close()
    result = {
        "seconds": seconds,
        "rows": args.rows,
        "before": before,
        "added": report.added,
        "after": after,
        "skipped": report.skipped,
        "possible_duplicates": len(report.possible_duplicates),
        "rejected": len(report.rejected),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
