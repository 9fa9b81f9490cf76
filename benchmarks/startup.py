"""Process start to the sign-in window painted, against a bare PySide6 window (≤ 1.5×).

Both are started the same way (`python -m …` from the repository root, offscreen) and both
print `first-paint <unix time>` on the event-loop turn after their first paint; the clock
starts just before the process is spawned, so interpreter start-up counts for both.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from benchmarks.figures import Figure, interleave
from benchmarks.practice import ROOT, python_env


def _first_paint_seconds(module: list[str], extra_env: dict[str, str]) -> float:
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-m", *module],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**python_env(), **extra_env},
        check=False,
    )
    for line in result.stdout.splitlines():
        if line.startswith("first-paint "):
            return float(line.split()[1]) - started
    raise RuntimeError(f"no first paint reported: {result.stderr[-800:]}")


def measure(data_dir: Path, runs: int) -> Figure:
    program = ["practicedesk", "--data-dir", str(data_dir)]
    samples, baseline = interleave(
        runs,
        lambda: _first_paint_seconds(program, {"PRACTICEDESK_BENCH_FIRST_PAINT": "1"}),
        lambda: _first_paint_seconds(["benchmarks.bare_window"], {}),
    )
    return Figure(
        name="start-up",
        what="process spawned → sign-in window's first paint done (`python -m practicedesk "
        "--data-dir DIR`), vs a bare PySide6 window of the same size",
        samples=samples,
        baseline_samples=baseline,
        unit="s",
        target=1.5,
        ratio=True,
    )
