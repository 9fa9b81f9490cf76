"""The writer the crash test kills: it signs in and commits patients and appointments in a
loop, printing each id only after the commit has returned (what the program would confirm
to a person). Run as `python -m tests.store.crash_writer DATA_DIR PROVIDER ROOM TYPE`."""

from __future__ import annotations

import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from practicedesk.api import open_practice
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.schedule.records import NewAppointment
from tests.conftest import OWNER, OWNER_PASSWORD


def _confirm(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(data_dir: str, provider: str, room: str, kind: str) -> None:
    session = open_practice(Path(data_dir), OWNER, OWNER_PASSWORD)
    _confirm("ready")
    start = datetime(2030, 1, 7, 14, tzinfo=UTC)
    for number in range(1_000_000):
        patient = session.patients.add(NewPatient("Crash", f"Test{number}"))
        _confirm(f"patient {patient.id}")
        visit = session.schedule.book(
            NewAppointment(
                patient_id=patient.id,
                provider_id=uuid.UUID(provider),
                room_id=uuid.UUID(room),
                starts_at=start + timedelta(minutes=30 * number),
                minutes=30,
                type_id=uuid.UUID(kind),
            ),
            book_anyway=True,
        )
        _confirm(f"appointment {visit.id}")


if __name__ == "__main__":
    main(*sys.argv[1:5])
