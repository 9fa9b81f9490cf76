"""The patient-chart figures in one fresh process: type-ahead search, keystroke by keystroke,
and opening charts, both as the main window does them. Prints JSON timings.

`python -m benchmarks.chart_probe DATA_DIR RUNS`

Search: the toolbar's `PatientSearchWidget` runs `_on_search()` when its 60 ms debounce fires
(`session.patients.search(text, limit=8)`, then the popup list is filled, placed and shown).
Each prefix of each typed string is set in the box and that same method is called, so the
debounce's wait is left out and the list is filled and repainted as for real; the search
service alone is timed too, for context.

Charts: `PatientsPage.open_patient` (what choosing a patient in the search does) builds the
`ChartWidget` in a tab of the 1366×768 main window and starts its audited `chart.open` on the
database worker; the clock stops when the chart is shown and `grab()` has painted it. The
patients come from the 200 with the most chart rows, sampled with a fixed seed, each opened
once; `session.chart.open` alone is timed on other patients of the same group, for context.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

# What a receptionist types, each string a keystroke at a time: surname prefixes, first and
# last name, a birth date, a phone fragment, a chart number. "p", "d" (and "c") alone are the
# slowest first letters: phone, birth-date and chart-number terms are indexed as p…, d…, c….
TYPED = ("martin", "patel", "davidson", "jo sm", "1/2/1980", "503 555", "#1234")
POOL = 200  # the charts with the most rows, to sample from
SEED = 4
GIVE_UP_SECONDS = 30.0

# Rows of chart data per patient: what `chart.open` reads and the tabs show.
_RICHEST = """
SELECT p.id FROM patient p WHERE p.deleted_at IS NULL ORDER BY
  (SELECT count(*) FROM patient_phone x WHERE x.patient_id = p.id)
+ (SELECT count(*) FROM patient_alert x WHERE x.patient_id = p.id)
+ (SELECT count(*) FROM policy x WHERE x.patient_id = p.id)
+ (SELECT count(*) FROM verification v JOIN policy x ON x.id = v.policy_id
   WHERE x.patient_id = p.id)
+ (SELECT count(*) FROM "authorization" x WHERE x.patient_id = p.id)
+ (SELECT count(*) FROM referral x WHERE x.patient_id = p.id)
+ (SELECT count(*) FROM document x WHERE x.patient_id = p.id)
+ (SELECT count(*) FROM communication x WHERE x.patient_id = p.id)
+ (SELECT count(*) FROM task x WHERE x.patient_id = p.id) DESC, p.chart_number
LIMIT :pool
"""


def _keystrokes() -> list[str]:
    return [typed[:length] for typed in TYPED for length in range(1, len(typed) + 1)]


def _rows(chart: Any) -> int:
    """How much the chart holds: the rows its tabs list."""
    lists = (chart.phones, chart.alerts, chart.policies, chart.authorizations, chart.referrals,
             chart.documents, chart.communications, chart.tasks)  # fmt: skip
    return sum(map(len, lists)) + sum(len(policy.verifications) for policy in chart.policies)


def _richest(session: Any) -> list[uuid.UUID]:
    """The patients with the most chart data (a benchmark may read the database directly)."""
    from sqlalchemy import text

    with session._ctx.db.reading() as db:
        rows = db.execute(text(_RICHEST), {"pool": POOL}).scalars().all()
    return [uuid.UUID(str(row)) if not isinstance(row, uuid.UUID) else row for row in rows]


def main(data_dir: Path, runs: int) -> int:
    app = QApplication(sys.argv[:1])
    from benchmarks.practice import USERNAME, password
    from practicedesk.api import open_practice
    from practicedesk.ui.app import configure_application
    from practicedesk.ui.shell.main_window import MainWindow
    from practicedesk.ui.tasks import wait_for_tasks

    configure_application(app)
    session = open_practice(data_dir, USERNAME, password())
    window = MainWindow(session)
    window.resize(1366, 768)
    window.show()
    app.processEvents()

    # -- type-ahead search -------------------------------------------------------------------
    box = window.search
    box.setFocus()

    def keystroke(typed: str) -> float:
        box.setText(typed)  # as typed; setText does not start the debounce itself
        started = time.perf_counter()
        box._on_search()  # what the debounce's timeout runs
        box.results.repaint()
        return time.perf_counter() - started

    def service(typed: str) -> float:
        started = time.perf_counter()
        session.patients.search(typed, limit=8)
        return time.perf_counter() - started

    keys = _keystrokes()
    for typed in keys:  # warm up once: the first search imports and prepares
        keystroke(typed)
    typing: list[float] = []
    searching: list[float] = []
    shown: list[int] = []
    for _ in range(runs):
        for typed in keys:
            typing.append(keystroke(typed))
            searching.append(service(typed))
            shown.append(sum(1 for row in range(box.results.count())
                             if box.results.item(row).data(Qt.ItemDataRole.UserRole)))  # fmt: skip
        box.popup.hide()
        box.clear()
        app.processEvents()

    # -- opening charts ------------------------------------------------------------------------
    richest = _richest(session)
    chosen = random.Random(SEED).sample(richest, min(len(richest), 2 * runs + 2))
    page = window.page(1)  # Patients; search results open charts here
    _spin(app, 0.2)

    def open_chart(patient_id: uuid.UUID) -> tuple[float, float, float, int]:
        started = time.perf_counter()
        chart = page.open_patient(patient_id)  # type: ignore[attr-defined]
        built = time.perf_counter()
        deadline = built + GIVE_UP_SECONDS
        while chart.chart is None:
            app.processEvents()
            time.sleep(0.0005)
            if time.perf_counter() > deadline:
                raise RuntimeError("the chart did not load")
        loaded = time.perf_counter()
        chart.grab()
        painted = time.perf_counter()
        return built - started, loaded - built, painted - loaded, _rows(chart.chart)

    first = open_chart(chosen.pop())  # the first chart of the day imports the tabs' modules
    opened: list[float] = []
    phases: dict[str, list[float]] = {"build": [], "load": [], "paint": []}
    service_open: list[float] = []
    sizes: list[int] = []
    for _ in range(runs):
        build, load, paint, rows = open_chart(chosen.pop())
        opened.append(build + load + paint)
        phases["build"].append(build)
        phases["load"].append(load)
        phases["paint"].append(paint)
        sizes.append(rows)
        _spin(app, 0.05)  # the receptionist reads the chart; closed tabs are deleted
        started = time.perf_counter()
        session.chart.open(chosen.pop())
        service_open.append(time.perf_counter() - started)
    window.close()
    wait_for_tasks()  # the backup due at closing runs on a worker: not cut off by exit
    result = {
        "keystrokes": typing,
        "search_service": searching,
        "keys_per_run": len(keys),
        "shown_median": statistics.median(shown),
        "open": opened,
        "first_open": sum(first[:3]),
        "phases": phases,
        "service_open": service_open,
        "chart_rows": sizes,
    }
    print(json.dumps(result))
    return 0


def _spin(app: QApplication, seconds: float) -> None:
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:
        app.processEvents()
        time.sleep(0.002)


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2])))
