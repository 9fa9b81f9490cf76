"""The patient-chart figures (issue 4), on the 20,000-patient demo practice: each keystroke of
the type-ahead search ≤ 30 ms (median), opening a chart ≤ 150 ms, importing 10,000 CSV rows
≤ 10 s, and (issue 13) 20,000 rows that all share one placeholder birth date ≤ 10 s.

They run on the demo practice (`practice.py`) rather than the busy one (`busy_practice.py`):
its patients have real-looking names, birth dates and phones to search for, and charts filled
in by `demo/chart.py` (phones, alerts, insurance with verifications, documents,
communications, tasks, referrals); the busy practice has 150,000 visits, which a chart does
not read when it opens, and nothing else in its charts.
"""

from __future__ import annotations

import json
import shutil
import statistics
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.figures import Figure
from benchmarks.practice import run_module

NAMES = ("search-keystroke", "open-chart", "import-10k", "import-20k-one-date")
PLACEHOLDER_DATE = "1/1/1950"  # old exports fill unknown birth dates with one such day
IMPORT_RUNS = 5  # each import takes seconds, and a fresh process and practice copy


def _ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.1f} ms"


def _probe(module: str, *args: str) -> dict[str, Any]:
    result = run_module(module, *args)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"{module} failed: {result.stderr[-800:]}")
    return json.loads(lines[-1])  # type: ignore[no-any-return]


def measure(data_dir: Path, folder: Path, runs: int, wanted: set[str]) -> list[Figure]:
    figures: list[Figure] = []
    if wanted & {"search-keystroke", "open-chart"}:
        figures += _search_and_open(data_dir, runs)
    if "import-10k" in wanted:
        figures.append(_import("import-10k", data_dir, folder, min(runs, IMPORT_RUNS)))
    if "import-20k-one-date" in wanted:
        figures.append(
            _import(
                "import-20k-one-date", data_dir, folder, min(runs, IMPORT_RUNS),
                "--rows", "20000", "--one-date", PLACEHOLDER_DATE,
            )
        )  # fmt: skip
    return [figure for figure in figures if figure.name in wanted]


def _search_and_open(data_dir: Path, runs: int) -> list[Figure]:
    data = _probe("benchmarks.chart_probe", str(data_dir), str(runs))
    keys, phases = data["keys_per_run"], data["phases"]
    search = Figure(
        "search-keystroke",
        f"type-ahead search, {keys} keystrokes × {runs} runs: search (limit 8), the list "
        f"filled and repainted (the search service alone: {_ms(data['search_service'])})",
        data["keystrokes"],
        [],
        "s",
        0.03,
        False,
        {"search_service": data["search_service"]},
    )
    rows = round(statistics.median(data["chart_rows"]))
    opening = Figure(
        "open-chart",
        f"open a chart (~{rows} rows) in the main window, load and paint it: widgets built "
        f"{_ms(phases['build'])}, loaded and shown {_ms(phases['load'])}, painted "
        f"{_ms(phases['paint'])} (the audited chart.open alone: {_ms(data['service_open'])})",
        data["open"],
        [],
        "s",
        0.15,
        False,
        {
            "service_open": data["service_open"],
            **{f"phase_{name}": samples for name, samples in phases.items()},
            "first_open": [data["first_open"]],
            "chart_rows": data["chart_rows"],
        },
    )
    return [search, opening]


def _import(name: str, data_dir: Path, folder: Path, runs: int, *args: str) -> Figure:
    """Each run imports into its own copy of the practice, in its own process."""
    samples: list[float] = []
    added: list[float] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="import-", dir=folder) as scratch:
            copy = Path(scratch) / "practice"
            shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns("*.lock", "*-shm"))
            data = _probe("benchmarks.import_probe", str(copy), *args)
        samples.append(data["seconds"])
        added.append(data["added"])
    one_date = f", all born {PLACEHOLDER_DATE}" if "--one-date" in args else ""
    return Figure(
        name,
        f"import {data['rows']:,} CSV rows{one_date} into {data['before']:,} patients "
        f"({data['added']:,} added, {data['possible_duplicates']} possible duplicates held "
        f"back), one process and practice copy per run, {runs} runs",
        samples,
        [],
        "s",
        10.0,
        False,
        {"added": added},
    )
