"""The demo practice: the same fictional office for a given seed, on every machine.

Names come from Faker pools (seeded); every other choice comes from one `random.Random(seed)`,
so the practice is reproducible and fast to build. Phone numbers follow the North American
numbering plan (valid area codes, exchanges not starting with 0 or 1, never N11) so they pass
validation. It grows with each feature: providers, chairs and patients now; appointments,
charts and forms as they arrive.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from practicedesk.security.kdf import KdfParams
from practicedesk.security.roles import Role
from practicedesk.services.folders import has_practice
from practicedesk.services.opening import NewOwner, create_practice
from practicedesk.services.patients import NewPatient
from practicedesk.services.practice import PracticeDetails
from practicedesk.services.staff import ProviderKind

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
_AREA_CODES = ("503", "971", "541", "458", "360")
_NICKNAMES = {
    "Elizabeth": "Liz", "William": "Bill", "Robert": "Bob", "Katherine": "Kate",
    "Jennifer": "Jen", "Christopher": "Chris", "Michael": "Mike", "Margaret": "Peggy",
    "Richard": "Rick", "Jonathan": "Jon", "Alexander": "Alex", "Samantha": "Sam",
    "Nicholas": "Nick", "Rebecca": "Becky", "Patricia": "Pat", "Thomas": "Tom",
    "Daniel": "Dan", "Victoria": "Vicky", "Anthony": "Tony", "Jessica": "Jess",
}  # fmt: skip
_CHAIRS = (
    ("Chair 1", "#90CAF9"),
    ("Chair 2", "#A5D6A7"),
    ("Chair 3", "#FFE082"),
    ("Chair 4", "#CE93D8"),
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
    data_dir: Path, *, patients: int, seed: int, kdf_params: KdfParams | None = None
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
        session.staff.add_provider(owner_name, ProviderKind.DENTIST, "#1E88E5")
        session.staff.add_provider(f"Dr. {person()}", ProviderKind.DENTIST, "#43A047")
        session.staff.add_provider(person(), ProviderKind.HYGIENIST, "#F4511E")
        for name, colour in _CHAIRS:
            session.staff.add_room(name, colour)
        session.patients.add_many(
            [_patient(rng, first_names, last_names) for _ in range(patients)],
            reason="demo practice",
        )


def _patient(rng: random.Random, first_names: list[str], last_names: list[str]) -> NewPatient:
    first, last = rng.choice(first_names), rng.choice(last_names)
    born = date(1935, 1, 1) + timedelta(days=rng.randrange(0, 365 * 88))
    preferred = _NICKNAMES.get(first, "") if rng.random() < 0.3 else ""
    email = (
        f"{first}.{last}{rng.randrange(10, 99)}@example.com".lower() if rng.random() < 0.7 else ""
    )
    return NewPatient(
        first_name=first,
        last_name=last,
        preferred_name=preferred,
        date_of_birth=born,
        phone=_phone(rng),
        email=email,
    )


def _phone(rng: random.Random) -> str:
    while True:
        exchange = rng.randrange(200, 1000)
        if exchange % 100 != 11 and exchange != 555:
            break
    return f"({rng.choice(_AREA_CODES)}) {exchange}-{rng.randrange(0, 10000):04d}"
