"""The backup figure in one fresh process: `session.backup_schedule.run_now()` on the demo
practice, into a folder of its own, timed whole. Prints JSON timings.

`python -m benchmarks.backup_probe DATA_DIR RUNS FOLDER`

`run_now` is what "Back up now" runs on a worker: the snapshot of the live database, the file
written and flushed, read back and checked in full as a restore would (every chunk decrypted,
SQLCipher's and SQLite's integrity checks, every table counted against the header), renamed,
recorded in the audit log, and the place rotated. The first backup of the process (the
cryptography and database layers warming up, the page cache filling) is timed apart and not
counted; each run after it writes another file into the same folder, and rotation keeps only
the newest of the day, so the folder never holds more than two.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(data_dir: Path, runs: int, folder: Path) -> int:
    from benchmarks.practice import USERNAME, password
    from practicedesk.api import open_practice

    session = open_practice(data_dir, USERNAME, password())
    schedule = session.backup_schedule
    schedule.set_places(folder, None)
    timings: list[float] = []
    sizes: list[int] = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        run = schedule.run_now()
        timings.append(time.perf_counter() - started)
        if run.failed:
            raise RuntimeError(run.results[0].message)
        sizes.append((folder / run.results[0].file_name).stat().st_size)
    session.close()
    print(json.dumps({"first": timings[0], "runs": timings[1:], "bytes": sizes}))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])))
