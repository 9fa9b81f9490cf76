"""The demo practice's charts: families, demographics, medical alerts and insurance.

People are planned by household before they are added: a family shares a surname, an address
and a home phone, a child names a parent as the responsible party, spouses and children are
covered under a subscriber's policy. The charts are filled in after the schedule and follow it;
demo_documents.py adds their history and paperwork. Rows go in with `insert_rows`, a few
thousand at a time in one transaction, so 20,000 patients stay quick and small in memory and
every row still reaches the change log. All
carriers, offices and people are made up; choices come from the demo's seeded generator in plan
order, never in the order of random UUIDs, so a seed gives the same charts.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from practicedesk.demo.documents import (
    add_documents,
    add_history,
    add_office_tasks,
    add_referrals,
    add_verifications,
    add_visit_history,
)
from practicedesk.domain.chart_rules import age_on
from practicedesk.domain.hours import local_instant
from practicedesk.domain.phones import normalize
from practicedesk.domain.search_terms import patient_terms
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.recall.calls import UNSCHEDULED_DAYS_BACK
from practicedesk.services.schedule.records import RecordedVisit
from practicedesk.services.session import PracticeSession
from practicedesk.store.changes import insert_rows
from practicedesk.store.models import (
    Authorization,
    Carrier,
    Communication,
    Document,
    Patient,
    PatientAlert,
    PatientPhone,
    Policy,
    Referral,
    ReferralContact,
    Synced,
    Task,
    Verification,
)

if TYPE_CHECKING:
    from faker import Faker

Row = dict[str, Any]
_BATCH = 2000
_AREA_CODES = {"OR": ("503", "503", "971", "541", "458"), "WA": ("360",)}
_NICKNAMES = {
    "Elizabeth": "Liz", "William": "Bill", "Robert": "Bob", "Katherine": "Kate",
    "Jennifer": "Jen", "Christopher": "Chris", "Michael": "Mike", "Margaret": "Peggy",
    "Richard": "Rick", "Jonathan": "Jon", "Alexander": "Alex", "Samantha": "Sam",
    "Nicholas": "Nick", "Rebecca": "Becky", "Patricia": "Pat", "Thomas": "Tom",
    "Daniel": "Dan", "Victoria": "Vicky", "Anthony": "Tony", "Jessica": "Jess",
}  # fmt: skip
_CITIES = (  # (city, state, postal codes, weight)
    (
        "Portland",
        "OR",
        ("97201", "97202", "97206", "97211", "97212", "97214", "97215", "97219"),
        12,
    ),
    ("Beaverton", "OR", ("97005", "97006", "97007"), 3),
    ("Lake Oswego", "OR", ("97034", "97035"), 2),
    ("Tigard", "OR", ("97223", "97224"), 2),
    ("Gresham", "OR", ("97030", "97080"), 2),
    ("Milwaukie", "OR", ("97222",), 1),
    ("Vancouver", "WA", ("98660", "98661", "98683"), 2),
)
_LANGUAGES = (("", 880), ("Spanish", 60), ("Vietnamese", 20), ("Russian", 12), ("Cantonese", 10),
              ("Korean", 8), ("Somali", 6), ("Arabic", 4))  # fmt: skip
_SEXES = ("female", "male")
_DIRECTIONS = ("N", "NE", "SE", "SW", "NW")
_STREET_KINDS = ("St", "Ave", "Ct", "Dr", "Ln", "Pl", "Way", "Blvd", "Rd")
_KIN = {"sister": "female", "brother": "male", "friend": "", "daughter": "female", "son": "male",
        "mother": "female", "father": "male", "partner": "", "grandmother": "female",
        "grandfather": "male"}  # fmt: skip
_ADULTS_KIN = tuple(k for k in _KIN if not k.startswith("grand"))
_NOTES = (
    "Prefers early-morning appointments.",
    "Needs a little extra time; walks with a cane.",
    "Works nights; call after 2 pm.",
    "Pays at each visit; no paper statements, please.",
)


@dataclass(frozen=True, slots=True)
class DemoPlan:
    name: str
    copay: int | None  # cents per visit; such a plan pays the rest, not percentages
    deductible: int
    maximum: int | None
    # Percent of the allowed fee it pays: preventive, basic, major (None for a co-pay plan).
    covers: tuple[int | None, int | None, int | None] = (None, None, None)


@dataclass(frozen=True, slots=True)
class DemoCarrier:
    name: str
    phone: str
    payer_id: str
    prefix: str  # how its member ids start
    plans: tuple[DemoPlan, ...]
    weight: int
    contracted: bool = True  # the office is in its network: its plans allow lower fees


_CARRIERS = (
    DemoCarrier("Summit Dental Mutual", "(800) 555-0134", "SDM41", "SDM",
                (DemoPlan("PPO Plus 1500", None, 5000, 150000, (100, 80, 50)),
                 DemoPlan("Basic 1000", None, 5000, 100000, (100, 70, 40))), 6),
    DemoCarrier("Cascade Benefit Dental", "(888) 555-0171", "CBD22", "CB",
                (DemoPlan("Premier PPO", None, 5000, 200000, (100, 90, 60)),
                 DemoPlan("Value PPO", None, 7500, 125000, (80, 70, 50))), 5),
    DemoCarrier("Evergreen Smile Plan", "(877) 555-0112", "EVS07", "E",
                (DemoPlan("DHMO 20", 2000, 0, None),
                 DemoPlan("DHMO 10", 1000, 0, None)), 3),
    DemoCarrier("Columbia Shield Dental", "(800) 555-0158", "CSD93", "CSD",
                (DemoPlan("Shield 2000", None, 10000, 200000, (100, 80, 50)),
                 DemoPlan("Shield Select", None, 5000, 150000, (100, 80, 50))), 4),
    DemoCarrier("Harborline Insurance Co.", "(866) 555-0190", "HLN60", "H",
                (DemoPlan("Dental Choice", None, 5000, 150000, (90, 70, 50)),), 3,
                contracted=False),
    DemoCarrier("Pioneer Workers' Health Trust", "(800) 555-0126", "PWH15", "PW",
                (DemoPlan("Union Dental Plan", 1000, 2500, 250000),), 2),
    DemoCarrier("TrueNorth Dental PPO", "(855) 555-0147", "TND52", "TN",
                (DemoPlan("Silver", None, 5000, 100000, (100, 80, 50)),
                 DemoPlan("Gold", None, 5000, 200000, (100, 90, 60))), 3),
    DemoCarrier("Willamette Senior Health", "(800) 555-0163", "WSH38", "WS",
                (DemoPlan("Senior Dental", 2500, 0, 100000),), 0),  # for half the over-65s
)  # fmt: skip
_LEFT = (
    "Moved out of state; records sent to the new dentist.",
    "Chose an in-network office; records sent.",
    "Asked to be taken off the recall list.",
)
# Alert bundles that belong together: (weight, youngest, oldest, only this sex, alerts)
_PROFILES: tuple[tuple[int, int, int, str, tuple[tuple[str, str, str, str], ...]], ...] = (
    (10, 40, 99, "", (("condition", "Type 2 diabetes", "warning", "Last A1c 7.1; check blood "
                       "sugar before long visits"),
                      ("medication", "Metformin 500 mg twice a day", "info", ""))),
    (12, 35, 99, "", (("condition", "High blood pressure", "warning", "Take the blood pressure "
                       "at every visit"), ("medication", "Lisinopril 10 mg daily", "info", ""))),
    (3, 45, 99, "", (("condition", "Artificial heart valve (mechanical)", "critical", ""),
                     ("medication", "Warfarin 5 mg daily", "warning",
                      "Ask for a recent INR before extractions"),
                     ("premedication", "Amoxicillin 2 g, 30 to 60 minutes before treatment",
                      "critical", "Required by the cardiologist, cleanings included"))),
    (4, 55, 99, "", (("condition", "Atrial fibrillation", "warning", ""),
                     ("medication", "Apixaban (Eliquis) 5 mg twice a day", "warning",
                      "Anticoagulant: ask the physician before surgery"))),
    (4, 55, 99, "female", (("condition", "Osteoporosis", "info", ""),
                           ("medication", "Alendronate 70 mg weekly", "warning",
                            "Bisphosphonate: risk of jaw osteonecrosis after extractions"))),
    (6, 3, 99, "", (("condition", "Asthma", "warning", "Bring the inhaler to every visit"),
                    ("medication", "Albuterol inhaler as needed", "info", ""))),
    (3, 50, 99, "", (("condition", "Total knee replacement", "info", ""),
                     ("premedication", "Amoxicillin 2 g one hour before cleanings", "warning",
                      "Asked for by the orthopedic surgeon"))),
    (2, 22, 42, "female", (("condition", "Pregnant, second trimester", "warning",
                            "No elective x-rays; keep visits short"),)),
    (4, 10, 99, "", (("alert", "Dental anxiety", "info", "Nitrous oxide helps; explain each "
                      "step before doing it"),)),
    (3, 70, 99, "", (("alert", "Hard of hearing", "info", "Face the patient; speak clearly"),)),
    (2, 30, 99, "", (("condition", "Sleep apnea", "info", "Uses a CPAP at night"),)),
    (2, 25, 99, "", (("medication", "Sertraline 50 mg daily", "info", "Dry mouth"),)),
)  # fmt: skip
_FINISHED_COURSE = {"kind": "medication", "text": "Amoxicillin 500 mg three times a day",
                    "severity": "info", "notes": "Course finished"}  # fmt: skip
_ALLERGIES = (
    (10, "Penicillin", "critical", "Hives; use clindamycin instead"),
    (5, "Latex", "critical", "Nitrile gloves and a latex-free dam"),
    (6, "Codeine", "warning", "Nausea and vomiting"),
    (4, "Sulfa drugs", "warning", "Rash"),
    (3, "Ibuprofen", "warning", "Stomach bleeding"),
    (2, "Lidocaine with epinephrine", "warning", "Racing heart; use mepivacaine 3% plain"),
    (2, "Peanuts", "critical", "Carries an epinephrine pen"),
    (2, "Chlorhexidine rinse", "info", "Mouth ulcers"),
)


@dataclass(frozen=True, slots=True)
class DemoPerson:
    """One planned patient: what `add_many` takes, and the chart fields it does not."""

    new: NewPatient
    household: int  # the plan index of its first member
    sex: str
    parent: int | None = None  # a child's parent (plan index): responsible while a minor
    spouse: int | None = None
    other_phones: tuple[tuple[str, str], ...] = ()  # (kind, number) besides the primary one
    details: dict[str, str] = field(default_factory=dict)  # further Patient columns


@dataclass(frozen=True, slots=True)
class _Names:
    female: list[str]
    male: list[str]
    last: list[str]
    taken: set[tuple[str, str]] = field(default_factory=set)

    def first(self, rng: random.Random, sex: str) -> str:
        return rng.choice(self.female if sex == "female" else self.male)

    def given(self, rng: random.Random, sex: str, last: str) -> str:
        """A first name nobody has with `last` yet, so that lists sort the same on every run."""
        for _ in range(20):
            name = self.first(rng, sex)
            if (name, last) not in self.taken:
                break
        self.taken.add((name, last))
        return name

    def kin(self, rng: random.Random, relationship: str, last: str = "") -> str:
        sex = _KIN[relationship] or rng.choice(_SEXES)
        return f"{self.first(rng, sex)} {last or rng.choice(self.last)}"


def plan_people(
    fake: Faker, rng: random.Random, last_names: Sequence[str], count: int, today: date
) -> list[DemoPerson]:
    """`count` patients in households: singles, couples, and parents with children."""
    names = _Names(
        sorted({fake.first_name_female() for _ in range(300)}),
        sorted({fake.first_name_male() for _ in range(300)}),
        list(last_names),
    )
    people: list[DemoPerson] = []
    while len(people) < count:
        people += _household(rng, names, len(people), count - len(people), today)
    return people


def _household(
    rng: random.Random, names: _Names, first: int, room: int, today: date
) -> list[DemoPerson]:
    """The people of one home; `first` is the first one's plan index and names the home."""
    roll = rng.random()
    age = rng.randint(18, 92) if roll < 0.4 else rng.randint(24, 84 if roll < 0.62 else 50)
    members = [(age, rng.choice(_SEXES), False)]  # (age, sex, child)
    if roll >= 0.4 and (roll < 0.62 or rng.random() < 0.8):
        sex = members[0][1] if rng.random() < 0.06 else _SEXES[members[0][1] == "female"]
        members.append((max(20, age + rng.randint(-6, 6)), sex, False))
    if roll >= 0.62:
        youngest = min(member[0] for member in members)  # a parent at least 20 years older
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            members.append((rng.randint(0, min(17, youngest - 20)), rng.choice(_SEXES), True))
        if youngest >= 43 and rng.random() < 0.2:
            members.append((rng.randint(18, 24), rng.choice(_SEXES), True))
    members = members[:room]
    city, region, codes, _ = rng.choices(_CITIES, [c[3] for c in _CITIES])[0]
    home = {
        "street": f"{rng.randint(100, 19999)} {rng.choice(_DIRECTIONS)} "
        f"{rng.choice(names.last)} {rng.choice(_STREET_KINDS)}",
        "city": city, "region": region, "postal_code": rng.choice(codes),
    }  # fmt: skip
    shared = {
        "street2": f"Apt {rng.randint(1, 40)}{rng.choice('ABCD')}" if rng.random() < 0.18 else "",
        "preferred_language": rng.choices(*zip(*_LANGUAGES, strict=True))[0],
    }
    phone = partial(_phone, rng, _AREA_CODES[region])
    landline = [("home", phone())] if rng.random() < 0.3 else []
    surname = rng.choice(names.last)
    made: list[tuple[NewPatient, list[tuple[str, str]], dict[str, str]]] = []
    for index, (years, sex, child) in enumerate(members):
        last = surname if index != 1 or rng.random() < 0.85 else rng.choice(names.last)
        given = names.given(rng, sex, last)
        own_phone = not child or (years >= 13 and rng.random() < 0.6)
        plain = "".join(ch for ch in f"{given}.{last}" if ch.isalnum() or ch == ".").lower()
        email = rng.random() < (0.75 if years >= 18 else 0.3 if years >= 13 else 0)
        new = NewPatient(
            first_name=given, last_name=last,
            date_of_birth=today - timedelta(days=365 * years + rng.randrange(365)),
            phone=phone() if own_phone else made[0][0].phone,
            email=f"{plain}{rng.randrange(10, 99)}@example.com" if email else "",
            preferred_name=_NICKNAMES.get(given, "") if rng.random() < 0.3 else "",
            middle_name=names.first(rng, sex) if rng.random() < 0.3 else "",
            may_text=own_phone and rng.random() < 0.85, **home,
        )  # fmt: skip
        phones, details = list(landline), dict(shared)
        if years >= 18:
            details["preferred_contact"] = rng.choices(
                ("text", "phone", "email", "letter", ""), (40, 25, 20 if email else 0, 3, 12)
            )[0]
            if 22 <= years <= 65 and rng.random() < 0.12:
                phones.append(("work", phone()))
            if rng.random() < 0.05:
                details["pronouns"] = "she/her" if sex == "female" else "he/him"
            elif rng.random() < 0.015:
                details.update(pronouns="they/them", gender_identity="Non-binary")
            if rng.random() < 0.04:
                details["notes"] = rng.choice(_NOTES)
        if years >= 82 and rng.random() < 0.25:
            kin = rng.choice(("daughter", "son"))
            details.update(
                responsible_type="person", responsible_relationship=kin,
                responsible_name=names.kin(rng, kin, last), responsible_phone=phone(),
            )  # fmt: skip
        made.append((new, phones, details))
    adults = [index for index, member in enumerate(members) if not member[2]]
    people = []
    for index, ((years, sex, child), (new, phones, details)) in enumerate(
        zip(members, made, strict=True)
    ):
        parent = first + rng.choice(adults) if child else None
        spouse = first + adults[1 - index] if not child and len(adults) == 2 else None
        others = [made[a][0] for a in adults if first + a not in (parent, first + index)]
        if others:
            kin = "parent" if child else "spouse"
            emergency = (f"{others[0].first_name} {others[0].last_name}", others[0].phone, kin)
        elif child or rng.random() < 0.55:
            kin = rng.choice(("grandmother", "grandfather") if child else _adult_kin(years))
            emergency = (names.kin(rng, kin), phone(), kin)
        else:
            emergency = ("", "", "")
        details.update(zip(("emergency_name", "emergency_phone", "emergency_relationship"),
                           emergency, strict=True))  # fmt: skip
        details = {name: value for name, value in details.items() if value}
        people.append(DemoPerson(new, first, sex, parent, spouse, tuple(phones), details))
    return people


def _adult_kin(age: int) -> list[str]:
    """Whom an adult of `age` might name: parents while young, children once older."""
    unlikely = ("mother", "father") if age >= 55 else ("son", "daughter") if age < 40 else ()
    return [kin for kin in _ADULTS_KIN if kin not in unlikely]


def _phone(rng: random.Random, area_codes: Sequence[str]) -> str:
    """A number that passes validation: a real area code, an exchange neither N11 nor 555."""
    while True:
        exchange = rng.randrange(200, 1000)
        if exchange % 100 != 11 and exchange != 555:
            break
    return f"({rng.choice(area_codes)}) {exchange}-{rng.randrange(0, 10000):04d}"


def add_charts(
    session: PracticeSession,
    rng: random.Random,
    people: Sequence[DemoPerson],
    ids: Sequence[uuid.UUID],
    visits: Sequence[RecordedVisit],
    now: datetime,
) -> ChartRows:
    """Fill in the charts of `people`, whom `add_many` added as `ids`, around their `visits`.
    Rows go in every few thousand, and patients are updated in batches, so memory stays flat.
    Returns what was made, for the books that follow the charts (demo/money.py)."""
    context = session._ctx  # bulk rows go below the services' one-item API, as add_many's do
    with context.db.writing() as db:
        charts = ChartRows(
            rng, people, ids, session, now, partial(insert_rows, db, context.db.clock)
        )
        charts.build(visits)
        for start in range(0, len(ids), _BATCH):
            charts.update_patients(
                db.scalars(select(Patient).where(Patient.id.in_(ids[start : start + _BATCH])))
            )
            db.flush()
        added = ", ".join(f"{name} {count}" for name, count in charts.added.items())
        audit.record(db, context.actor, audit.Action.CHART_CHANGED, f"demo practice: {added}")
    context.announce(Area.PATIENTS, Area.TASKS)
    return charts


class ChartRows:
    """The rows of every chart table, made in plan order; inserted in this dict's order."""

    def __init__(
        self,
        rng: random.Random,
        people: Sequence[DemoPerson],
        ids: Sequence[uuid.UUID],
        session: PracticeSession,
        now: datetime,
        insert: Callable[[type[Synced], list[Row]], object],
    ) -> None:
        self.rng, self.people, self.ids, self.now, self.insert = rng, people, ids, now, insert
        self.added: Counter[str] = Counter()
        self.practice = session.practice.details()
        self.zone = ZoneInfo(self.practice.time_zone)
        self.today = now.astimezone(self.zone).date()
        self.signer = session.user.display_name
        self.users = {user.username: user.id for user in session.users.list()}
        self.types: dict[uuid.UUID | None, tuple[str, bool]] = {None: ("visit", False)}
        for kind in session.schedule_setup.appointment_types():
            self.types[kind.id] = (kind.name, kind.surgical)
        self.index = {patient_id: i for i, patient_id in enumerate(ids)}
        self.ages = [age_on(p.new.date_of_birth or self.today, self.today) for p in people]
        self.rows: dict[type[Synced], list[Row]] = {
            model: [] for model in (Carrier, Policy, Verification, ReferralContact, Referral,
                                    Authorization, PatientPhone, PatientAlert, Communication,
                                    Task, Document)
        }  # fmt: skip
        self.upcoming: dict[int, date] = {}  # the next visit's day, by plan index
        self.last_seen: dict[int, date] = {}
        self.missed_lately: set[int] = set()  # on the unscheduled list's days back
        self.status: dict[int, tuple[str, str, date]] = {}  # status, note, since
        self.policies: dict[int, list[Row]] = defaultdict(list)
        self.carriers: dict[uuid.UUID, tuple[int, DemoCarrier]] = {}  # by id: (number, carrier)
        self.carrier_ids: dict[str, uuid.UUID] = {}
        self.alerts: dict[int, list[str]] = defaultdict(list)

    def build(self, visits: Sequence[RecordedVisit]) -> None:
        for item in visits:
            i, day = self.index[item.visit.patient_id], self.day_of(item.visit.starts_at)
            if item.status in (VisitStatus.SCHEDULED, VisitStatus.CONFIRMED) and day >= self.today:
                self.upcoming[i] = min(day, self.upcoming.get(i, day))
            elif item.status is VisitStatus.COMPLETED:
                self.last_seen[i] = max(day, self.last_seen.get(i, day))
            elif item.status in (VisitStatus.CANCELLED, VisitStatus.NO_SHOW) and (
                self.today - timedelta(days=UNSCHEDULED_DAYS_BACK) <= day <= self.today
            ):
                self.missed_lately.add(i)
        self._statuses()
        for i, person in enumerate(self.people):
            for kind, number in person.other_phones:
                self.add(PatientPhone, i, kind=kind, number=normalize(number))
            if self.rng.random() < 0.25:
                self._alerts(i)
        self._insurance()
        add_visit_history(self, visits)
        add_referrals(self)
        for i in range(len(self.people)):
            add_history(self, i)
            if self.rng.random() < 0.09:
                add_documents(self, i)
        add_office_tasks(self)
        self.flush()

    def update_patients(self, rows: Iterable[Patient]) -> None:
        """What `add_many` does not take: family links, statuses, the other phones' digits."""
        for row in rows:
            i = self.index[row.id]
            person = self.people[i]
            row.sex = person.sex
            for name, value in person.details.items():
                setattr(row, name, value)
            if self.guarantor_of(i) != i:
                row.responsible_type, row.responsible_relationship = "patient", "parent"
                row.responsible_patient_id = self.ids[self.guarantor_of(i)]
            if i in self.status:
                row.status, row.notes, _ = self.status[i]
            if person.other_phones:
                phones = [normalize(n) for n in (row.phone, *(n for _, n in person.other_phones))]
                row.search_text = patient_terms(
                    first=row.first_name, middle=row.middle_name, last=row.last_name,
                    preferred=row.preferred_name, born=row.date_of_birth, phones=phones,
                    chart_number=row.chart_number, email=row.email,
                )  # fmt: skip

    def _statuses(self) -> None:
        """A few inactive patients and one or two deceased: people living alone, nothing booked.
        Not someone who cancelled or missed a visit lately: the desk is still to call them back
        (the Worklists' unscheduled list), so they stay active."""
        sizes = Counter(person.household for person in self.people)
        alone = [i for i, person in enumerate(self.people) if sizes[person.household] == 1]
        quiet = [i for i in alone if i not in self.upcoming and i not in self.missed_lately]
        old = [i for i in quiet if self.ages[i] >= 70] or quiet
        for i in self.rng.sample(old, min(len(old), max(1, round(len(self.people) / 300)))):
            seen = self.last_seen.get(i, self.today - timedelta(days=300))
            gap = max(1, (self.today - seen).days)  # died between the last visit and today
            died = seen + timedelta(days=self.rng.randint((gap + 1) // 2, gap))
            self.status[i] = ("deceased", f"Died {died:%m/%d/%Y}; the family let us know.", died)
        rest = [i for i in quiet if i not in self.status]
        for i in self.rng.sample(rest, min(len(rest), round(len(self.people) * 0.03))):
            self.status[i] = ("inactive", self.rng.choice(_LEFT), self.today)

    # -- medical alerts -----------------------------------------------------------------------

    def _alerts(self, i: int) -> None:
        rng, chosen = self.rng, []
        if rng.random() < 0.55:
            chosen.append(self._allergy())
            if rng.random() < 0.15 and (other := self._allergy()) != chosen[0]:
                chosen.append(other)
        age, sex = self.ages[i], self.people[i].sex
        fitting = [p for p in _PROFILES if p[1] <= age <= p[2] and p[3] in ("", sex)]
        if fitting and (not chosen or rng.random() < 0.5):
            chosen += rng.choices(fitting, [p[0] for p in fitting])[0][4]
        for kind, text, severity, notes in chosen or [self._allergy()]:
            self.add(PatientAlert, i, kind=kind, text=text, severity=severity, notes=notes)
            self.alerts[i].append(text)
        if rng.random() < 0.1:  # a finished course stays in the chart, retired
            self.add(PatientAlert, i, **_FINISHED_COURSE, active=False)

    def _allergy(self) -> tuple[str, str, str, str]:
        _, text, severity, notes = self.rng.choices(_ALLERGIES, [a[0] for a in _ALLERGIES])[0]
        return "allergy", text, severity, notes

    # -- insurance ----------------------------------------------------------------------------

    def _insurance(self) -> None:
        """About 70% of adults insured; spouses and children as dependants of a subscriber."""
        for number, carrier in enumerate(_CARRIERS):
            fields = {"name": carrier.name, "phone": carrier.phone, "payer_id": carrier.payer_id}
            row = self.add(Carrier, None, **fields)
            self.carriers[row["id"]] = (number, carrier)
            self.carrier_ids[carrier.name] = row["id"]
        groups = {
            c.name: [f"{self.rng.randrange(10**5, 10**6)}" for _ in range(12)] for c in _CARRIERS
        }
        households: dict[int, list[int]] = defaultdict(list)
        for i, person in enumerate(self.people):
            households[person.household].append(i)
        for members in households.values():
            adults = [i for i in members if self.people[i].parent is None]
            own: dict[int, Row] = {}
            for i in adults:
                married = self.people[i].spouse is not None
                odds = 0.45 if self.ages[i] >= 66 else 0.62 if married else 0.7
                if self.status.get(i, ("",))[0] != "deceased" and self.rng.random() < odds:
                    own[i] = self._own_policy(i, groups)
            for i in adults:
                spouse = self.people[i].spouse
                if spouse is None or spouse not in own:
                    continue
                if i in own and self.rng.random() < 0.5:
                    self._dependant(i, own[spouse], 2, "spouse")
                elif i not in own and self.rng.random() < 0.85:
                    self._dependant(i, own[spouse], 1, "spouse")
            by_day = sorted(own.values(), key=lambda p: p["subscriber_birth_date"].strftime("%m%d"))
            for i in (i for i in members if self.people[i].parent is not None):
                for rank, subscriber in enumerate(by_day[: 1 + (self.rng.random() < 0.6)], 1):
                    self._dependant(i, subscriber, rank, "child")  # the birthday rule

    def _own_policy(self, i: int, groups: dict[str, list[str]]) -> Row:
        rng, new = self.rng, self.people[i].new
        carrier = rng.choices(_CARRIERS, [c.weight for c in _CARRIERS])[0]
        if self.ages[i] >= 66 and rng.random() < 0.5:
            carrier = _CARRIERS[-1]
        plan = rng.choice(carrier.plans)
        start = date(self.today.year - rng.choice((0, 1, 1, 2, 3, 5)), rng.choice((1, 1, 4, 7)), 1)
        row = self.add(
            Policy, i, carrier_id=self.carrier_ids[carrier.name], rank=1, plan=plan.name,
            member_id=f"{carrier.prefix}{rng.randrange(10**8, 10**9)}",
            group_number=rng.choice(groups[carrier.name]), subscriber_relationship="self",
            subscriber_name=f"{new.first_name} {new.last_name}",
            subscriber_birth_date=new.date_of_birth, ends_on=None,
            effective_on=start if start <= self.today else start.replace(year=start.year - 1),
            copay_cents=plan.copay, deductible_cents=plan.deductible,
            annual_max_cents=plan.maximum, covers_preventive=plan.covers[0],
            covers_basic=plan.covers[1], covers_major=plan.covers[2],
        )  # fmt: skip
        self.policies[i].append(row)
        add_verifications(self, i, row)
        return row

    def _dependant(self, i: int, subscriber: Row, rank: int, relationship: str) -> None:
        born = self.people[i].new.date_of_birth or self.today
        same = {k: v for k, v in subscriber.items() if k not in ("id", "patient_id")}
        same.update(rank=rank, subscriber_relationship=relationship)
        same["effective_on"] = max(subscriber["effective_on"], born)
        row = self.add(Policy, i, **same)
        self.policies[i].append(row)
        add_verifications(self, i, row)

    def add(self, model: type[Synced], i: int | None, **values: Any) -> Row:
        row = {"id": uuid.uuid4(), **values}
        if i is not None:
            row["patient_id"] = self.ids[i]
        self.rows[model].append(row)
        if sum(map(len, self.rows.values())) >= 5 * _BATCH:
            self.flush()
        return row

    def flush(self) -> None:
        """Insert the rows waiting, parents before the rows that point at them."""
        for model, rows in self.rows.items():
            self.insert(model, rows)
            self.added[model.__name__] += len(rows)
            rows.clear()

    def guarantor_of(self, i: int) -> int:
        """Whose account `i`'s charges go to (plan index): a minor's parent's, else their own."""
        parent = self.people[i].parent
        return parent if parent is not None and self.ages[i] < 18 else i

    def primary_policy(self, i: int, day: date) -> Row | None:
        """The first-ranked policy in force on `day`, as services/money/coverage.py picks it."""
        in_force = [
            policy
            for policy in self.policies[i]
            if (policy["effective_on"] or day) <= day
            and (policy.get("ends_on") is None or policy["ends_on"] >= day)
        ]
        return min(in_force, key=lambda policy: policy["rank"], default=None)

    def carrier_of(self, policy: Row) -> DemoCarrier:
        return self.carriers[policy["carrier_id"]][1]

    def day_of(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def at(self, day: date) -> datetime:
        """A moment in office hours on `day`, never later than now."""
        clock = time(self.rng.randint(8, 16), self.rng.randrange(0, 60, 5))
        return min(local_instant(day, clock, self.zone).astimezone(UTC), self.now)
