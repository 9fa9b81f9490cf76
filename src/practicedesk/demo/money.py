"""The demo practice's money: the procedure list, what its insurers allow, the procedures each
kind of visit usually brings, and a year of the ledger behind the completed visits.

The office loads the dental starter list through the procedure service, as an owner would.
Each in-network plan gets an allowed-fee schedule for the common codes at 75–90% of the
office's fee (the difference is the contractual write-off at check-out); the one out-of-network
insurer has none, so its patients are estimated on the office's fees. What a visit actually
brought varies a little from its type's usual procedures (a child's cleaning, bitewings once a
year, which filling on which tooth). The books themselves are kept by demo/ledger.py.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from functools import partial

from practicedesk.demo.chart import ChartRows, DemoCarrier
from practicedesk.demo.ledger import Books, DoneVisit, Fees
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.money.procedures import read_procedures
from practicedesk.services.schedule.records import RecordedVisit
from practicedesk.services.session import PracticeSession
from practicedesk.store.changes import insert_rows
from practicedesk.store.models import PlanFee

USUAL_CODES: Mapping[str, tuple[str, ...]] = {
    "Exam": ("D0120",),
    "New patient exam": ("D0150", "D0210"),
    "Cleaning": ("D0120", "D1110", "D0274"),  # exam, cleaning and bitewings
    "Perio maintenance": ("D4910", "D0120"),
    "Filling": ("D2392",),
    "Crown": ("D2740", "D2950"),
    "Root canal": ("D3330",),
    "Extraction": ("D7140",),
    "Implant surgery": ("D6010",),
    "Emergency": ("D0140", "D0220", "D9110"),
}
"""The procedures each demo visit type names, by code: check-out starts from them."""

# Codes that plans publish allowed fees for: what the demo's visits bring, and a few more.
_SCHEDULED = sorted(
    {code for codes in USUAL_CODES.values() for code in codes}
    | {"D0272", "D1120", "D1206", "D1351", "D2140", "D2150", "D2330", "D2331", "D2391",
       "D2393", "D3310", "D3320", "D4341", "D4342", "D7210", "D7953", "D6065"}
)  # fmt: skip
_BOOKED = (VisitStatus.SCHEDULED, VisitStatus.CONFIRMED)
_FILLINGS = ("D2391", "D2392", "D2393", "D2330", "D2331", "D2150")
_BACK_TEETH = ("3", "14", "19", "30", "2", "15", "18", "31", "4", "5", "12", "13", "20", "29")
_FRONT_TEETH = ("7", "8", "9", "10", "6", "11", "22", "27")
_SURFACES = {"D2391": "O", "D2392": "MO", "D2393": "MOD", "D2330": "F", "D2331": "MF",
             "D2150": "DO"}  # fmt: skip


def visit_lines(rng: random.Random, type_name: str, age: int) -> tuple[tuple[str, str], ...]:
    """What a visit of this type brought, with teeth: its usual procedures, varied a little."""
    if type_name == "Cleaning":
        if age < 14:
            lines = [("D0120", ""), ("D1120", ""), ("D1206", "")]
        else:
            lines = [("D0120", ""), ("D1110", "")]
        if rng.random() < 0.5:  # bitewings once a year
            lines.append(("D0272" if age < 14 else "D0274", ""))
        return tuple(lines)
    if type_name == "Filling":
        fillings = []
        for _ in range(1 + (rng.random() < 0.25)):
            code = rng.choice(_FILLINGS)
            teeth = _FRONT_TEETH if code in ("D2330", "D2331") else _BACK_TEETH
            fillings.append((code, f"#{rng.choice(teeth)} {_SURFACES[code]}"))
        return tuple(fillings)
    tooth = f"#{rng.choice(_BACK_TEETH)}"
    if type_name == "Crown":
        return (("D2740", tooth),) + ((("D2950", tooth),) if rng.random() < 0.4 else ())
    if type_name == "Root canal":
        front = rng.random() < 0.3
        return (("D3310", f"#{rng.choice(_FRONT_TEETH)}") if front else ("D3330", tooth),)
    if type_name == "Extraction":
        return ((rng.choice(("D7140", "D7140", "D7210")), tooth),)
    if type_name == "Implant surgery":
        return (("D6010", tooth),) + ((("D7953", tooth),) if rng.random() < 0.3 else ())
    if type_name == "Emergency":
        return (("D0140", ""), ("D0220", tooth)) + (
            (("D9110", tooth),) if rng.random() < 0.5 else ()
        )
    if type_name == "New patient exam" and age < 12:
        return (("D0150", ""), ("D0272", ""))
    return tuple((code, "") for code in USUAL_CODES.get(type_name, ("D0120",)))


def add_money(
    session: PracticeSession,
    charts: ChartRows,
    visits: Sequence[RecordedVisit],
    visit_ids: Sequence[uuid.UUID],
    working_days: Sequence[date],
) -> None:
    """The procedure list, the plans' fee schedules and the books behind `visits` (recorded
    as `visit_ids`), in one transaction; `working_days` are the days the office was open."""
    session.procedures.load_starter_list()
    context = session._ctx  # bulk rows go below the services' one-item API, as add_many's do
    rng = charts.rng
    with context.db.writing() as db:
        insert = partial(insert_rows, db, context.db.clock)
        procedures = {p.code: (p.name, p.category.value, p.fee) for p in read_procedures(db)}
        allowed = fee_schedules(rng, charts.carriers.items(), procedures)
        insert(
            PlanFee,
            [
                {"carrier_id": carrier, "plan": plan, "code": code, "allowed_cents": cents}
                for (carrier, plan), fees in allowed.items()
                for code, cents in fees.items()
            ],
        )
        names = {carrier_id: carrier.name for carrier_id, (_, carrier) in charts.carriers.items()}
        books = Books(rng, Fees(procedures, allowed, names), working_days, charts.today, insert)
        done, booked = _checked_out_and_booked(charts, visits, visit_ids)
        books.run(done, booked)
        made = ", ".join(f"{what} {count}" for what, count in books.counts.items())
        audit.record(db, context.actor, audit.Action.MONEY_POSTED, f"demo practice: {made}")
    context.announce(Area.MONEY)


def fee_schedules(
    rng: random.Random,
    carriers: Iterable[tuple[uuid.UUID, tuple[int, DemoCarrier]]],
    procedures: Mapping[str, tuple[str, str, int]],
) -> dict[tuple[uuid.UUID, str], dict[str, int]]:
    """Per in-network plan, its allowed fee for each common code: 75–90% of the office's fee,
    in whole dollars. `carriers` are ChartRows.carriers' items: (id, (number, carrier))."""
    schedules: dict[tuple[uuid.UUID, str], dict[str, int]] = {}
    for carrier_id, (_, carrier) in carriers:
        if not carrier.contracted:
            continue
        for plan in carrier.plans:
            level = rng.uniform(0.78, 0.87)
            schedules[(carrier_id, plan.name)] = {
                code: 100 * round(procedures[code][2] * (level + rng.uniform(-0.03, 0.03)) / 100)
                for code in _SCHEDULED
            }
    return schedules


def _checked_out_and_booked(
    charts: ChartRows, visits: Sequence[RecordedVisit], visit_ids: Sequence[uuid.UUID]
) -> tuple[list[DoneVisit], list[DoneVisit]]:
    """The completed visits up to today, in the order they started, ready to check out; and
    the visits booked for the next month, with what they are planned to bring."""
    rng = charts.rng
    done: list[DoneVisit] = []
    booked: list[DoneVisit] = []
    soon = charts.today + timedelta(days=30)
    ordered = sorted(zip(visits, visit_ids, strict=True), key=lambda pair: pair[0].visit.starts_at)
    for item, visit_id in ordered:
        day = charts.day_of(item.visit.starts_at)
        if item.status is VisitStatus.COMPLETED and day <= charts.today:
            chosen = done
        elif item.status in _BOOKED and charts.today < day <= soon:
            chosen = booked
        else:
            continue
        i = charts.index[item.visit.patient_id]
        type_name, _ = charts.types[item.visit.type_id]
        chosen.append(
            DoneVisit(
                patient_id=item.visit.patient_id,
                account_id=charts.ids[charts.guarantor_of(i)],
                provider_id=item.visit.provider_id,
                day=day,
                lines=visit_lines(rng, type_name, charts.ages[i]),
                policy=charts.primary_policy(i, day),
                appointment_id=visit_id,
            )
        )
    return done, booked
