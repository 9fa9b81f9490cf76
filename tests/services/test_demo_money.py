"""The demo practice's books, read back through the money services as the screens would."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from practicedesk.api import open_practice
from practicedesk.demo.builder import DEMO_PASSWORD, DEMO_PRACTICE, working_days
from practicedesk.domain import day_close, ledger
from practicedesk.domain.ledger import Entry, EntryKind
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.chart.records import Chart
from practicedesk.services.money import accounts
from practicedesk.services.money.claims import STATUSES
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import LedgerEntry, Patient
from tests.services.conftest import DEMO_PATIENTS

# The order a day's entries can be posted in: what a later one may rest on comes first (a
# refund on what was paid, a correction on the entry it corrects).
_KINDS = (EntryKind.CHARGE, EntryKind.ADJUSTMENT, EntryKind.PAYMENT, EntryKind.INSURANCE_PAYMENT,
          EntryKind.REFUND, EntryKind.REVERSAL)  # fmt: skip


@pytest.fixture
def demo(demo_folder: Path) -> Iterator[PracticeSession]:
    with open_practice(demo_folder, "frontdesk", DEMO_PASSWORD) as session:
        yield session


def _today() -> date:
    return datetime.now(ZoneInfo(DEMO_PRACTICE.time_zone)).date()


def _entries(session: PracticeSession) -> list[Entry]:
    with session._ctx.db.reading() as db:
        return [accounts.entry_of(row) for row in db.scalars(select(LedgerEntry))]


def test_the_office_charges_its_fees_and_its_in_network_plans_allow_less(
    demo: PracticeSession,
) -> None:
    fees = {p.code: p.fee for p in demo.procedures.list()}
    assert len(fees) >= 40, "the dental starter list is loaded"
    types = {t.name: t.procedure_codes for t in demo.schedule_setup.appointment_types()}
    assert types["Cleaning"] == ("D0120", "D1110", "D0274")
    assert types["Extraction"] == ("D7140",) and types["Implant surgery"] == ("D6010",)
    assert all(codes for codes in types.values()), "every visit type names its procedures"
    plans = {(p.carrier_id, p.plan) for chart in _charts(demo) for p in chart.policies}
    schedules = [demo.procedures.plan_fees(carrier, plan) for carrier, plan in plans]
    assert sum(1 for allowed in schedules if allowed) >= 3
    assert any(not allowed for allowed in schedules), "one insurer is out of network"
    for allowed in schedules:
        for fee in allowed:
            assert 0.74 <= fee.allowed / fees[fee.code] <= 0.91, fee


def _charts(session: PracticeSession) -> list[Chart]:
    return [session.chart.read(p.id) for p in session.patients.page(limit=DEMO_PATIENTS)]


def test_every_entry_passes_the_ledgers_rules_in_the_order_it_was_posted(
    demo: PracticeSession,
) -> None:
    by_account: dict[uuid.UUID, list[Entry]] = {}
    for entry in _entries(demo):
        by_account.setdefault(entry.account_id, []).append(entry)
    eventful = {e.account_id for es in by_account.values() for e in es
                if e.kind in (EntryKind.REFUND, EntryKind.REVERSAL)}  # fmt: skip
    sample = eventful | set(random.Random(5).sample(sorted(by_account), 6))
    for account in sorted(sample):
        posted: list[Entry] = []
        for entry in sorted(by_account[account], key=lambda e: (e.posted_on, _KINDS.index(e.kind))):
            ledger.check_new_entry(entry, posted)
            posted.append(entry)


def test_refunds_and_corrections_are_a_few_among_many_entries(demo: PracticeSession) -> None:
    entries = _entries(demo)
    kinds = [e.kind for e in entries]
    assert len(entries) > 5_000
    assert 0 < kinds.count(EntryKind.REFUND) < len(entries) / 100
    assert 0 < kinds.count(EntryKind.REVERSAL) < len(entries) / 100
    assert kinds.count(EntryKind.INSURANCE_PAYMENT) > 100
    assert ledger.extra_reversals(entries) == []


def test_balances_fall_in_every_aging_bucket_and_some_accounts_are_in_credit(
    demo: PracticeSession,
) -> None:
    report = demo.receivables.aging()
    patient = [owed for _, owed, _ in report.bucket_totals()]
    insurance = [owed for _, _, owed in report.bucket_totals()]
    assert len(patient) == 4 and all(owed > 0 for owed in patient)
    assert insurance[0] > 0, "claims sent lately still wait for their EOB"
    assert report.credits > 0
    to_collect = demo.receivables.to_collect()
    assert to_collect and {row.oldest_days for row in to_collect} >= {0, 91}
    # The month's statements went out on its first working day (at most a month and a long
    # weekend ago): whoever they billed less than 30 days ago is not due another yet, and
    # whoever owes more than the minimum and was not billed lately is. (How many are due
    # depends on the day of the month the demo is built; on a month's 31st, all of them.)
    runs = {row.last_statement for row in to_collect if row.last_statement is not None}
    assert runs and (_today() - max(runs)).days <= 34, "this month's statements went out"
    due = {row.account_id for row in demo.receivables.statements_due()}
    lately = {row.account_id for row in to_collect if row.last_statement is not None
              and (_today() - row.last_statement).days < 30}  # fmt: skip
    assert not due & lately
    assert due == {row.account_id for row in to_collect if row.account_id not in lately
                   and row.patient_due > 500}  # fmt: skip


def test_claims_are_in_every_status_and_unanswered_ones_wait_to_be_followed(
    demo: PracticeSession,
) -> None:
    claims = [c for p in demo.patients.page(limit=DEMO_PATIENTS)
              for c in demo.claims.for_patient(p.id)]  # fmt: skip
    assert {c.status for c in claims} == set(STATUSES)
    for claim in claims:
        settled = claim.status in ("paid", "partly paid", "denied")
        assert (claim.still_expected == 0) if settled else claim.still_expected == claim.estimate
        assert (claim.sent_on is None) == (claim.status == "to send")
    follow = demo.claims.to_follow()
    assert follow and all(c.status in ("to send", "sent") for c in follow)
    assert any("Called " in c.notes for c in follow), "the calls about them are noted"


def test_claims_to_follow_are_the_short_list_of_a_desk_that_works_it(
    demo: PracticeSession,
) -> None:
    """A lost claim is paid after the calls: the demo's list once held a year of claims sent
    and never answered. Claims never sent (a few forgotten) wait on it too."""
    follow = demo.claims.to_follow()
    assert any(c.status == "to send" for c in follow)
    assert all((_today() - c.service_on).days <= 160 for c in follow if c.status == "sent")
    assert len(follow) < 60


def test_every_past_working_day_is_closed_and_every_entry_counts_on_one_day(
    demo: PracticeSession,
) -> None:
    today = _today()
    open_days = working_days(today - timedelta(days=365), today)
    closed = demo.day_close.closed_days(today - timedelta(days=400), today)
    assert closed == [day for day in open_days if day < today]
    with demo._ctx.db.reading() as db:
        closes = accounts.read_closes(db)
        posted = list(db.execute(select(LedgerEntry.id, LedgerEntry.posted_on)))
    counted = [day_close.effective_day(row.id, row.posted_on, closes) for row in posted]
    assert all(day in closed or day == today for day, _ in counted)
    assert day_close.counted_in_two_closes(closes) == {}
    moved = [day for day, late in counted if late]
    assert moved and all(demo.day_close.report(day).late for day in moved)
    reports = [demo.day_close.report(day) for day in closed]
    assert all(r.closed and r.counted_cash is not None and r.entries for r in reports)
    off = [r for r in reports if r.cash_difference]
    assert 0 < len(off) < len(reports) / 10, "the drawer is rarely off, and then it is noted"


def test_the_desk_has_money_to_show_today(demo: PracticeSession) -> None:
    today = _today()
    visits = demo.schedule.day(today).appointments
    waiting = [v for v in visits if v.status in (VisitStatus.ARRIVED, VisitStatus.SEATED)]
    booked = [v for v in visits if v.status in (VisitStatus.SCHEDULED, VisitStatus.CONFIRMED)]
    for visit in (waiting + booked)[:5]:
        draft = demo.desk.check_out_draft(visit.id)
        assert draft.lines and draft.fee > 0
        assert demo.desk.to_collect(visit.id).visit_portion >= 0
    families = [row for row in demo.receivables.aging().rows if row.patient_due > 0]
    account = demo.desk.account(families[0].account_id)
    assert account.entries and account.balance.total == families[0].aging.total
    with demo._ctx.db.reading() as db:
        children = db.scalars(select(Patient.id).where(Patient.responsible_patient_id.is_not(None)))
        child = next(iter(children))
    assert len(demo.desk.account(child).members) >= 2, "a family shares one account"


def test_some_patients_have_treatment_plans_and_accepted_work_waits_to_be_booked(
    demo: PracticeSession,
) -> None:
    unbooked = demo.plans.accepted_not_booked()
    assert unbooked, "the Accepted, not booked worklist has something to show"
    accepted = [item.accepted_on for item in unbooked]
    assert accepted == sorted(accepted), "oldest decision first"
    assert accepted[0] < _today() - timedelta(days=14) and max(accepted) <= _today(), (
        "decided over the last weeks, not all on the day the demo was made"
    )
    plans = demo.plans.for_patient(unbooked[0].patient_id)
    assert plans
    plan = demo.plans.read(plans[0].id)
    assert plan.items and sum(item.fee for item in plan.items) > 0
