"""The practice reports' figures (issue 17), on the busy practice of 20,000 patients and
about 150,000 visits: each report for a one-year range ≤ 1 s from asking to the chart
painted, and "This week" ≤ 500 ms."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks import book
from benchmarks.figures import Figure
from benchmarks.practice import python_env

KEYS = ("flow", "schedule", "patients", "recall", "insurance", "money", "satisfaction")
NAMES = ("this-week", *(f"report-{key}" for key in KEYS))
ROOT = Path(__file__).resolve().parents[1]


def measure(folder: Path, runs: int, wanted: set[str]) -> list[Figure]:
    data_dir = book.build(folder)
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.reports_probe", str(data_dir), str(runs)],
        capture_output=True,
        text=True,
        timeout=1200,
        cwd=ROOT,
        env=python_env(),
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"reports probe failed: {result.stderr[-800:]}")
    data = json.loads(lines[-1])
    figures = [
        Figure("this-week", "This week: counted, shown and painted", data["this_week"], [], "s",
               0.5, False),
    ]  # fmt: skip
    for key, samples in data["reports"].items():
        figures.append(
            Figure(f"report-{key}", f"the {key} report for 12 months: counted, chart painted",
                   samples, [], "s", 1.0, False)
        )  # fmt: skip
    return [figure for figure in figures if figure.name in wanted]
