"""The packet figures (issue 5), on the 20,000-patient demo practice: a pre-filled
pre-surgery packet ≤ 300 ms (median), 20 packets ≤ 6 s.

Both go through `session.forms.packet(appointment_id)`, the service and the rendering
together, in one fresh process (`packet_probe.py`) on the demo's surgeries: its extraction
and implant-surgery types print the `pre-surgery` packet, and its patients have full charts
to pre-fill from (`demo/chart.py`).
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

from benchmarks.figures import Figure
from benchmarks.practice import run_module

NAMES = ("packet", "packets-20")


def _probe(data_dir: Path, runs: int) -> dict[str, Any]:
    result = run_module("benchmarks.packet_probe", str(data_dir), str(runs))
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"benchmarks.packet_probe failed: {result.stderr[-800:]}")
    data: dict[str, Any] = json.loads(lines[-1])
    return data


def measure(data_dir: Path, runs: int, wanted: set[str]) -> list[Figure]:
    data = _probe(data_dir, runs)
    size = statistics.median(data["bytes"]) / 1024
    single = Figure(
        "packet",
        f"one pre-filled pre-surgery packet ({data['pages']} pages, about {size:.0f} KiB) "
        f"through forms.packet(appointment_id): service, rendering and audit entry, another "
        f"surgery each run (the process's first packet, reportlab and fonts loading: "
        f"{data['first'] * 1000:.0f} ms)",
        data["single"],
        [],
        "s",
        0.3,
        False,
        {"first": [data["first"]]},
    )
    batch = Figure(
        "packets-20",
        f"{data['batch']} pre-surgery packets in a row through forms.packet, for the next "
        f"{data['batch']} surgeries on the book",
        data["batches"],
        [],
        "s",
        6.0,
        False,
    )
    return [figure for figure in (single, batch) if figure.name in wanted]
