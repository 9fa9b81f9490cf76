"""The money figures (issue 15), on the 20,000-patient demo with two years of books (about
300,000 ledger entries): posting a payment ≤ 50 ms, a check-out with four procedures ≤ 150 ms,
A/R aging ≤ 1 s, the day's report ≤ 300 ms, 500 statements ≤ 20 s (medians).

The demo practice is copied and its books extended by `money_practice.py` (the other figures
keep the demo as it is: its backup and start-up figures are not about a bigger ledger), then
`money_probe.py` measures the use cases in one fresh process.
"""

from __future__ import annotations

import json
import shutil
import statistics
from pathlib import Path
from typing import Any

from benchmarks.figures import Figure
from benchmarks.practice import run_module

NAMES = ("payment", "check-out", "ar-aging", "day-report", "statements-500")


def _json(module: str, *args: str) -> dict[str, Any]:
    result = run_module(module, *args, timeout=3600)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"{module} failed: {result.stderr[-800:]}")
    data: dict[str, Any] = json.loads(lines[-1])
    return data


def build(data_dir: Path, folder: Path) -> tuple[Path, dict[str, Any]]:
    """A copy of the demo practice with its books extended; made once per benchmark run."""
    books = folder / "money" / "practice"
    if books.exists():
        return books, {}
    shutil.copytree(data_dir, books, ignore=shutil.ignore_patterns("*.lock", "*-shm"))
    return books, _json("benchmarks.money_practice", str(books))


def measure(data_dir: Path, folder: Path, runs: int, wanted: set[str]) -> list[Figure]:
    books, made = build(data_dir, folder)
    data = _json("benchmarks.money_probe", str(books), str(runs))
    size = f"{made['after']:,} entries" if made else "the money practice"
    draft = statistics.median(data["draft"]) * 1000
    service = statistics.median(data["check_out_service"]) * 1000
    figures = [
        Figure("payment", f"desk.take_payment ($25 cash) on {size}, another guarantor each run",
               data["payment"], [], "s", 0.05, False),
        Figure("check-out", "desk.check_out of a visit with 4 procedures for a PPO patient, "
               "with a card payment (4 charges, 4 write-offs, the claim, the payment, the visit "
               f"completed: {service:.0f} ms), then its receipt's PDF (money_print.receipt); "
               f"the draft the dialog shows before Enter: {draft:.0f} ms",
               data["check_out"], [], "s", 0.15, False,
               {"service": data["check_out_service"], "draft": data["draft"]}),
        Figure("ar-aging", f"receivables.aging(): every account, {data['accounts']:,} guarantors "
               "owing", data["aging"], [], "s", 1.0, False),
        Figure("day-report", f"day_close.report(day) of the last closed working days "
               f"(~{data['day_entries']} entries a day)", data["day_report"], [], "s", 0.3, False),
        Figure("statements-500", "statements_due(), then money_print.statements of the first "
               "500: each statement read, one PDF rendered "
               f"({statistics.median(data['statement_pages']):.0f} pages), each recorded as sent "
               "and audited", data["statements"], [], "s", 20.0, False,
               {"made": data["statements_made"], "pages": data["statement_pages"]}),
    ]  # fmt: skip
    return [figure for figure in figures if figure.name in wanted]
