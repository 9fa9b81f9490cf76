"""The reminder-queue figure in one fresh process: on copies of the busy practice, queue the
reminders of the coming visits (two rules, as the usual setup) and time `queue()` alone, the
database work; nothing is sent (the network is not part of the figure). Prints JSON."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path


def main(data_dir: Path, runs: int) -> int:
    from benchmarks.busy_practice import PASSWORD
    from practicedesk.api import ReminderSetup, open_practice

    samples, counts = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="practicedesk-bench-queue-") as folder:
            copy = Path(folder) / "busy"
            shutil.copytree(data_dir, copy)  # each run starts from an empty queue
            with open_practice(copy, "owner", PASSWORD) as session:
                setup = session.reminder_setup
                setup.save(replace(ReminderSetup(), enabled=True, host="127.0.0.1",
                                   from_address="office@bench.example",
                                   sender_device=setup.this_pc))  # fmt: skip
                started = time.perf_counter()
                report = session.reminders.queue()
                samples.append(time.perf_counter() - started)
                counts.append(report.queued + report.skipped)
    print(json.dumps({"queue": samples, "reminders": counts}))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2])))
