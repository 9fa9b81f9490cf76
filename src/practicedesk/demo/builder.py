"""The demo practice: the same fictional office for a given seed, on every machine.

Names come from Faker pools (seeded); every other choice comes from one `random.Random(seed)`,
so the practice is reproducible and fast to build. It grows with each feature: providers, chairs,
hours, appointment types, a year of visits behind and three months ahead, and a waitlist here;
patients in families with their charts in demo/chart.py; the books behind the visits in
demo/money.py; recalls, follow-up rules and the front desk's calls in demo/recalls.py.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from practicedesk.demo.chart import add_charts, plan_people
from practicedesk.demo.history import add_report_history, date_registrations
from practicedesk.demo.money import USUAL_CODES, add_money
from practicedesk.demo.plans import add_plans
from practicedesk.demo.recalls import add_recalls, plan_recall_visits
from practicedesk.demo.registrations import plan_registrations
from practicedesk.demo.visits import Column, generate_visits
from practicedesk.domain.hours import DailyHours, local_instant, working_spans
from practicedesk.domain.reminders import next_working_days
from practicedesk.domain.spans import Span
from practicedesk.security.kdf import KdfParams
from practicedesk.security.roles import Role
from practicedesk.services.opening import NewOwner, create_practice
from practicedesk.services.practice.details import PracticeDetails
from practicedesk.services.practice.folders import has_practice
from practicedesk.services.practice.staff import ProviderKind
from practicedesk.services.recall.calls import CONFIRM_DAYS_AHEAD
from practicedesk.services.schedule.records import RecordedVisit
from practicedesk.services.schedule.waitlist import WaitlistWish
from practicedesk.services.session import PracticeSession

DEMO_PASSWORD = "blue heron coffee morning"
DEMO_LOGINS = (("owner", "owner"), ("frontdesk", "coordinator"), ("hygiene", "clinician"))
DEMO_PRACTICE = PracticeDetails(
    name="Lakeside Family Dental (demo)",
    time_zone="America/Los_Angeles",
    street="1200 Harbor Avenue, Suite 4",
    city="Portland",
    region="OR",
    postal_code="97201",
    phone="(503) 555-0142",
    email="frontdesk@lakeside-dental.example",
)
_CHAIRS = (
    ("Chair 1", "#90CAF9"),
    ("Chair 2", "#A5D6A7"),
    ("Chair 3", "#FFE082"),
    ("Chair 4", "#CE93D8"),
)


_DAYS_BEHIND = 365
_DAYS_AHEAD = 91
_MORNING, _AFTERNOON = (time(8), time(12)), (time(13), time(17))
# (name, minutes, colour, provider kinds, surgical, packet, weight for dentists, for hygienists)


@dataclass(frozen=True, slots=True)
class DemoType:
    name: str
    minutes: int
    colour: str
    kinds: tuple[str, ...]
    dentist_weight: int
    hygienist_weight: int
    surgical: bool = False
    packet: str = ""


VISIT_TYPES = (
    DemoType("Exam", 30, "#FFE082", (), 4, 0),
    DemoType("New patient exam", 60, "#FFCC80", ("dentist",), 2, 0, packet="new-patient"),
    DemoType("Cleaning", 60, "#A5D6A7", ("hygienist",), 0, 6),
    DemoType("Perio maintenance", 60, "#80CBC4", ("hygienist",), 0, 2),
    DemoType("Filling", 60, "#90CAF9", ("dentist",), 4, 0),
    DemoType("Crown", 90, "#B39DDB", ("dentist",), 2, 0),
    DemoType("Root canal", 90, "#CE93D8", ("dentist", "specialist"), 1, 0),
    DemoType("Extraction", 60, "#EF9A9A", ("dentist", "specialist"), 1, 0, True, "pre-surgery"),
    DemoType(
        "Implant surgery", 120, "#F48FB1", ("dentist", "specialist"), 1, 0, True, "pre-surgery"
    ),
    DemoType("Emergency", 30, "#FFAB91", ("dentist",), 1, 0),
)


def ensure_demo(
    data_dir: Path, *, patients: int = 500, seed: int = 1, kdf_params: KdfParams | None = None
) -> bool:
    """Create the demo practice unless one is already there. Returns True if it was created."""
    if has_practice(data_dir):
        return False
    build_demo(data_dir, patients=patients, seed=seed, kdf_params=kdf_params)
    return True


def build_demo(
    data_dir: Path,
    *,
    patients: int,
    seed: int,
    kdf_params: KdfParams | None = None,
    now: datetime | None = None,
) -> None:
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    first_names = sorted({fake.first_name() for _ in range(600)})
    last_names = sorted({fake.last_name() for _ in range(600)})

    def person() -> str:
        return f"{rng.choice(first_names)} {rng.choice(last_names)}"

    owner_name = f"Dr. {person()}"
    created = create_practice(
        data_dir,
        DEMO_PRACTICE,
        NewOwner("owner", owner_name, DEMO_PASSWORD),
        kdf_params=kdf_params,
    )
    with created.session as session:
        session.users.add(
            "frontdesk", person(), Role.COORDINATOR, DEMO_PASSWORD, must_change_password=False
        )
        session.users.add(
            "hygiene", person(), Role.CLINICIAN, DEMO_PASSWORD, must_change_password=False
        )
        now = now or datetime.now(UTC)
        zone = ZoneInfo(DEMO_PRACTICE.time_zone)
        today = now.astimezone(zone).date()
        people = plan_people(fake, rng, last_names, patients, today)
        patient_ids = session.patients.add_many([p.new for p in people], reason="demo practice")
        # Registrations draw from a generator of their own, as the charts do below; a
        # newcomer is booked only from the day they join.
        year_began = local_instant(today - timedelta(days=_DAYS_BEHIND), time(0), zone)
        born = {pid: p.new.date_of_birth for pid, p in zip(patient_ids, people, strict=True)}
        registered = plan_registrations(
            random.Random(f"{seed}-registrations"), patient_ids, born, year_began, now
        )
        date_registrations(session, registered)
        joined = {patient: at for patient, at in registered.items() if at > year_began}
        visits, visit_ids = _fill_schedule(
            session, rng, owner_name, person, patient_ids, joined, now
        )
        # The charts draw from a generator of their own, so a change to how the schedule is
        # filled does not reshuffle the charts' choices (their calls, tasks and documents).
        charts_rng = random.Random(f"{seed}-charts")
        charts = add_charts(session, charts_rng, people, patient_ids, visits, now)
        open_days = working_days(today - timedelta(days=_DAYS_BEHIND), today)
        add_money(session, charts, visits, visit_ids, open_days)
        add_plans(session, random.Random(f"{seed}-plans"), patient_ids, now)
        add_recalls(session, rng, patient_ids, now)
        add_report_history(session, seed, now, registered)


def _fill_schedule(
    session: PracticeSession,
    rng: random.Random,
    owner_name: str,
    person: Callable[[], str],
    patient_ids: list[uuid.UUID],
    joined: dict[uuid.UUID, datetime],
    now: datetime,
) -> tuple[list[RecordedVisit], list[uuid.UUID]]:
    staff, setup = session.staff, session.schedule_setup
    zone = ZoneInfo(DEMO_PRACTICE.time_zone)
    chairs = [staff.add_room(name, colour) for name, colour in _CHAIRS]
    dentists = [
        staff.add_provider(owner_name, ProviderKind.DENTIST, "#1E88E5"),
        staff.add_provider(f"Dr. {person()}", ProviderKind.DENTIST, "#43A047"),
    ]
    hygienist = staff.add_provider(person(), ProviderKind.HYGIENIST, "#F4511E")
    full_week = [DailyHours(d, *hours) for d in range(5) for hours in (_MORNING, _AFTERNOON)]
    hygiene_week = [h for h in full_week if h.weekday != 4]  # the hygienist's Fridays off
    for provider in dentists:
        setup.set_weekly_hours("provider", provider.id, full_week)
    setup.set_weekly_hours("provider", hygienist.id, hygiene_week)
    for chair in chairs:
        setup.set_weekly_hours("room", chair.id, full_week)
    types = {
        kind.name: setup.save_appointment_type(
            kind.name, kind.minutes, kind.colour,
            provider_kinds=[ProviderKind(k) for k in kind.kinds],
            surgical=kind.surgical, packet=kind.packet, procedure_codes=USUAL_CODES[kind.name],
        ).id
        for kind in VISIT_TYPES
    }  # fmt: skip
    today = now.astimezone(zone).date()
    first_day, last_day = today - timedelta(days=_DAYS_BEHIND), today + timedelta(days=_DAYS_AHEAD)
    closures = [
        Span(
            local_instant(day, time(0), zone), local_instant(day + timedelta(days=1), time(0), zone)
        )
        for day in _holidays(first_day, last_day)
    ]
    for closure in closures:
        setup.add_exception("practice", None, closure.start, closure.end, "holiday")
    working = {
        provider.id: working_spans(
            hygiene_week if provider is hygienist else full_week,
            first_day,
            last_day,
            zone,
            closures,
        )
        for provider in (*dentists, hygienist)
    }

    for_dentists = [
        (types[t.name], t.minutes, t.dentist_weight) for t in VISIT_TYPES if t.dentist_weight
    ]
    for_hygiene = [
        (types[t.name], t.minutes, t.hygienist_weight) for t in VISIT_TYPES if t.hygienist_weight
    ]
    columns = [
        Column(dentists[0].id, chairs[0].id, for_dentists),
        Column(dentists[1].id, chairs[1].id, for_dentists),
        Column(hygienist.id, chairs[3].id, for_hygiene),
    ]
    # The desk has confirmed much of the next two working days (the Worklists' confirmations).
    open_days = set(working_days(today, last_day))
    ahead = next_working_days(today, CONFIRM_DAYS_AHEAD, open_days.__contains__)
    confirm_until = local_instant(ahead[-1] + timedelta(days=1), time(0), zone)
    visits = generate_visits(
        rng, columns, working, patient_ids, now, joined=joined, confirm_until=confirm_until
    )
    hygiene = types["Cleaning"], types["Perio maintenance"]
    visits = plan_recall_visits(rng, visits, *hygiene, patient_ids, joined, now, zone)
    visit_ids = session.schedule.record_many(visits, reason="demo practice")
    for patient in rng.sample(patient_ids, min(4, len(patient_ids))):
        session.waitlist.add(
            WaitlistWish(
                patient_id=patient,
                minutes=rng.choice((30, 60)),
                weekdays=frozenset(rng.sample(range(5), 3)),
                earliest_time=rng.choice((None, time(8), time(13))),
                notes="Can come at short notice; call the mobile number.",
            )
        )
    return visits, visit_ids


def working_days(first: date, last: date) -> list[date]:
    """The days the office is open from `first` to `last`: its weekdays less the holidays
    (the hygienist's Fridays off do not close the office)."""
    closed = set(_holidays(first, last))
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5 and day not in closed]


def _holidays(first: date, last: date) -> list[date]:
    """Days the demo office is closed: the main US holidays."""
    days = []
    for year in range(first.year, last.year + 1):
        days += [date(year, 1, 1), date(year, 7, 4), date(year, 12, 25)]
        days.append(_nth_weekday(year, 5, 0, -1))  # Memorial Day
        days.append(_nth_weekday(year, 9, 0, 1))  # Labor Day
        days.append(_nth_weekday(year, 11, 3, 4))  # Thanksgiving
    return sorted(day for day in days if first <= day <= last)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    if n > 0:
        day = date(year, month, 1)
        day += timedelta(days=(weekday - day.weekday()) % 7)
        return day + timedelta(weeks=n - 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    day = following - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - weekday) % 7)
