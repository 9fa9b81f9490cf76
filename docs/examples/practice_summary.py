"""Print a short summary of a practice: an example of scripting PracticeDesk.

PRACTICEDESK_PASSWORD='…' python docs/examples/practice_summary.py DATA_DIR USERNAME
"""

from __future__ import annotations

import os
import sys
from datetime import datetime

from practicedesk.api import VisitStatus, open_practice
from practicedesk.errors import PracticeDeskError

STILL_TO_COME = (VisitStatus.SCHEDULED, VisitStatus.CONFIRMED, VisitStatus.ARRIVED)


def main(data_dir: str, username: str) -> int:
    password = os.environ["PRACTICEDESK_PASSWORD"]
    try:
        with open_practice(data_dir, username, password) as practice:
            details = practice.practice.details()
            print(f"{details.name} ({details.time_zone})")
            print(f"Signed in as {practice.user.display_name} ({practice.user.role.value})")
            print(f"Patients: {practice.patients.count()}")
            for provider in practice.staff.providers():
                print(f"Provider: {provider.name} ({provider.kind.value})")
            for room in practice.staff.rooms():
                print(f"Chair: {room.name}")
            today = datetime.now(practice.schedule.zone()).date()  # the practice's day
            visits = practice.schedule.day(today).appointments
            waiting = [visit for visit in visits if visit.status in STILL_TO_COME]
            print(f"Today ({today:%m/%d/%Y}): visits {len(visits)}, still to come {len(waiting)}")
    except PracticeDeskError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
