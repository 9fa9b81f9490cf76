"""Money through sync: entries posted on two PCs merge into one ledger, whatever the order the
rounds run in and however often a batch is read; a late entry for a day closed elsewhere is
moved on, never lost; a claim answered on one PC and followed up on the other keeps both."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sqlalchemy import update

from practicedesk.domain.ledger import EntryKind
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import InvalidInput
from practicedesk.services.money.claims import Eob
from practicedesk.services.money.desk import CheckOut, CheckOutLine, NewPayment
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import SyncPeer
from tests.services.money.money_fixtures import HYGIENE_CODES, MoneyOffice, set_up_money
from tests.services.schedule_fixtures import practice_today
from tests.sync.conftest import Pair
from tests.sync.sync_fixtures import contents, device, first_pc, join, rounds

MONEY_TABLES = ("ledger_entry", "claim", "day_close")


def _set_up(a: PracticeSession, b: PracticeSession) -> MoneyOffice:
    money = set_up_money(a)
    rounds(a, b)
    return money


def _forget_applied(pc: PracticeSession, other: PracticeSession) -> None:
    """Make `pc` believe it has taken in none of `other`'s batches, so it reads them again."""
    with pc._ctx.db.writing() as session:
        session.execute(
            update(SyncPeer).where(SyncPeer.device_id == device(other)).values(applied_seq=0)
        )


def _check_out(pc: PracticeSession, money: MoneyOffice, patient: uuid.UUID, slot: int) -> int:
    """A hygiene visit booked, checked in and checked out on `pc`; what it added to the
    account (its charges less the plan's write-offs)."""
    office = money.office
    who = office.ana if patient == office.ana.id else office.ben
    visit = pc.schedule.book(
        office.visit(who, 0, 8 + slot // 4, 15 * (slot % 4), kind=money.hygiene, minutes=15),
        book_anyway=True,
    )
    pc.schedule.set_status(visit.id, VisitStatus.ARRIVED)
    result = pc.desk.check_out(CheckOut(visit.id, tuple(CheckOutLine(c) for c in HYGIENE_CODES)))
    return sum(entry.amount for entry in result.entries)


class MoneyOnTwoPcs(RuleBasedStateMachine):
    """Payments and check-outs on two PCs, rounds in any order, batches read twice: both PCs
    end with every entry once and the same balances, which are what was posted."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="practicedesk-sync-money-"))
        share = self.root / "share"
        a = first_pc(self.root, share)
        self.pcs = [a]
        self.money = set_up_money(a)
        a.sync.run_round()
        self.pcs.append(join(self.root, share, "b", "Hygiene"))
        office = self.money.office
        self.patients = [office.ana.id, office.ben.id]  # insured (claims), and not
        self.posted = dict.fromkeys(self.patients, 0)
        self.entries = 0
        self.slots = 0

    @rule(pc=st.integers(0, 1), who=st.integers(0, 1), cents=st.sampled_from([500, 2_550]),
          method=st.sampled_from(["cash", "check", "card"]))  # fmt: skip
    def pay(self, pc: int, who: int, cents: int, method: str) -> None:
        patient = self.patients[who]
        self.pcs[pc].desk.take_payment(NewPayment(patient, cents, method, "1001"))
        self.posted[patient] -= cents
        self.entries += 1

    @rule(pc=st.integers(0, 1), who=st.integers(0, 1))
    def check_out(self, pc: int, who: int) -> None:
        patient = self.patients[who]
        self.slots += 1  # each visit at its own time: no double booking to report
        self.posted[patient] += _check_out(self.pcs[pc], self.money, patient, self.slots)
        self.entries += 6 if who == 0 else 3  # three charges, and the plan's write-offs

    @rule(pc=st.integers(0, 1))
    def close_today(self, pc: int) -> None:
        """One PC closes the day; the other may post to it before it hears, or close it too."""
        with contextlib.suppress(InvalidInput):  # this PC closed it already
            self.pcs[pc].day_close.close(practice_today())

    @rule(pc=st.integers(0, 1))
    def sync(self, pc: int) -> None:
        report = self.pcs[pc].sync.run_round()
        assert report.problems == [], report.problems

    @rule(pc=st.integers(0, 1))
    def read_again(self, pc: int) -> None:
        """Every batch of the other PC read a second time: nothing more arrives."""
        before = contents(self.pcs[pc], MONEY_TABLES)
        _forget_applied(self.pcs[pc], self.pcs[1 - pc])
        report = self.pcs[pc].sync.run_round()
        assert report.problems == [], report.problems
        after = contents(self.pcs[pc], MONEY_TABLES)
        assert len(after["ledger_entry"]) >= len(before["ledger_entry"])
        assert set(before["ledger_entry"]) <= set(after["ledger_entry"])

    @invariant()
    def nothing_doubles(self) -> None:
        for pc in self.pcs:
            held = len(contents(pc, ("ledger_entry",))["ledger_entry"])
            assert held <= self.entries

    def teardown(self) -> None:
        try:
            self._check_merged()
        finally:
            for pc in self.pcs:
                pc.close()
            shutil.rmtree(self.root, ignore_errors=True)

    def _check_merged(self) -> None:
        rounds(*self.pcs, times=2)
        a, b = self.pcs
        assert contents(a, MONEY_TABLES) == contents(b, MONEY_TABLES)
        assert len(contents(a, ("ledger_entry",))["ledger_entry"]) == self.entries
        for patient, posted in self.posted.items():
            assert a.desk.balance(patient) == b.desk.balance(patient)
            assert a.desk.balance(patient).total == posted
        today = practice_today()
        for pc in (a, b):  # every entry counts on one day: today, or the next if today closed
            days = [pc.day_close.report(today + timedelta(days=n)).entries for n in (0, 1)]
            counted = [entry.id for entries in days for entry in entries]
            assert len(counted) == len(set(counted)) == self.entries


TestMoneyOnTwoPcs = MoneyOnTwoPcs.TestCase
TestMoneyOnTwoPcs.settings = settings(
    max_examples=8,
    stateful_step_count=10,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
TestMoneyOnTwoPcs = pytest.mark.timeout(300)(pytest.mark.slow(TestMoneyOnTwoPcs))


def test_a_payment_on_one_pc_and_a_charge_on_the_other_give_one_balance_on_both(
    pair: Pair,
) -> None:
    a, b = pair.a, pair.b
    money = _set_up(a, b)
    ben = money.office.ben.id
    charged = _check_out(b, money, ben, 1)
    a.desk.take_payment(NewPayment(ben, 4_000, "check", "2044"))
    b.sync.run_round()  # B first this time: it sends the charge before it hears of the payment
    a.sync.run_round()
    _forget_applied(a, b)
    b.sync.run_round()
    a.sync.run_round()  # A reads B's batches a second time
    for pc in (a, b):
        balance = pc.desk.balance(ben)
        assert balance.total == charged - 4_000 == 25_500 - 4_000
        kinds = sorted(e.kind for e in pc.desk.account(ben).entries)
        assert kinds == [EntryKind.CHARGE] * 3 + [EntryKind.PAYMENT]


def test_an_entry_posted_to_a_day_closed_on_the_other_pc_counts_the_next_day_flagged(
    pair: Pair,
) -> None:
    a, b = pair.a, pair.b
    money = _set_up(a, b)
    ben, today = money.office.ben.id, practice_today()
    first = a.desk.take_payment(NewPayment(ben, 1_000, "cash"))
    rounds(a, b)
    b.day_close.close(today, counted_cash=1_000)
    late = a.desk.take_payment(NewPayment(ben, 2_500, "check", "318"))  # A: today is open
    assert late.posted_on == today
    rounds(a, b)
    tomorrow = today + timedelta(days=1)
    for pc in (a, b):
        closed = pc.day_close.report(today)
        assert closed.closed and [e.id for e in closed.entries] == [first.id]
        assert closed.cash_difference == 0
        following = pc.day_close.report(tomorrow)
        assert [e.id for e in following.late] == [late.id]
        line = next(e for e in pc.desk.account(ben).entries if e.id == late.id)
        assert (line.posted_on, line.counts_on, line.moved) == (today, tomorrow, True)
        assert pc.desk.balance(ben).credit == 3_500, "the late payment is not lost"
    after = a.desk.take_payment(NewPayment(ben, 100, "cash"))
    assert after.posted_on == tomorrow, "A now knows today is closed"


@pytest.mark.parametrize("eob_note", ["", "Paid in full, check 5521"])
def test_an_eob_on_one_pc_and_a_follow_up_note_on_the_other_both_arrive(
    pair: Pair, eob_note: str
) -> None:
    a, b = pair.a, pair.b
    money = _set_up(a, b)
    ana = money.office.ana.id
    _check_out(a, money, ana, 1)
    rounds(a, b)
    (claim,) = b.claims.for_patient(ana)
    b.claims.mark_sent(claim.id)
    rounds(a, b)
    a.claims.post_eob(claim.id, Eob(paid=claim.estimate, note=eob_note, check_number="5521"))
    b.claims.add_note(claim.id, "Called Bluewater: the check is in the mail")
    rounds(a, b)
    for pc in (a, b):
        (seen,) = pc.claims.for_patient(ana)
        assert (seen.status, seen.still_expected) == ("paid", 0)
        assert "Called Bluewater: the check is in the mail" in seen.notes
        assert eob_note in seen.notes
        paid = [e for e in pc.desk.account(ana).entries if e.kind is EntryKind.INSURANCE_PAYMENT]
        assert [(e.amount, e.reference) for e in paid] == [(-claim.estimate, "5521")]
        assert pc.desk.balance(ana).total == 0
    assert contents(a, MONEY_TABLES) == contents(b, MONEY_TABLES)
