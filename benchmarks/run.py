"""Run the figures and print a table of medians beside their baselines.

python -m benchmarks            # every figure, 7 runs each
python -m benchmarks --quick    # 3 runs each
python -m benchmarks --only sign-in
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

from benchmarks import book, encryption, login, practice, startup
from benchmarks.figures import Figure

RESULTS = Path(__file__).with_name("results")
NAMES = ("start-up", "sign-in", "memory", "encryption", "day", "next-day", "free-slots")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="3 runs instead of 7")
    parser.add_argument("--only", choices=NAMES, action="append", help="one figure (repeatable)")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else 7
    wanted = set(args.only or NAMES)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="practicedesk-bench-") as folder:
        data_dir = None
        if wanted & {"start-up", "sign-in", "memory"}:
            print(f"Building a practice of {practice.PATIENTS:,} patients …", flush=True)
            data_dir = practice.build(Path(folder))
        if "start-up" in wanted and data_dir:
            figures.append(startup.measure(data_dir, runs))
        if wanted & {"sign-in", "memory"} and data_dir:
            figures += [f for f in login.measure(data_dir, runs) if f.name in wanted]
        if "encryption" in wanted:
            figures.append(encryption.measure(runs))
        if wanted & {"day", "next-day", "free-slots"}:
            print("Building a busy practice of about 150,000 visits …", flush=True)
            figures += [f for f in book.measure(Path(folder), runs) if f.name in wanted]
    print_table(figures, runs)
    save(figures, runs)
    return 0 if all(figure.passed for figure in figures) else 1


def _show(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:.0f} ms"
    return f"{value:.0f} {unit}"


def print_table(figures: list[Figure], runs: int) -> None:
    print()
    print(f"{'figure':<11} {'median':>9} {'baseline':>9} {'result':>8} {'target':>8}  verdict")
    for figure in figures:
        result = f"{figure.value:.2f}×" if figure.ratio else _show(figure.value, figure.unit)
        target = f"≤ {figure.target}×" if figure.ratio else f"≤ {_show(figure.target, figure.unit)}"
        print(
            f"{figure.name:<11} {_show(figure.median, figure.unit):>9} "
            f"{_show(figure.baseline, figure.unit):>9} {result:>8} {target:>8}  "
            f"{'PASS' if figure.passed else 'FAIL'}"
        )
    print()
    for figure in figures:
        print(f"{figure.name}: {figure.what}")
    print(f"Medians of {runs} runs each, baselines measured in the same run.")


def save(figures: list[Figure], runs: int) -> None:
    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    report = {
        "when": stamp,
        "machine": {"platform": platform.platform(), "python": platform.python_version()},
        "runs": runs,
        "figures": [figure.as_json() for figure in figures],
    }
    (RESULTS / f"{stamp}.json").write_text(json.dumps(report, indent=2))
