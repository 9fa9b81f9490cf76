"""The packet figures in one fresh process: a pre-filled pre-surgery packet, and 20 of them
in a row, each through `session.forms.packet(appointment_id)`. Prints JSON timings.

`python -m benchmarks.packet_probe DATA_DIR RUNS`

`forms.packet` is the whole of what the program does for one packet, as the packet screen
and "print all packets for tomorrow's surgeries" call it: the appointment and its type read,
the templates and packets loaded from their YAML files, the chart and the visit read for the
facts, forms already signed for the visit looked up, the PDF rendered with reportlab, and the
print recorded in the audit log. The visits are the demo's surgeries (extractions and implant
surgeries, whose types print `pre-surgery`) from tomorrow on, in date order. The first packet
of the process (reportlab imported, the fonts registered) is timed apart and kept as context;
then one packet per run, each for another visit; then, per run, 20 packets in a row.
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from pypdf import PdfReader

if TYPE_CHECKING:
    from practicedesk.services.session import PracticeSession

BATCH = 20
SEARCH_DAYS = 120


def _surgeries(session: PracticeSession, wanted: int) -> list[uuid.UUID]:
    """The next `wanted` surgical visits with a packet, from tomorrow on."""
    day = datetime.now(UTC).astimezone(session.schedule.zone()).date()
    found: list[uuid.UUID] = []
    for _ in range(SEARCH_DAYS):
        day += timedelta(days=1)
        found += [visit.id for visit in session.forms.surgical_visits(day)]
        if len(found) >= wanted:
            return found[:wanted]
    raise RuntimeError(f"only {len(found)} surgical visits with a packet in {SEARCH_DAYS} days")


def main(data_dir: Path, runs: int) -> int:
    from io import BytesIO

    from benchmarks.practice import USERNAME, password
    from practicedesk.api import open_practice

    session = open_practice(data_dir, USERNAME, password())
    visits = _surgeries(session, BATCH + runs + 1)
    forms = session.forms

    started = time.perf_counter()
    pdf = forms.packet(visits[0])
    first = time.perf_counter() - started
    pages = len(PdfReader(BytesIO(pdf)).pages)

    single: list[float] = []
    for visit in visits[1 : runs + 1]:
        started = time.perf_counter()
        forms.packet(visit)
        single.append(time.perf_counter() - started)

    batches: list[float] = []
    sizes: list[float] = []
    for run in range(runs):
        chosen = visits[run % 2 :][:BATCH]  # two overlapping sets of 20, in turn
        started = time.perf_counter()
        made = [forms.packet(visit) for visit in chosen]
        batches.append(time.perf_counter() - started)
        sizes += [len(pdf) for pdf in made]
    session.close()
    print(
        json.dumps(
            {
                "first": first,
                "single": single,
                "batches": batches,
                "pages": pages,
                "bytes": sizes,
                "batch": BATCH,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2])))
