"""The practice the money figures run on: the 20,000-patient demo with two years of books.

`python -m benchmarks.money_practice DIR [--entries N]` adds to the demo practice in DIR (a copy:
the other figures keep the demo as it is) the books of a busier office behind it, until the
ledger holds about N entries (default 300,000, the issue's figure): visits drawn for every
working day of the last two years among the demo's patients, with their insurance, checked
out, claimed, paid, refunded, corrected and closed by `demo/ledger.py` exactly as the demo's
own year is. These visits are not put on the appointment book (the figures do not read it).
Where the demo already closed a day, the day gets a second close covering the new entries;
closes of one day are merged by their union, as when two PCs close it (domain/day_close.py).
Prints one JSON line: the entries before and after, and the seconds it took.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from benchmarks.practice import USERNAME, password
from practicedesk.api import open_practice
from practicedesk.demo.builder import VISIT_TYPES, working_days
from practicedesk.demo.ledger import Books, DoneVisit, Fees
from practicedesk.demo.money import visit_lines
from practicedesk.domain.chart_rules import age_on
from practicedesk.services.money.procedures import read_procedures
from practicedesk.services.practice.staff import ProviderKind, read_providers
from practicedesk.services.schedule.setup import practice_today
from practicedesk.store.changes import insert_rows
from practicedesk.store.models import Appointment, Carrier, LedgerEntry, Patient, PlanFee, Policy

ENTRIES = 300_000
DAYS = 730
SEED = 15


def extend(data_dir: Path, entries: int) -> dict[str, Any]:
    started = time.perf_counter()
    rng = random.Random(SEED)
    with open_practice(data_dir, USERNAME, password()) as session:
        context = session._ctx  # a benchmark fixture writes in bulk, as the demo does
        with context.db.writing() as db:
            today = practice_today(db)
            before = db.scalar(select(func.count()).select_from(LedgerEntry)) or 0
            done = db.scalar(
                select(func.count())
                .select_from(Appointment)
                .where(Appointment.status == "completed")
            )
            days = working_days(today - timedelta(days=DAYS), today)
            per_visit = before / max(1, done or 0)  # the demo's entries per visit
            per_day = round((entries - before) / per_visit / len(days))
            visits = _visits(db, rng, days, per_day)
            procedures = {p.code: (p.name, p.category.value, p.fee) for p in read_procedures(db)}
            allowed: dict[tuple[Any, str], dict[str, int]] = {}
            for fee in db.scalars(select(PlanFee).where(PlanFee.deleted_at.is_(None))):
                allowed.setdefault((fee.carrier_id, fee.plan), {})[fee.code] = fee.allowed_cents
            carriers = {row.id: row.name for row in db.execute(select(Carrier.id, Carrier.name))}
            insert = partial(insert_rows, db, context.db.clock)
            books = Books(rng, Fees(procedures, allowed, carriers), days, today, insert,
                          statements=False)  # fmt: skip
            books.run(visits)
            after = db.scalar(select(func.count()).select_from(LedgerEntry))
    return {
        "before": before,
        "after": after,
        "visits": len(visits),
        "visits_per_day": per_day,
        "seconds": time.perf_counter() - started,
    }


def _visits(db: Any, rng: random.Random, days: list[Any], per_day: int) -> list[DoneVisit]:
    """`per_day` visits on each working day, to patients drawn from the whole practice, each
    with the procedures its type brings and the primary policy in force that day."""
    patients = db.execute(
        select(Patient.id, Patient.date_of_birth, Patient.responsible_patient_id)
        .where(Patient.deleted_at.is_(None), Patient.merged_into.is_(None))
        .order_by(Patient.chart_number)
    ).all()
    policies: dict[Any, list[Policy]] = {}
    for policy in db.scalars(
        select(Policy).where(Policy.deleted_at.is_(None), Policy.active.is_(True))
    ):
        policies.setdefault(policy.patient_id, []).append(policy)
    providers = read_providers(db)
    dentists = [p.id for p in providers if p.kind is ProviderKind.DENTIST]
    hygienists = [p.id for p in providers if p.kind is ProviderKind.HYGIENIST]
    kinds = [(t.name, t.dentist_weight + t.hygienist_weight, t.hygienist_weight > 0)
             for t in VISIT_TYPES]  # fmt: skip
    visits = []
    for day in days:
        for _ in range(per_day):
            patient = rng.choice(patients)
            name, _, hygiene = rng.choices(kinds, [k[1] for k in kinds])[0]
            age = age_on(patient.date_of_birth, day) if patient.date_of_birth else 40
            visits.append(
                DoneVisit(
                    patient_id=patient.id,
                    account_id=patient.responsible_patient_id or patient.id,
                    provider_id=rng.choice(hygienists if hygiene else dentists),
                    day=day,
                    lines=visit_lines(rng, name, age),
                    policy=_primary(policies.get(patient.id, []), day),
                )
            )
    return visits


def _primary(policies: list[Policy], day: Any) -> dict[str, Any] | None:
    """The policy the desk would estimate with (services/money/coverage.py primary_policy)."""
    in_force = [
        p
        for p in policies
        if (p.effective_on is None or p.effective_on <= day)
        and (p.ends_on is None or p.ends_on >= day)
    ]
    if not in_force:
        return None
    policy = min(in_force, key=lambda p: p.rank)
    return {column.key: getattr(policy, column.key) for column in Policy.__table__.columns}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--entries", type=int, default=ENTRIES)
    args = parser.parse_args()
    print(json.dumps(extend(args.data_dir, args.entries)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
