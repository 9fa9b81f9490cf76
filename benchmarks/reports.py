"""The practice reports' figures (issue 17): each report for a one-year range ≤ 1 s from asking
to the chart painted, and "This week" ≤ 500 ms, each on a practice holding what it reads.

The visit and patient reports and This week run on the busy practice of 20,000 patients and
about 150,000 visits (busy_practice.py); This week again, as the owner sees it with its money
cards, on the books below ("this-week-money"). The money report runs on the demo with two years of
books that the money figures build (money.py: about 294,000 ledger entries), the satisfaction
report on a copy of the busy practice where about 30% of the year's completed visits ended
with a survey (surveyed_practice.py): the busy practice has neither books nor surveys, and a
report of nothing measures nothing.
"""

from __future__ import annotations

import json
import shutil
import statistics
from pathlib import Path
from typing import Any

from benchmarks import book, money
from benchmarks.busy_practice import PASSWORD
from benchmarks.figures import Figure
from benchmarks.practice import password, run_module

KEYS = ("flow", "schedule", "patients", "recall", "insurance", "money", "satisfaction")
NAMES = ("this-week", "this-week-money", *(f"report-{key}" for key in KEYS))
_BUSY_KEYS = {"flow", "schedule", "patients", "recall", "insurance"}


def _json(module: str, *args: str) -> dict[str, Any]:
    result = run_module(module, *args, timeout=1800)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"{module} failed: {result.stderr[-800:]}")
    data: dict[str, Any] = json.loads(lines[-1])
    return data


def surveyed(folder: Path) -> tuple[Path, dict[str, Any]]:
    """A copy of the busy practice with the year's surveys; made once per benchmark run."""
    data_dir = folder / "surveyed"
    if data_dir.exists():
        return data_dir, {}
    shutil.copytree(book.build(folder), data_dir, ignore=shutil.ignore_patterns("*.lock", "*-shm"))
    return data_dir, _json("benchmarks.surveyed_practice", str(data_dir))


def _probe(data_dir: Path, runs: int, secret: str, keys: set[str]) -> dict[str, Any]:
    return _json("benchmarks.reports_probe", str(data_dir), str(runs), secret, ",".join(keys))


def _report(key: str, on: str, data: dict[str, Any]) -> Figure:
    cpu = statistics.median(data["cpu"][key])
    return Figure(
        f"report-{key}",
        f"the {key} report for 12 months on {on}: counted, chart painted "
        f"(CPU {cpu * 1000:.0f} ms)",
        data["reports"][key], [], "s", 1.0, False, {"cpu": data["cpu"][key]},
    )  # fmt: skip


def measure(demo_dir: Path, folder: Path, runs: int, wanted: set[str]) -> list[Figure]:
    """`demo_dir` is the demo practice (built when the money report is wanted): the money
    report's books are made from it."""
    figures = []
    busy = {key for key in _BUSY_KEYS if f"report-{key}" in wanted}
    if busy or "this-week" in wanted:
        data = _probe(book.build(folder), runs, PASSWORD, busy)
        figures.append(
            Figure("this-week", "This week: counted, shown and painted", data["this_week"], [],
                   "s", 0.5, False)
        )  # fmt: skip
        figures += [_report(key, "the busy practice", data) for key in sorted(busy)]
    if "report-money" in wanted or "this-week-money" in wanted:
        books, made = money.build(demo_dir, folder)
        size = f"{made['after']:,} ledger entries" if made else "the money practice"
        data = _probe(books, runs, password(), {"money"})
        figures.append(_report("money", f"two years of books ({size})", data))
        figures.append(
            Figure("this-week-money", f"This week as the owner sees it, its money cards on two "
                   f"years of books ({size}): counted, shown and painted", data["this_week"], [],
                   "s", 0.5, False)
        )  # fmt: skip
    if "report-satisfaction" in wanted:
        data_dir, made = surveyed(folder)
        size = (f"{made['surveys']:,} surveys of {made['completed']:,} visits completed in the "
                "year" if made else "the surveyed practice")  # fmt: skip
        data = _probe(data_dir, runs, PASSWORD, {"satisfaction"})
        figures.append(_report("satisfaction", f"the busy practice with {size}", data))
    return [figure for figure in figures if figure.name in wanted]
