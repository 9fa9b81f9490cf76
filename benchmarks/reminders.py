"""The e-mail reminder figure (issue 16) on the busy practice (20,000 patients, about
150,000 visits): queueing 500 reminders ≤ 2 s, network excluded. The queue takes in every
visit of the coming ten days or so at once (two reminders each, well over 500 on this
practice), so the figure is the time for all of them, and the count is printed beside it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks import book
from benchmarks.figures import Figure
from benchmarks.practice import python_env

NAMES = ("queue-reminders",)
ROOT = Path(__file__).resolve().parents[1]


def measure(folder: Path, runs: int) -> list[Figure]:
    data_dir = book.build(folder)
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.reminders_probe", str(data_dir), str(runs)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
        env=python_env(),
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"reminder-queue probe failed: {result.stderr[-800:]}")
    data = json.loads(lines[-1])
    fewest = min(data["reminders"])
    if fewest < 500:
        raise RuntimeError(f"only {fewest} reminders to queue: the figure needs 500 or more")
    return [
        Figure(
            "queue-reminders",
            f"queue the reminders of the coming visits ({fewest} reminders, 2 per visit), "
            "database work only",
            data["queue"],
            [],
            "s",
            2.0,
            False,
            {"reminders": [float(count) for count in data["reminders"]]},
        )
    ]
