"""The A/R report, which SQLite reads in part (the oldest bucket summed as a settled past, the
accounts not settled picked by their sums), gives every account the aging of all its entries
to the cent: random books of several guarantors written straight into a practice's database,
aged on several days, row by row against `aging.age` of every live entry."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert

from practicedesk.api import NewPractice
from practicedesk.domain import aging
from practicedesk.domain.ledger import ClaimEstimate, Entry, EntryKind, balance, pending_insurance
from practicedesk.domain.new_patient import NewPatient
from practicedesk.services.money.receivables import read_aging
from practicedesk.store.models import Claim, LedgerEntry
from tests.conftest import make_practice

END = date(2026, 9, 30)  # the last day of the books (a few entries are dated after it)
DAYS_BACK = (0, 30, 91, 92, 200)  # the report's days: END and before
OLDEST = aging.BUCKET_DAYS[-1][0]
GONE = datetime(2026, 10, 2, 12, 0, tzinfo=UTC)  # when a soft-deleted row was deleted
CREDITS = (EntryKind.PAYMENT, EntryKind.ADJUSTMENT, EntryKind.INSURANCE_PAYMENT)
ON_CLAIM_LATER = (  # an entry on a claim long after its visit, with its signs
    (EntryKind.CHARGE, (1,)),
    (EntryKind.REFUND, (1,)),
    (EntryKind.INSURANCE_PAYMENT, (-1,)),
    (EntryKind.ADJUSTMENT, (1, -1)),
)
SHAPES = ("busy", "busy", "old", "settled", "credit")


@dataclass(frozen=True, slots=True)
class Row:
    """A ledger entry as written: an `Entry` and whether it was soft-deleted."""

    entry: Entry
    deleted: bool = False


@dataclass(frozen=True, slots=True)
class ClaimRow:
    id: uuid.UUID
    account_id: uuid.UUID
    patient_id: uuid.UUID
    service_on: date
    estimate: int
    closed_on: date | None
    deleted: bool = False


@dataclass
class Books:
    entries: list[Row] = field(default_factory=list)
    claims: list[ClaimRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Guarantor:
    account_id: uuid.UUID
    patients: tuple[uuid.UUID, ...]  # the guarantor and a family member


@dataclass
class Practice:
    """One practice for the whole file: each example's books replace the last one's."""

    opened: NewPractice
    guarantors: tuple[Guarantor, ...]

    def write(self, books: Books) -> None:
        """The books straight into the tables, as sync may leave them (no posting rules), by
        plain statements: the program's own sessions never delete an entry, and each example
        starts from empty books."""
        with self.opened.session._ctx.db.engine.begin() as connection:
            connection.execute(delete(LedgerEntry))
            connection.execute(delete(Claim))
            if books.claims:
                connection.execute(insert(Claim), [_claim_row(c) for c in books.claims])
            if books.entries:
                connection.execute(insert(LedgerEntry), [_entry_row(r) for r in books.entries])

    def report(self, as_of: date) -> dict[uuid.UUID, aging.Aging]:
        with self.opened.session._ctx.db.reading() as session:
            rows = read_aging(session, as_of).rows
        found = {row.account_id: row.aging for row in rows}
        assert len(found) == len(rows), "an account has two rows"
        return found


def _entry_row(row: Row) -> dict[str, object]:
    entry = row.entry
    return {
        "id": entry.id, "account_id": entry.account_id, "patient_id": entry.patient_id,
        "kind": entry.kind.value, "amount_cents": entry.amount, "posted_on": entry.posted_on,
        "claim_id": entry.claim_id, "reverses": entry.reverses,
        "deleted_at": GONE if row.deleted else None,
    }  # fmt: skip


def _claim_row(claim: ClaimRow) -> dict[str, object]:
    return {
        "id": claim.id, "account_id": claim.account_id, "patient_id": claim.patient_id,
        "service_on": claim.service_on, "billed_cents": claim.estimate,
        "estimate_cents": claim.estimate, "closed_on": claim.closed_on,
        "deleted_at": GONE if claim.deleted else None,
    }  # fmt: skip


@pytest.fixture(scope="module")
def practice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Practice]:
    opened = make_practice(tmp_path_factory.mktemp("aging") / "practice")
    guarantors = []
    for number in range(6):
        add = opened.session.patients.add
        guarantor = add(NewPatient(f"Gus{number}", f"Guarantor{number}"))
        family = add(NewPatient(f"Fay{number}", f"Guarantor{number}"))
        guarantors.append(Guarantor(guarantor.id, (guarantor.id, family.id)))
    yield Practice(opened, tuple(guarantors))
    opened.session.close()


def expected(
    books: Books, accounts: tuple[Guarantor, ...], as_of: date
) -> dict[uuid.UUID, aging.Aging]:
    """Every account's aging the plain way: all its live entries up to `as_of` made `Entry`s
    and aged with all its live claims, a claim closed by `as_of` expecting nothing."""
    found: dict[uuid.UUID, aging.Aging] = {}
    for guarantor in accounts:
        account = guarantor.account_id
        entries = [
            row.entry
            for row in books.entries
            if not row.deleted and row.entry.account_id == account and row.entry.posted_on <= as_of
        ]
        claims = [
            ClaimEstimate(c.id, c.estimate, closed=c.closed_on is not None and c.closed_on <= as_of)
            for c in books.claims
            if not c.deleted and c.account_id == account
        ]
        aged = aging.age(entries, as_of, pending_insurance(claims, entries))
        if aged.total != 0 or aged.credit != 0:
            found[account] = aged
    return found


@st.composite
def books_of(draw: st.DrawFn, guarantors: tuple[Guarantor, ...]) -> Books:
    """Two years of a few guarantors' books: visits charged (often on a claim) and paid in
    full, in part, not at all or too much by the patient, the insurer and write-offs on later
    days, sometimes months later; refunds (to the insurer too), late charges on a claim,
    balances brought forward, corrections (twice of one entry, as two PCs may), entries after
    the last day, soft-deleted entries and claims, claims closed before, on and after the
    report's days. Each account is busy, all older than the oldest bucket, settled or in
    credit. Ids sort in no relation to dates."""
    books = Books()
    used: set[int] = set()

    def new_id() -> uuid.UUID:
        number = draw(st.integers(1, 2**64).filter(lambda n: n not in used))
        used.add(number)
        return uuid.UUID(int=number)

    for guarantor in draw(
        st.lists(st.sampled_from(guarantors), min_size=2, max_size=5, unique=True)
    ):
        books.entries += _account(draw, new_id, guarantor, draw(st.sampled_from(SHAPES)), books)
    return books


def _account(
    draw: st.DrawFn,
    new_id: Callable[[], uuid.UUID],
    guarantor: Guarantor,
    shape: str,
    books: Books,
) -> list[Row]:
    """One guarantor's entries, its claims added to `books`."""
    rows: list[Row] = []
    claims: list[ClaimRow] = []
    gone = st.integers(0, 11).map(lambda n: n == 0)  # one row in twelve soft-deleted

    def post(kind: EntryKind, amount: int, day: date, claim: uuid.UUID | None = None) -> Entry:
        patient = draw(st.sampled_from(guarantor.patients))
        entry = Entry(new_id(), guarantor.account_id, patient, kind, amount, day, claim)
        rows.append(Row(entry, draw(gone)))
        return entry

    day = END - timedelta(days=draw(st.integers(30, 760)))
    for _ in range(draw(st.integers(1, 7))):
        day += timedelta(days=draw(st.integers(0, 120)))
        claim = new_id() if draw(st.booleans()) else None
        owed = 0
        for _ in range(draw(st.integers(1, 3))):
            fee = draw(st.integers(1, 40_000))
            post(EntryKind.CHARGE, fee, day, claim)
            owed += fee
        if claim is not None:
            closes = draw(st.sampled_from(["open", "open", "later", "report day"]))
            closed_on = {
                "open": None,
                "later": day + timedelta(days=draw(st.integers(0, 300))),
                "report day": END - timedelta(days=draw(st.sampled_from(DAYS_BACK))),
            }[closes]
            patient = draw(st.sampled_from(guarantor.patients))
            estimate = draw(st.integers(0, owed))
            claims.append(
                ClaimRow(claim, guarantor.account_id, patient, day, estimate, closed_on, draw(gone))
            )
        to_pay = draw(st.sampled_from([owed, owed, owed, owed // 2, 0, owed + 500]))
        paid_on = day
        while to_pay > 0:
            kind = draw(st.sampled_from(CREDITS))
            amount = draw(st.integers(1, to_pay)) if draw(st.booleans()) else to_pay
            paid_on += timedelta(days=draw(st.sampled_from([0, 3, 20, 40, 75, 150])))
            on_claim = claim if kind is not EntryKind.PAYMENT and draw(st.booleans()) else None
            post(kind, -amount, paid_on, on_claim)
            to_pay -= amount
        if claim is not None and draw(st.integers(0, 2)) == 0:  # a late charge, or a refund
            late = draw(st.sampled_from([EntryKind.CHARGE, EntryKind.REFUND]))
            post(
                late,
                draw(st.integers(1, 5_000)),
                day + timedelta(days=draw(st.integers(1, 200))),
                claim,
            )
    for _ in range(draw(st.integers(0, 4))):
        extra = draw(st.sampled_from(["refund", "brought forward", "reversal", "claim"]))
        when = END + timedelta(days=draw(st.integers(-700, 10)))
        if extra == "refund":
            post(EntryKind.REFUND, draw(st.integers(1, 5_000)), when)
        elif extra == "claim" and claims:  # a late charge, payment or write-off, money sent back
            kind, signs = draw(st.sampled_from(ON_CLAIM_LATER))
            amount = draw(st.integers(1, 5_000)) * draw(st.sampled_from(signs))
            post(kind, amount, when, draw(st.sampled_from(claims)).id)
        elif extra == "brought forward":
            post(EntryKind.BROUGHT_FORWARD, draw(st.integers(-5_000, 5_000).filter(bool)), when)
        else:
            targets = [row.entry for row in rows if row.entry.kind is not EntryKind.REVERSAL]
            target = draw(st.sampled_from(targets))
            rows.append(Row(_reversal(target, new_id(), max(when, target.posted_on)), draw(gone)))
    if shape == "old":  # nothing newer than the oldest bucket on END
        newest = max(row.entry.posted_on for row in rows)
        back = newest - END + timedelta(days=draw(st.integers(OLDEST + 1, 300)))
        rows = [Row(replace(r.entry, posted_on=r.entry.posted_on - back), r.deleted) for r in rows]
        claims = [
            replace(c, service_on=c.service_on - back,
                    closed_on=c.closed_on - back if c.closed_on else None)
            for c in claims
        ]  # fmt: skip
    elif shape in ("settled", "credit"):  # on the last day it owes nothing, or is owed
        owing = balance(r.entry for r in rows if not r.deleted and r.entry.posted_on <= END)
        left = -draw(st.integers(1, 5_000)) if shape == "credit" else 0
        if owing != left:
            kind = EntryKind.PAYMENT if owing > left else EntryKind.REFUND
            account = guarantor.account_id
            rows.append(Row(Entry(new_id(), account, account, kind, left - owing, END)))
    books.claims += claims
    return rows


def _reversal(target: Entry, new_id: uuid.UUID, posted_on: date) -> Entry:
    return Entry(
        new_id, target.account_id, target.patient_id, EntryKind.REVERSAL, -target.amount,
        posted_on, target.claim_id, target.id,
    )  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_the_report_gives_every_account_the_aging_of_all_its_live_entries(
    practice: Practice, data: st.DataObject
) -> None:
    books = data.draw(books_of(practice.guarantors), label="books")
    extra_day = data.draw(st.integers(-10, 500), label="another report day, days back")
    practice.write(books)
    for days_back in (*DAYS_BACK, extra_day):
        as_of = END - timedelta(days=days_back)
        assert practice.report(as_of) == expected(books, practice.guarantors, as_of), as_of


def _posted(
    account: Guarantor, number: int, kind: EntryKind, amount: int, days_ago: int,
    claim: uuid.UUID | None = None, reverses: uuid.UUID | None = None,
) -> Row:  # fmt: skip
    day = END - timedelta(days=days_ago)
    return Row(Entry(uuid.UUID(int=number), account.account_id, account.account_id, kind,
                     amount, day, claim, reverses))  # fmt: skip


def _claim(
    account: Guarantor, number: int, days_ago: int, estimate: int, closed_on: date | None = None
) -> ClaimRow:
    day = END - timedelta(days=days_ago)
    return ClaimRow(
        uuid.UUID(int=number), account.account_id, account.account_id, day, estimate, closed_on
    )


def _report_of(practice: Practice, books: Books, account: Guarantor) -> aging.Aging:
    """The account's row on END, checked against aging every entry first."""
    practice.write(books)
    report = practice.report(END)
    assert report == expected(books, practice.guarantors, END)
    return report[account.account_id]


def test_a_claim_split_by_the_91_day_line_reads_the_account_whole_and_pays_its_own_oldest_first(
    practice: Practice,
) -> None:
    """The insurer's payment, 85 days ago, pays the claim's charge of 100 days ago before its
    late charge of 90 days ago: summing the old part would have paid the late charge."""
    ana = practice.guarantors[0]
    claim = _claim(ana, 900, 100, 9_000)
    books = Books(
        [
            _posted(ana, 1, EntryKind.CHARGE, 6_000, 200),
            _posted(ana, 2, EntryKind.CHARGE, 10_000, 100, claim.id),
            _posted(ana, 3, EntryKind.CHARGE, 3_000, 90, claim.id),
            _posted(ana, 4, EntryKind.INSURANCE_PAYMENT, -9_000, 85, claim.id),
        ],
        [claim],
    )
    aged = _report_of(practice, books, ana)
    assert [(b.insurance, b.patient) for b in aged.buckets] == [
        (0, 0),
        (0, 0),
        (0, 3_000),
        (0, 7_000),
    ]
    assert aged.last_insurance_payment == END - timedelta(days=85)


def test_an_old_open_claim_paid_in_part_long_ago_expects_the_rest_and_one_closed_on_the_day_nothing(
    practice: Practice,
) -> None:
    ben = practice.guarantors[1]
    open_claim = _claim(ben, 901, 300, 8_000)
    closed_claim = _claim(ben, 902, 150, 1_000, closed_on=END)
    books = Books(
        [
            _posted(ben, 1, EntryKind.CHARGE, 10_000, 300, open_claim.id),
            _posted(ben, 2, EntryKind.INSURANCE_PAYMENT, -5_000, 200, open_claim.id),
            _posted(ben, 3, EntryKind.CHARGE, 1_000, 150, closed_claim.id),
            _posted(ben, 4, EntryKind.CHARGE, 2_000, 10),
        ],
        [open_claim, closed_claim],
    )
    aged = _report_of(practice, books, ben)
    assert [(b.insurance, b.patient) for b in aged.buckets] == [
        (0, 2_000),
        (0, 0),
        (0, 0),
        (3_000, 3_000),
    ]
    assert aged.last_insurance_payment == END - timedelta(days=200)


def test_a_payment_of_long_ago_taken_back_last_week_is_owed_again_and_no_longer_the_last_paid(
    practice: Practice,
) -> None:
    cleo = practice.guarantors[2]
    books = Books(
        [
            _posted(cleo, 1, EntryKind.CHARGE, 4_000, 300),
            _posted(cleo, 2, EntryKind.PAYMENT, -4_000, 250),
            _posted(cleo, 3, EntryKind.REVERSAL, 4_000, 5, reverses=uuid.UUID(int=2)),
        ]
    )
    aged = _report_of(practice, books, cleo)
    assert [(b.insurance, b.patient) for b in aged.buckets] == [(0, 0), (0, 0), (0, 0), (0, 4_000)]
    assert aged.last_payment is None


def test_the_earliest_claim_across_the_line_decides_the_day_summed_up_to(
    practice: Practice,
) -> None:
    """Claims A (charged 150 days ago, paid 60 days ago) and B (charged 200 days ago, paid
    100 days ago, a late charge 10 days ago) both cross the 91-day line: the account is
    summed only up to the day before B's first entry. B's payment pays B's old charge first
    and leaves the late one owed; summed up to the day before A, B's old charge would have
    been in the sum, the payment would have paid the late charge, and the old debt would
    have stayed in the oldest bucket instead."""
    cleo = practice.guarantors[2]
    books = Books(
        [
            _posted(cleo, 1, EntryKind.CHARGE, 4_000, 300),
            _posted(cleo, 2, EntryKind.PAYMENT, -4_000, 250),
            _posted(cleo, 3, EntryKind.REVERSAL, 4_000, 5, reverses=uuid.UUID(int=2)),
        ]
    )
    aged = _report_of(practice, books, cleo)
    assert [(b.insurance, b.patient) for b in aged.buckets] == [(0, 0), (0, 0), (0, 0), (0, 4_000)]
    assert aged.last_payment is None


def test_a_claim_across_the_line_sums_the_days_before_it_unless_another_claim_crosses_them(
    practice: Practice,
) -> None:
    """Claim A (charged 150 days ago, paid 60 days ago) crosses the 91-day line, so the
    account is summed only up to the day before A. Claim B crosses that day too: charged 200
    days ago, a late charge 10 days ago, paid 100 days ago. B's payment pays B's old charge
    first and leaves the late one owed; summed up to the day before A, it would have paid the
    late charge and left the old debt in the oldest bucket instead."""
    cleo = practice.guarantors[2]
    claim_a, claim_b = _claim(cleo, 910, 150, 5_000), _claim(cleo, 911, 200, 10_000)
    books = Books(
        [
            _posted(cleo, 1, EntryKind.CHARGE, 3_000, 250),
            _posted(cleo, 2, EntryKind.CHARGE, 10_000, 200, claim_b.id),
            _posted(cleo, 3, EntryKind.CHARGE, 5_000, 150, claim_a.id),
            _posted(cleo, 4, EntryKind.INSURANCE_PAYMENT, -10_000, 100, claim_b.id),
            _posted(cleo, 5, EntryKind.INSURANCE_PAYMENT, -5_000, 60, claim_a.id),
            _posted(cleo, 6, EntryKind.CHARGE, 2_000, 10, claim_b.id),
        ],
        [claim_a, claim_b],
    )
    aged = _report_of(practice, books, cleo)
    assert [b.patient for b in aged.buckets] == [2_000, 0, 0, 3_000]


def test_a_claim_across_the_line_alone_leaves_the_days_before_it_summed(
    practice: Practice,
) -> None:
    """The same without claim B's late charge: nothing crosses the day before claim A."""
    dan = practice.guarantors[3]
    claim_a, claim_b = _claim(dan, 920, 150, 5_000), _claim(dan, 921, 200, 10_000)
    books = Books(
        [
            _posted(dan, 1, EntryKind.CHARGE, 3_000, 250),
            _posted(dan, 2, EntryKind.CHARGE, 10_000, 200, claim_b.id),
            _posted(dan, 3, EntryKind.INSURANCE_PAYMENT, -10_000, 180, claim_b.id),
            _posted(dan, 4, EntryKind.CHARGE, 5_000, 150, claim_a.id),
            _posted(dan, 5, EntryKind.INSURANCE_PAYMENT, -4_000, 60, claim_a.id),
            _posted(dan, 6, EntryKind.PAYMENT, -500, 5),
        ],
        [claim_a, claim_b],
    )
    aged = _report_of(practice, books, dan)  # claim A still expects 1,000 of its 5,000
    assert [(b.insurance, b.patient) for b in aged.buckets] == [(0, 0)] * 3 + [(1_000, 2_500)]
    assert aged.last_insurance_payment == END - timedelta(days=60)
