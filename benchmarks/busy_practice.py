"""A busy practice for the appointment-book and recall figures: 20,000 patients with their
addresses, six providers (four dentists, two hygienists) in six chairs, about 150,000 visits
over five years (about 120 a day), and two recalls worked out from them."""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

PATIENTS = 20_000
PROVIDERS = 6
DAYS_BEHIND = 365 * 5 + 40
DAYS_AHEAD = 91
PASSWORD = "blue heron coffee morning"


def build(data_dir: Path) -> None:
    from practicedesk.demo.visits import Column, generate_visits
    from practicedesk.domain.hours import DailyHours, working_spans
    from practicedesk.security.kdf import KdfParams
    from practicedesk.services.opening import NewOwner, create_practice
    from practicedesk.services.patients.listing import NewPatient
    from practicedesk.services.practice.details import PracticeDetails
    from practicedesk.services.practice.staff import ProviderKind

    rng = random.Random(7)
    details = PracticeDetails("Busy Bench Dental", "America/Chicago")
    created = create_practice(
        data_dir, details, NewOwner("owner", "Owner", PASSWORD), kdf_params=KdfParams(1, 64, 1)
    )
    zone = ZoneInfo(details.time_zone)
    with created.session as session:
        patients = session.patients.add_many(
            [
                NewPatient(f"First{i % 900}", f"Last{i:05d}", street=f"{100 + i} Bench Street",
                           city="Springfield", region="IL", postal_code=f"627{i % 100:02d}")
                for i in range(PATIENTS)
            ],
            reason="bench",
        )  # fmt: skip
        setup, staff = session.schedule_setup, session.staff
        week = [
            DailyHours(d, *h) for d in range(5) for h in ((time(8), time(12)), (time(13), time(17)))
        ]
        dentists = [ProviderKind.DENTIST]
        short = setup.save_appointment_type("Check", 20, "#FFE082").id
        exam = setup.save_appointment_type("Exam", 30, "#90CAF9", provider_kinds=dentists).id
        long = setup.save_appointment_type("Treatment", 40, "#A5D6A7", provider_kinds=dentists).id
        # The recall figures' recalls: a check-up every 6 months for everyone, satisfied by
        # a check or an exam, and a yearly review for those who had treatment.
        session.recall_types.save("Check-up", 6, [short, exam], book_type_id=short, everyone=True)
        session.recall_types.save("Treatment review", 12, [long], book_type_id=exam)
        columns = []
        for index in range(PROVIDERS):
            kind = ProviderKind.DENTIST if index < 4 else ProviderKind.HYGIENIST
            provider = staff.add_provider(f"Bench {kind.value} {index + 1}", kind, "#1E88E5")
            chair = staff.add_room(f"Chair {index + 1}", "#90CAF9")
            setup.set_weekly_hours("provider", provider.id, week)
            setup.set_weekly_hours("room", chair.id, week)
            types = (
                [(short, 20, 5), (exam, 30, 3), (long, 40, 1)] if index < 4 else [(short, 20, 1)]
            )
            columns.append(Column(provider.id, chair.id, types))
        now = datetime.now(UTC)
        today = now.astimezone(zone).date()
        first, last = today - timedelta(days=DAYS_BEHIND), today + timedelta(days=DAYS_AHEAD)
        spans = working_spans(week, first, last, zone)
        working = {column.provider_id: spans for column in columns}
        visits = generate_visits(rng, columns, working, patients, now, fill=0.95, step_minutes=10)
        session.schedule.record_many(visits, reason="bench")
        print(f"{len(visits)} visits", file=sys.stderr)


if __name__ == "__main__":
    build(Path(sys.argv[1]))
