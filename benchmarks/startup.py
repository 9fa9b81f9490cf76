"""Process start to the sign-in window painted, against a bare PySide6 window (≤ 1.5×)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from benchmarks.figures import Figure, interleave
from benchmarks.practice import python_env

BARE_WINDOW = Path(__file__).with_name("bare_window.py")


def _first_paint_seconds(command: list[str], extra_env: dict[str, str]) -> float:
    started = time.time()
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        env={**python_env(), **extra_env},
        check=False,
    )
    for line in result.stdout.splitlines():
        if line.startswith("first-paint "):
            return float(line.split()[1]) - started
    raise RuntimeError(f"no first paint reported: {result.stderr[-500:]}")


def measure(data_dir: Path, runs: int) -> Figure:
    program = [sys.executable, "-m", "practicedesk", "--data-dir", str(data_dir)]
    samples, baseline = interleave(
        runs,
        lambda: _first_paint_seconds(program, {"PRACTICEDESK_BENCH_FIRST_PAINT": "1"}),
        lambda: _first_paint_seconds([sys.executable, str(BARE_WINDOW)], {}),
    )
    return Figure(
        name="start-up",
        what="process start to sign-in window painted, vs a bare PySide6 window",
        samples=samples,
        baseline_samples=baseline,
        unit="s",
        target=1.5,
        ratio=True,
    )
