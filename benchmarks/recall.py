"""The recall figures (issue 16), on the busy practice of 20,000 patients and about 150,000
visits (busy_practice.py): the whole recall list ≤ 300 ms, the confirmation list of the next
two working days ≤ 200 ms, 300 postcards (made and each logged as sent) ≤ 10 s."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks import book
from benchmarks.figures import Figure
from benchmarks.practice import python_env

NAMES = ("recall-list", "confirmations", "postcards-300")
ROOT = Path(__file__).resolve().parents[1]


def measure(folder: Path, runs: int, wanted: set[str]) -> list[Figure]:
    """After the book's figures: each run mails 300 more patients, which the book does not
    read but would find in the communication log."""
    data_dir = book.build(folder)
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.recall_probe", str(data_dir), str(runs)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
        env=python_env(),
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"recall probe failed: {result.stderr[-800:]}")
    data = json.loads(lines[-1])
    automatic = data["list_automatic_gc"]
    figures = [
        Figure("recall-list", f"the whole recall list ({data['rows']:,} lines), as the window "
               "reads it (automatic cycle collection off, ui/collector.py); with it on, as the "
               f"recall-list command reads it: {statistics.median(automatic) * 1000:.0f} ms",
               data["list"], [], "s", 0.3, False, {"automatic_gc": automatic}),
        Figure("confirmations", f"visits to confirm, next 2 working days ({data['visits']})",
               data["confirmations"], [], "s", 0.2, False),
        Figure("postcards-300", "300 recall postcards, made and logged as sent",
               data["postcards"], [], "s", 10.0, False),
    ]  # fmt: skip
    return [figure for figure in figures if figure.name in wanted]
