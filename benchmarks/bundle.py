"""The office build (issue 18): the bundle's start to the sign-in window's first paint
against `python -m practicedesk` (≤ 1.2×), and the bundle's size on disk (aim: < 250 MiB).

Both programs open the same practice and report the same way (`PRACTICEDESK_BENCH_FIRST_PAINT`
prints `first-paint <unix time>` after the sign-in window's first paint, then quits); the
clock starts just before the process is spawned. The bundle is the one in dist/practicedesk,
built beforehand with `python3 run.py build`: these figures are skipped without it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from benchmarks.figures import Figure, interleave
from benchmarks.practice import ROOT, python_env

NAMES = ("bundle-start", "bundle-size")
BUNDLE = ROOT / "dist" / "practicedesk"
PROGRAM = BUNDLE / ("practicedesk-cli.exe" if sys.platform == "win32" else "practicedesk")


def _first_paint_seconds(command: list[str]) -> float:
    started = time.time()
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**python_env(), "PRACTICEDESK_BENCH_FIRST_PAINT": "1"},
        check=False,
    )
    for line in result.stdout.splitlines():
        if line.startswith("first-paint "):
            return float(line.split()[1]) - started
    raise RuntimeError(f"no first paint reported: {result.stderr[-800:]}")


def size_mib(folder: Path) -> float:
    files = [path for path in folder.rglob("*") if path.is_file() and not path.is_symlink()]
    return sum(path.stat().st_size for path in files) / 2**20


def measure(data_dir: Path, runs: int, wanted: set[str]) -> list[Figure]:
    if not PROGRAM.exists():
        print(f"No bundle in {BUNDLE}: build it with `python3 run.py build` first; skipped.")
        return []
    figures = []
    if "bundle-start" in wanted:
        arguments = ["--data-dir", str(data_dir)]
        samples, baseline = interleave(
            runs,
            lambda: _first_paint_seconds([str(PROGRAM), *arguments]),
            lambda: _first_paint_seconds([sys.executable, "-m", "practicedesk", *arguments]),
        )
        figures.append(
            Figure(
                name="bundle-start",
                what="process spawned → sign-in window's first paint done, the bundle "
                "(dist/practicedesk) vs `python -m practicedesk` on the same practice",
                samples=samples,
                baseline_samples=baseline,
                unit="s",
                target=1.2,
                ratio=True,
            )
        )
    if "bundle-size" in wanted:
        figures.append(
            Figure(
                name="bundle-size",
                what="the bundle's files on disk (dist/practicedesk), aim under 250 MiB",
                samples=[size_mib(BUNDLE)],
                baseline_samples=[],
                unit="MiB",
                target=250,
                ratio=False,
            )
        )
    return figures
