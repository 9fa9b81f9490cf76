"""The appointment-book figures in one fresh process: open a day (query and paint), step to
the next day, and search 8 weeks of free slots for 4 providers. Prints JSON timings."""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication


def _weekdays_from(start, count: int):  # type: ignore[no-untyped-def]
    day, days = start, []
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def main(data_dir: Path, runs: int) -> int:
    app = QApplication(sys.argv[:1])
    from benchmarks.busy_practice import PASSWORD
    from practicedesk.api import open_practice
    from practicedesk.services.schedule.records import SlotQuery
    from practicedesk.ui.app import configure_application
    from practicedesk.ui.shell.main_window import MainWindow
    from practicedesk.ui.tasks import wait_for_tasks

    configure_application(app)
    session = open_practice(data_dir, "owner", PASSWORD)
    window = MainWindow(session)
    window.resize(1366, 768)
    window.show()
    page = window.page(0)
    grid = page.day_view.grid
    zone = session.schedule.zone()
    today = datetime.now(UTC).astimezone(zone).date()

    def show(day) -> float:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        page.show_day(day)
        while grid.content is None or grid.content.columns[0].day != day:
            app.processEvents()
            time.sleep(0.0005)
        grid.repaint()
        page.day_view.header.repaint()
        return time.perf_counter() - started

    # Warm up once, as a coordinator's first look at the book would.
    show(today + timedelta(days=30))
    # Working days not yet seen, in the busy past; each is opened, then the next one.
    days = _weekdays_from(today - timedelta(days=400), runs * 2)
    opened, stepped, counts = [], [], []
    for index in range(runs):
        opened.append(show(days[2 * index]))
        counts.append(len(grid.content.blocks))
        stepped.append(show(days[2 * index + 1]))
    exam = next(t for t in session.schedule_setup.appointment_types() if t.name == "Exam")
    searches = []
    for _ in range(runs):  # "any dentist" for an exam: the four dentists, eight weeks ahead
        started = time.perf_counter()
        found = session.schedule.find_slots(
            SlotQuery(minutes=30, type_id=exam.id, weeks=8, limit=50)
        )
        searches.append(time.perf_counter() - started)
    window.close()
    wait_for_tasks()  # the backup due at closing runs on a worker: not cut off by exit
    result = {
        "open": opened,
        "next": stepped,
        "slots": searches,
        "found": len(found),
        "blocks": counts,
        "columns": len(grid.content.columns),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2])))
