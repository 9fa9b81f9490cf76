"""The appointment-book figures (issue 3), on a busy practice of 20,000 patients and about
150,000 visits: opening a day (6 columns, ~120 visits, query and paint) ≤ 100 ms, moving to
the next day ≤ 150 ms, the next-free-slot search over 8 weeks for 4 providers ≤ 200 ms."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.figures import Figure
from benchmarks.practice import python_env

PROBE = Path(__file__).with_name("book_probe.py")
ROOT = Path(__file__).resolve().parents[1]


def build(folder: Path) -> Path:
    data_dir = folder / "busy"
    if not (data_dir / "practice.db").exists():
        subprocess.run(
            [sys.executable, "-m", "benchmarks.busy_practice", str(data_dir)],
            check=True,
            capture_output=True,
            cwd=ROOT,
            env=python_env(),
        )
    return data_dir


def measure(folder: Path, runs: int) -> list[Figure]:
    data_dir = build(folder)
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.book_probe", str(data_dir), str(runs)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        env=python_env(),
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"appointment-book probe failed: {result.stderr[-800:]}")
    data = json.loads(lines[-1])
    visits = round(sum(data["blocks"]) / len(data["blocks"]))
    shape = f"{data['columns']} columns, ~{visits} visits shown"
    return [
        Figure("day", f"open a day ({shape}): query and paint", data["open"], [], "s", 0.1, False),
        Figure(
            "next-day", "step to the next day: query and paint", data["next"], [], "s", 0.15, False
        ),
        Figure(
            "free-slots",
            f"free times for an exam, any of 4 dentists, 8 weeks ({data['found']} found)",
            data["slots"],
            [],
            "s",
            0.2,
            False,
        ),
    ]
