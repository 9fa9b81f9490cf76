"""One CSV import of 10,000 patients in a fresh process; prints its timing as JSON.

`python -m benchmarks.import_probe DATA_DIR`

DATA_DIR is a throwaway copy of the demo practice (20,000 patients), made by the runner, so
every run imports into the same practice. The file is made first (not timed) by the test
suite's generator (`tests/interop/patient_csv.py`: Faker pools with a fixed seed, unique
phones and e-mails, birth dates as M/D/YYYY); then `session.patient_import.run` is timed
whole: reading and checking every row, comparing it with the practice's patients and the
file's earlier rows, and adding the new ones in one transaction with one audit entry.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROWS = 10_000
SEED = 11


def main(data_dir: Path) -> int:
    from tests.interop.patient_csv import csv_bytes, patient_rows

    from benchmarks.practice import USERNAME, password
    from practicedesk.api import open_practice

    data = csv_bytes(patient_rows(ROWS, seed=SEED))
    session = open_practice(data_dir, USERNAME, password())
    before = session.patients.count()
    started = time.perf_counter()
    report = session.patient_import.run(data, dry_run=False, file_name="patients-export.csv")
    seconds = time.perf_counter() - started
    after = session.patients.count()
    session.close()
    result = {
        "seconds": seconds,
        "rows": ROWS,
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
    sys.exit(main(Path(sys.argv[1])))
