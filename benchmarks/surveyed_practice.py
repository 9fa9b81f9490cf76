"""The practice the satisfaction report's figure runs on: a copy of the busy practice
(busy_practice.py) where about 30% of the last year's completed visits ended with the
post-visit survey, signed and stored as the survey hand-over stores one, by the demo's own
survey generator (`demo/surveys.py`) with a fixed seed.

`python -m benchmarks.surveyed_practice DIR` adds the surveys to the practice in DIR (a copy:
the other figures on the busy practice read no forms, but a survey is written to the audit
log and the book's figures keep the practice as they built it). Prints one JSON line: the
surveys added, the year's completed visits, and the seconds it took.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from benchmarks.busy_practice import PASSWORD
from practicedesk.api import open_practice
from practicedesk.demo.surveys import add_surveys
from practicedesk.store.models import Appointment

SHARE = 0.3
SEED = "bench-surveys"


def main(data_dir: Path) -> int:
    started = time.perf_counter()
    now = datetime.now(UTC)
    year_ago = now - timedelta(days=365)
    with open_practice(data_dir, "owner", PASSWORD) as session:
        with session._ctx.db.reading() as db:
            completed = db.scalar(
                select(func.count()).select_from(Appointment).where(
                    Appointment.deleted_at.is_(None),
                    Appointment.completed_at >= year_ago, Appointment.completed_at <= now,
                )
            )  # fmt: skip
        surveys = add_surveys(session, SEED, now, share=SHARE, since=year_ago)
    seconds = time.perf_counter() - started
    print(json.dumps({"surveys": surveys, "completed": completed, "seconds": seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
