"""The recall figures in one fresh process on the busy practice: the whole recall list, the
confirmation list of the next two working days, and 300 postcards (each logged as sent).
Prints JSON timings.

The list is timed as the window reads it. The window turns Python's automatic cycle
collection off and collects on the UI thread's timer (ui/collector.py, decision 0010), so the
list, read on the database worker, is not stopped by a whole-heap collection that its own
13,000 lines set off. The probe does the same: automatic collection off while the list runs
and a collection between runs, untimed. The same list with automatic collection on, as the
`recall-list` command reads it, is timed too and printed beside the figure.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path

CARDS = 300


def main(data_dir: Path, runs: int) -> int:
    from benchmarks.busy_practice import PASSWORD
    from practicedesk.api import open_practice
    from practicedesk.services.recall.lists import RecallFilter

    session = open_practice(data_dir, "owner", PASSWORD)
    session.recall.list(RecallFilter())  # warm-up: the first read of the day fills SQLite's cache
    listed, automatic, confirming, cards, sizes = [], [], [], [], []
    for _ in range(runs):
        gc.collect()
        gc.disable()  # as in the window (ui/collector.py)
        started = time.perf_counter()
        rows = session.recall.list(RecallFilter())
        listed.append(time.perf_counter() - started)
        gc.enable()
        gc.collect()
        started = time.perf_counter()
        session.recall.list(RecallFilter())
        automatic.append(time.perf_counter() - started)
        started = time.perf_counter()
        visits = session.calls.confirmations()
        confirming.append(time.perf_counter() - started)
    # Each run mails 300 patients not mailed yet (a card is logged as sent: the next run's
    # list would not change, but the same patients would carry one more attempt).
    patients = list(dict.fromkeys(row.patient_id for row in rows))
    for run in range(runs):
        chosen = patients[run * CARDS : (run + 1) * CARDS]
        started = time.perf_counter()
        mailing = session.recall_print.postcards(chosen)
        cards.append(time.perf_counter() - started)
        assert mailing.postcards is not None and len(mailing.mailed) == CARDS
        sizes.append(len(mailing.postcards))
    session.close()
    result = {
        "list": listed,
        "list_automatic_gc": automatic,
        "rows": len(rows),
        "confirmations": confirming,
        "visits": len(visits),
        "postcards": cards,
        "pdf_bytes": sizes,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2])))
