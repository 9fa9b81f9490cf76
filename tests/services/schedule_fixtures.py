"""A small office for schedule tests: two providers, two chairs, hours, types, patients."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from practicedesk.domain.hours import DailyHours, local_instant
from practicedesk.services.patients.listing import NewPatient, PatientSummary
from practicedesk.services.practice.staff import ProviderInfo, ProviderKind, RoomInfo
from practicedesk.services.schedule.records import AppointmentTypeInfo, NewAppointment
from practicedesk.services.session import PracticeSession

ZONE = ZoneInfo("America/New_York")
WEEK = [DailyHours(d, time(8), time(12)) for d in range(5)] + [
    DailyHours(d, time(13), time(17)) for d in range(5)
]


@dataclass
class Office:
    session: PracticeSession
    dentist: ProviderInfo
    hygienist: ProviderInfo
    chair1: RoomInfo
    chair2: RoomInfo
    exam: AppointmentTypeInfo
    cleaning: AppointmentTypeInfo
    extraction: AppointmentTypeInfo
    ana: PatientSummary
    ben: PatientSummary
    cleo: PatientSummary
    monday: date

    def at(self, day_offset: int, hour: int, minute: int = 0) -> datetime:
        return local_instant(self.monday + timedelta(days=day_offset), time(hour, minute), ZONE)

    def visit(
        self, patient: PatientSummary, day: int, hour: int, minute: int = 0, *, minutes: int = 30,
        provider: ProviderInfo | None = None, room: RoomInfo | None = None,
        kind: AppointmentTypeInfo | None = None,
    ) -> NewAppointment:  # fmt: skip
        return NewAppointment(
            patient_id=patient.id,
            provider_id=(provider or self.dentist).id,
            room_id=(room or self.chair1).id,
            starts_at=self.at(day, hour, minute),
            minutes=minutes,
            type_id=(kind or self.exam).id,
        )


def practice_today() -> date:
    """The test practices' today. They keep New York time (tests/conftest.py), and the
    services count days in it, so `date.today()` on a machine in UTC is a day ahead of
    them every evening from 7 or 8 PM in New York."""
    return datetime.now(ZONE).date()


def next_monday(weeks_ahead: int = 1) -> date:
    today = practice_today()
    return today + timedelta(days=7 * weeks_ahead - today.weekday())


def set_up_office(session: PracticeSession) -> Office:
    staff, setup = session.staff, session.schedule_setup
    dentist = staff.add_provider("Dr. Ada Park", ProviderKind.DENTIST, "#1E88E5")
    hygienist = staff.add_provider("Hal Hughes", ProviderKind.HYGIENIST, "#43A047")
    chair1, chair2 = staff.add_room("Chair 1", "#90CAF9"), staff.add_room("Chair 2", "#A5D6A7")
    for resource_type, item in (
        ("provider", dentist), ("provider", hygienist), ("room", chair1), ("room", chair2),
    ):  # fmt: skip
        setup.set_weekly_hours(resource_type, item.id, WEEK)
    exam = setup.save_appointment_type("Exam", 30, "#FFE082")
    cleaning = setup.save_appointment_type("Cleaning", 60, "#A5D6A7")
    extraction = setup.save_appointment_type(
        "Extraction", 60, "#EF9A9A", provider_kinds=[ProviderKind.DENTIST], surgical=True,
        packet="pre-surgery",
    )  # fmt: skip
    ana = session.patients.add(NewPatient("Ana", "Alvarez", phone="(503) 234-1111"))
    ben = session.patients.add(NewPatient("Ben", "Brooks"))
    cleo = session.patients.add(NewPatient("Cleo", "Chen"))
    return Office(
        session, dentist, hygienist, chair1, chair2, exam, cleaning, extraction, ana, ben, cleo,
        next_monday(),
    )  # fmt: skip
