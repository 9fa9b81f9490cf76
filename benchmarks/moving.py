"""The moving figures (issue 20), on the busy practice (20,000 patients, about 150,000 visits):
50,000 visits from the old system's appointment export imported ≤ 30 s, a dry run of the same
≤ 15 s. Each run in a fresh process, on a fresh copy of the practice whose patients carry the
old system's ids (`moving_probe.py prepare`, once)."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from statistics import median
from typing import Any

from benchmarks import book
from benchmarks.figures import Figure
from benchmarks.practice import run_module

NAMES = ("import-50k-visits", "import-50k-visits-dry")
RUNS = 3  # each takes half a minute or more with the copy, so 3 when the others have 7
_TARGETS = {"import-50k-visits": 30.0, "import-50k-visits-dry": 15.0}


def _probe(*args: str) -> dict[str, Any]:
    result = run_module("benchmarks.moving_probe", *args, timeout=900)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"moving probe failed: {result.stderr[-800:]}")
    return json.loads(lines[-1])  # type: ignore[no-any-return]


def prepared(folder: Path) -> Path:
    """The busy practice, its patients linked to the old system's ids (built once)."""
    base = folder / "moving"
    if not (base / "practice.db").exists():
        shutil.copytree(book.build(folder), base, ignore=shutil.ignore_patterns("*.lock"))
        _probe("prepare", str(base))
    return base


def measure(folder: Path, runs: int, wanted: set[str]) -> list[Figure]:
    base = prepared(folder)
    figures = []
    for name in NAMES:
        if name not in wanted:
            continue
        samples: list[float] = []
        cpu: list[float] = []
        data: dict[str, Any] = {}
        for _ in range(min(runs, RUNS)):
            with tempfile.TemporaryDirectory(prefix="moving-", dir=folder) as scratch:
                copy = Path(scratch) / "practice"
                shutil.copytree(base, copy, ignore=shutil.ignore_patterns("*.lock", "*-shm"))
                dry = ["--dry-run"] if name.endswith("-dry") else []
                data = _probe("run", str(copy), *dry)
            samples.append(data["seconds"])
            cpu.append(data["cpu_seconds"])
        how = "checked, nothing stored (dry run)" if name.endswith("-dry") else "imported"
        figures.append(
            Figure(
                name,
                f"{data['rows']:,} visits of an Open Dental export {how} into the busy practice: "
                f"{data['added']:,} taken, {data['rejected']} rejected (a patient in two chairs "
                f"at once), {data['conflicts']} double bookings; fresh process and copy per run "
                f"(its CPU time, which a busy machine does not inflate: {median(cpu):.1f} s)",
                samples,
                [],
                "s",
                _TARGETS[name],
                False,
                {"cpu_seconds": cpu},
            )
        )
    return figures
