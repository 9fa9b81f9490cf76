"""Generated patient lists as other systems export them: made-up people only.

Faker (with a fixed seed) supplies pools of names and places once; rows combine them with a
seeded random generator, so 100,000 rows take a second, not the minutes Faker would.
Phones and e-mails are unique per row, so only name-and-birth-date coincidences can make two
rows resemble each other.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta

from faker import Faker

HEADER = ("First Name", "Last Name", "DOB", "Phone", "Email", "Address", "City", "State", "Zip")


def _pools(seed: int) -> dict[str, list[str]]:
    fake = Faker("en_US")
    fake.seed_instance(seed)
    return {
        "first": list({fake.first_name() for _ in range(600)}),
        "last": list({fake.last_name() for _ in range(900)}),
        "street": [fake.street_address() for _ in range(300)],
        "city": [fake.city() for _ in range(100)],
        "state": [fake.state_abbr() for _ in range(50)],
        "zip": [fake.postcode() for _ in range(200)],
    }


def patient_rows(count: int, seed: int = 11) -> list[tuple[str, ...]]:
    pools = _pools(seed)
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        first, last = rng.choice(pools["first"]), rng.choice(pools["last"])
        born = date(1935, 1, 1) + timedelta(days=rng.randrange(365 * 85))
        rows.append(
            (
                first,
                last,
                f"{born.month}/{born.day}/{born.year}",
                f"(503) {200 + index // 10000}-{index % 10000:04d}",
                f"{first.lower()}.{last.lower()}{index}@example.com",
                rng.choice(pools["street"]),
                rng.choice(pools["city"]),
                rng.choice(pools["state"]),
                rng.choice(pools["zip"]),
            )
        )
    return rows


def csv_bytes(
    rows: list[tuple[str, ...]],
    header: tuple[str, ...] = HEADER,
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)
