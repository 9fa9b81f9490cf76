"""Run the figures and print a table of medians beside their baselines (see README.md).

.venv/bin/python -m benchmarks                  # every figure, 7 runs each
.venv/bin/python -m benchmarks --quick          # 3 runs each
.venv/bin/python -m benchmarks --only sign-in --only memory
.venv/bin/python -m benchmarks --only search-keystroke --only open-chart --only import-10k
.venv/bin/python -m benchmarks --only import-20k-one-date --runs 3
.venv/bin/python -m benchmarks --only packet --only packets-20
.venv/bin/python -m benchmarks --only backup --runs 5
.venv/bin/python -m benchmarks --only recall-list --only confirmations --only postcards-300
.venv/bin/python -m benchmarks --only queue-reminders --runs 3
.venv/bin/python -m benchmarks --only bundle-start --only bundle-size   # after run.py build
.venv/bin/python -m benchmarks --only import-50k-visits --only import-50k-visits-dry
.venv/bin/python -m benchmarks --only payment --only check-out --only ar-aging --only day-report
.venv/bin/python -m benchmarks --only report-money --only report-satisfaction --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

from benchmarks import (
    backup,
    book,
    bundle,
    chart,
    encryption,
    login,
    money,
    moving,
    packets,
    practice,
    recall,
    reminders,
    reports,
    startup,
    sync,
)
from benchmarks.figures import Figure

RESULTS = Path(__file__).with_name("results")
NAMES = (
    "start-up", "sign-in", "memory", "encryption", "day", "next-day", "free-slots",
    *recall.NAMES, *reminders.NAMES, *chart.NAMES, *packets.NAMES, *backup.NAMES, *sync.NAMES,
    *bundle.NAMES, *moving.NAMES, *reports.NAMES, *money.NAMES,
)  # fmt: skip
_PRACTICE_FIGURES = {"start-up", "sign-in", "memory", *bundle.NAMES}
_BOOK_FIGURES = {"day", "next-day", "free-slots"}
_CHART_FIGURES = set(chart.NAMES)  # on the demo practice too, after the figures above
_PACKET_FIGURES = set(packets.NAMES)  # the demo practice as well: each print is audited
_BACKUP_FIGURES = set(backup.NAMES)  # last: it sets the demo's backup place and audits
_MONEY_FIGURES = set(money.NAMES)  # on a copy of the demo, its books extended to two years
_BOOKS_FIGURES = _MONEY_FIGURES | {"report-money", "this-week-money"}  # these read those books too


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="3 runs instead of 7")
    parser.add_argument("--runs", type=int, help="runs of each figure (overrides --quick)")
    parser.add_argument("--only", choices=NAMES, action="append", help="one figure (repeatable)")
    parser.add_argument(
        "--kdf-target",
        type=float,
        metavar="SECONDS",
        help="tune the practice's key derivation to this unlock time instead of the program's",
    )
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 7)
    wanted = set(args.only or NAMES)
    figures: list[Figure] = []
    started, load_before = time.perf_counter(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="practicedesk-bench-") as folder:
        data_dir = Path(folder) / "practice"  # the demo, built below when a figure needs it
        demo_figures = _PRACTICE_FIGURES | _CHART_FIGURES | _PACKET_FIGURES | _BACKUP_FIGURES
        if wanted & (demo_figures | _BOOKS_FIGURES):
            print(f"Building the demo practice ({practice.PATIENTS:,} patients) …", flush=True)
            practice.build(Path(folder), args.kdf_target)
            if "start-up" in wanted:
                print("Measuring start-up …", flush=True)
                figures.append(startup.measure(data_dir, runs))
            if wanted & {"sign-in", "memory"}:
                print("Measuring sign-in and memory …", flush=True)
                figures += [f for f in login.measure(data_dir, runs) if f.name in wanted]
            if wanted & set(bundle.NAMES):
                print("Measuring the bundle's start-up and size …", flush=True)
                figures += bundle.measure(data_dir, runs, wanted)
        if "encryption" in wanted:
            print("Measuring the encrypted and plain workloads …", flush=True)
            figures.append(encryption.measure(runs))
        if wanted & _BOOK_FIGURES:
            print("Building a busy practice (about 150,000 visits) and measuring the book …")
            figures += [f for f in book.measure(Path(folder), runs) if f.name in wanted]
        if wanted & set(moving.NAMES):
            print("Moving 50,000 visits from an old system into the busy practice …", flush=True)
            figures += moving.measure(Path(folder), runs, wanted)
        if wanted & set(recall.NAMES):
            print("Measuring the recall list, confirmations and postcards on it …", flush=True)
            figures += recall.measure(Path(folder), runs, wanted)
        if wanted & set(reports.NAMES):
            print("Measuring the reports (money: on two years of books) …", flush=True)
            figures += reports.measure(data_dir, Path(folder), runs, wanted)
        if wanted & _CHART_FIGURES:
            print("Measuring the patient chart: search, opening, a 10,000-row import …", flush=True)
            figures += chart.measure(data_dir, Path(folder), runs, wanted)
        if wanted & _PACKET_FIGURES:
            print("Measuring packets: one pre-surgery packet, then 20 in a row …", flush=True)
            figures += packets.measure(data_dir, runs, wanted)
        if wanted & _BACKUP_FIGURES:
            print("Measuring a backup of the demo practice with its verification …", flush=True)
            figures += backup.measure(data_dir, runs)
        if wanted & _MONEY_FIGURES:
            print(
                "Extending a copy of the demo's books to two years, measuring money …", flush=True
            )
            figures += money.measure(data_dir, Path(folder), runs, wanted)
        if wanted & set(sync.NAMES):
            print("Measuring sync: 10,000 changes from another PC, then empty rounds …", flush=True)
            figures += sync.measure(Path(folder), runs, wanted)
    load = (load_before, os.getloadavg()[0])
    print_table(figures)
    print(f"Load average before and after: {load[0]:.2f}, {load[1]:.2f} on {os.cpu_count()} CPUs "
          "(other work on the machine slows the absolute figures).")  # fmt: skip
    path = save(figures, runs, args.kdf_target, load)
    print(f"({time.perf_counter() - started:.0f} s; saved {path.relative_to(practice.ROOT)})")
    return 0 if all(figure.passed for figure in figures) else 1


def _show(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":  # an import takes seconds; everything else is read in milliseconds
        return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.0f} ms"
    return f"{value:.0f} {unit}"


def print_table(figures: list[Figure]) -> None:
    header = ("figure", "median", "baseline", "result", "target", "verdict", "runs")
    rows = [header]
    for figure in figures:
        result = f"{figure.value:.2f}×" if figure.ratio else _show(figure.value, figure.unit)
        target = f"≤ {figure.target}×" if figure.ratio else f"≤ {_show(figure.target, figure.unit)}"
        rows.append((
            figure.name, _show(figure.median, figure.unit), _show(figure.baseline, figure.unit),
            result, target, "PASS" if figure.passed else "FAIL", str(figure.runs),
        ))  # fmt: skip
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    print()
    for row in rows:
        cells = [cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i])
                 for i, cell in enumerate(row)]  # fmt: skip
        print("  ".join(cells))
    print()
    for figure in figures:
        print(f"{figure.name}: {figure.what}")
    print("Medians over the runs; each baseline was measured in the same run, interleaved.")


def save(
    figures: list[Figure], runs: int, kdf_target: float | None, load: tuple[float, float]
) -> Path:
    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    report = {
        "when": stamp,
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
            "load_average_before_after": load,
        },
        "runs": runs,
        "kdf_target": kdf_target,
        "figures": [figure.as_json() for figure in figures],
    }
    path = RESULTS / f"{stamp}.json"
    path.write_text(json.dumps(report, indent=2))
    return path
