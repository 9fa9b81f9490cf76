"""The backup figure (issue 6), on the 20,000-patient demo practice: a backup plus its
verification ≤ 5 s (median).

Measured through `session.backup_schedule.run_now()`, what "Back up now" in Settings →
Backups runs off the UI thread (with a busy dialog after 600 ms), in one fresh process
(`backup_probe.py`) writing into a folder of its own. It writes audit entries and sets the
practice's backup place, so it runs after the figures that read the demo practice.
"""

from __future__ import annotations

import json
import statistics
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.figures import Figure
from benchmarks.practice import run_module

NAMES = ("backup",)


def measure(data_dir: Path, runs: int) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="practicedesk-bench-backups-") as folder:
        result = run_module("benchmarks.backup_probe", str(data_dir), str(runs), folder)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"benchmarks.backup_probe failed: {result.stderr[-800:]}")
    data: dict[str, Any] = json.loads(lines[-1])
    size = statistics.median(data["bytes"]) / 2**20
    return [
        Figure(
            "backup",
            f"session.backup_schedule.run_now(): snapshot of the live database, a {size:.0f} MiB "
            "file written, flushed, read back and verified in full (every chunk, SQLCipher's "
            "and SQLite's integrity checks, row counts), renamed, audited and rotated (the "
            f"process's first backup: {data['first']:.2f} s)",
            data["runs"],
            [],
            "s",
            5.0,
            False,
            {"first": [data["first"]], "bytes": [float(b) for b in data["bytes"]]},
        )
    ]
