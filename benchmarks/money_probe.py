"""The money figures in one fresh process, on the practice `money_practice.py` made. Prints JSON.

`python -m benchmarks.money_probe DATA_DIR RUNS`

Signed in as the front desk (a coordinator), as at the desk; each call is one use case, timed
from the call to its result, after one call of each as a warm-up (the first query of a fresh
connection is slower):

- payment: `desk.take_payment` of $25 cash, each run for another guarantor who owes;
- check-out: from `desk.check_out` of a visit with four procedures (exam, cleaning, bitewings
  and a two-surface filling) for a patient insured by a plan with allowed fees, with a card
  payment (four charges, their write-offs, a claim and the payment posted and the visit
  completed) to its receipt's PDF ready (`money_print.receipt`), as from Enter in the dialog.
  The visit is booked and checked in before the clock starts; the service call alone and the
  draft the dialog shows while the lines are edited (`check_out_draft`) are kept apart;
- A/R aging: `receivables.aging()`, every account;
- day report: `day_close.report(day)` for the last closed working days, one a run;
- statements: a batch of 500 as Worklists prints it: `statements_due()`, then
  `money_print.statements` of the first 500 (each read, the one PDF rendered, each recorded as
  sent and audited). Each batch is recorded as sent, so the next run prints the next 500 due.
"""

from __future__ import annotations

import json
import random
import sys
import time
import uuid
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from benchmarks.practice import password
from practicedesk.api import open_practice
from practicedesk.domain.hours import local_instant
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.money.desk import CheckOut, CheckOutLine, NewPayment
from practicedesk.services.schedule.records import NewAppointment
from practicedesk.store.models import PlanFee, Policy

STATEMENTS = 500
STATEMENT_RUNS = 3  # each batch takes seconds, and records its statements as sent
LINES = (CheckOutLine("D0120"), CheckOutLine("D1110"), CheckOutLine("D0274"),
         CheckOutLine("D2392", "#14 MO"))  # fmt: skip
SEED = 8


def _timed(call: Any) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def _insured(session: Any) -> list[uuid.UUID]:
    """Patients whose primary plan has allowed fees: their check-out posts the most."""
    with session._ctx.db.reading() as db:
        plans = {
            (row.carrier_id, row.plan)
            for row in db.execute(select(PlanFee.carrier_id, PlanFee.plan).distinct())
        }
        rows = db.execute(
            select(Policy.patient_id, Policy.carrier_id, Policy.plan)
            .where(Policy.rank == 1, Policy.deleted_at.is_(None), Policy.copay_cents.is_(None))
            .order_by(Policy.patient_id)
        )
        return [row.patient_id for row in rows if (row.carrier_id, row.plan) in plans]


def main(data_dir: Path, runs: int) -> int:
    rng = random.Random(SEED)
    session = open_practice(data_dir, "frontdesk", password())
    desk, receivables = session.desk, session.receivables
    zone = ZoneInfo(session.practice.details().time_zone)
    today = datetime.now(zone).date()
    owing = [row.account_id for row in receivables.aging().rows if row.patient_due > 0]
    payers = rng.sample(owing, runs + 1)
    patients = rng.sample(_insured(session), runs + 1)
    provider = next(p.id for p in session.staff.providers() if p.kind.value == "dentist")
    closed = session.day_close.closed_days(today - timedelta(days=40), today)

    def pay(patient: uuid.UUID) -> float:
        return _timed(lambda: desk.take_payment(NewPayment(patient, 2_500, "cash")))

    def check_out(patient: uuid.UUID, slot: int) -> tuple[float, float, float]:
        starts = local_instant(today, clock_time(7), zone) + timedelta(minutes=15 * slot)
        visit = session.schedule.book(
            NewAppointment(patient, provider, None, starts, 60), book_anyway=True
        )
        session.schedule.set_status(visit.id, VisitStatus.ARRIVED)
        drafted = _timed(lambda: desk.check_out_draft(visit.id, LINES))
        payment = NewPayment(patient, 2_000, "card", "4242 auth 123456", appointment_id=visit.id)
        started = time.perf_counter()
        result = desk.check_out(CheckOut(visit.id, LINES, payment))
        posted = time.perf_counter()
        session.money_print.receipt(result)
        return drafted, posted - started, time.perf_counter() - started

    pay(payers.pop())
    check_out(patients.pop(), 0)
    receivables.aging()
    session.day_close.report(closed[-1])
    payments, checkouts, services, drafts, agings, reports = [], [], [], [], [], []
    for run in range(runs):
        payments.append(pay(payers.pop()))
        drafted, posted, receipt = check_out(patients.pop(), run + 1)
        drafts.append(drafted)
        services.append(posted)
        checkouts.append(receipt)
        agings.append(_timed(receivables.aging))
        day = closed[-1 - run % len(closed)]
        reports.append(_timed(lambda day=day: session.day_close.report(day)))
    statements, due_counts, pages = [], [], []
    for _ in range(min(runs, STATEMENT_RUNS)):
        started = time.perf_counter()
        due = receivables.statements_due()[:STATEMENTS]
        batch = session.money_print.statements([row.account_id for row in due])
        statements.append(time.perf_counter() - started)
        due_counts.append(batch.count)
        pages.append(batch.pdf.count(b"/Type /Page\n"))
    entries = len(session.day_close.report(closed[-1]).entries)
    session.close()
    print(json.dumps({
        "payment": payments, "check_out": checkouts, "check_out_service": services,
        "draft": drafts, "aging": agings, "day_report": reports, "statements": statements,
        "statements_made": due_counts, "statement_pages": pages,
        "accounts": len(owing), "day_entries": entries,
    }))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2])))
