"""The sync figures (issue 7): applying 10,000 changes from another PC ≤ 3 s (median), one
round with nothing new ≤ 50 ms (median).

Both run in one fresh process (`sync_probe.py`) on two PCs of a practice it builds itself
(the front desk and a PC that joined it from the shared folder's snapshot), so they do not
depend on the demo practice.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.figures import Figure
from benchmarks.practice import run_module

NAMES = ("sync-apply-10k", "sync-empty-round")


def _probe(folder: Path, runs: int) -> dict[str, Any]:
    result = run_module("benchmarks.sync_probe", str(folder), str(runs), timeout=1200)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"benchmarks.sync_probe failed: {result.stderr[-800:]}")
    data: dict[str, Any] = json.loads(lines[-1])
    return data


def measure(folder: Path, runs: int, wanted: set[str]) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="sync-", dir=folder) as work:
        data = _probe(Path(work), runs)
    apply = Figure(
        "sync-apply-10k",
        f"session.sync.run_round() on a PC that joined, taking in {data['received']:,} changes "
        "another PC wrote (5,000 new patients with a phone each): batches opened, changes "
        "logged, rows folded and written, search words, duplicate checks; a fresh copy each run",
        data["apply"],
        [],
        "s",
        3.0,
        False,
    )
    empty = Figure(
        "sync-empty-round",
        "session.sync.run_round() with nothing new on either side: the folder listed, the "
        "PCs' files read, this PC's file written",
        data["empty"],
        [],
        "s",
        0.05,
        False,
    )
    return [figure for figure in (apply, empty) if figure.name in wanted]
