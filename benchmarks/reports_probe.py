"""The practice reports' figures in one fresh process, as the owner sees them: the Reports
page in the main window at 1366×768, This week loaded and painted, then each report for the
last 12 months counted (on the database worker, as the page does), shown and its chart and
table painted. `python -m benchmarks.reports_probe DIR RUNS PASSWORD KEY,KEY…`: signed in as the
owner with PASSWORD, This week and the reports named (none for This week alone). Prints JSON
timings."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication


def main(data_dir: Path, runs: int, password: str, keys: set[str]) -> int:
    app = QApplication(sys.argv[:1])
    from practicedesk.api import open_practice
    from practicedesk.services.reports.catalog import default_period
    from practicedesk.ui.app import configure_application
    from practicedesk.ui.reports.reports_page import ReportsPage
    from practicedesk.ui.shell.main_window import MainWindow
    from practicedesk.ui.tasks import wait_for_tasks

    configure_application(app)
    session = open_practice(data_dir, "owner", password)
    window = MainWindow(session)
    window.resize(1366, 768)
    window.show()

    def until(done: Callable[[], bool]) -> None:
        while not done():
            app.processEvents()
            time.sleep(0.0005)

    index = next(i for i in range(window.nav.count()) if window.nav.item(i).text() == "Reports")
    window.show_page(index)
    page = window.pages.currentWidget()
    assert isinstance(page, ReportsPage)
    until(lambda: page.loaded is not None)
    assert page.loaded is not None and page.this_week is not None
    this_week = []
    for _ in range(runs):
        loaded = page.loaded
        started = time.perf_counter()
        page.refresh()
        until(lambda loaded=loaded: page.loaded is not loaded)  # type: ignore[misc]
        page.this_week.repaint()
        this_week.append(time.perf_counter() - started)
    today = page.loaded.today
    reports: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}  # the process's CPU (both threads): what load cannot inflate
    for kind in page.loaded.kinds:
        if kind.key not in keys:
            continue
        year = default_period(today, "patients")  # the last 12 months, for every report
        reports[kind.key], cpu[kind.key] = [], []
        for _ in range(runs + 1):  # the first opens Qt Charts and warms the caches: dropped
            view = page.report_view
            shown = view.report if view is not None else None
            started, used = time.perf_counter(), time.process_time()
            page.open_report(kind.key, year)
            view = page.report_view
            assert view is not None
            until(lambda v=view, s=shown: v.report is not s and v.state.text() == "")  # type: ignore[misc]
            view.chart.repaint()
            view.table.repaint()
            reports[kind.key].append(time.perf_counter() - started)
            cpu[kind.key].append(time.process_time() - used)
        reports[kind.key], cpu[kind.key] = reports[kind.key][1:], cpu[kind.key][1:]
    window.close()
    wait_for_tasks()  # the backup due at closing runs on a worker: not cut off by exit
    print(json.dumps({"this_week": this_week, "reports": reports, "cpu": cpu}))
    return 0


if __name__ == "__main__":
    named = {key for key in sys.argv[4].split(",") if key}
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], named))
