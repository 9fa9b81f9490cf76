"""The demo's books, day by day: what a year at the front desk leaves in the ledger.

Each completed visit is checked out on its day as the desk does it (services/money/desk.py):
charges, the plan's contractual write-offs, a claim for the insurer's part, and most patients
paying their part there and then. Later days bring what follows: claims sent, EOBs a few weeks
on (most paid in full, some partly, a few denied, a few lost and paid after calls to the
insurer, a few forgotten and never sent), payments by mail or card from those who pay late,
deposits before major work, refunds (of a credit, of a card run twice), corrections of slips at
the desk, statements at the start of the month, and at the end of each working day its close
with the cash counted. Events run in date order against each account's running balance, so a
later payment is never more than is owed, a refund never more than the credit, and every entry
passes the ledger's rules (domain/ledger.py).

Rows go to the database a few thousand at a time (`insert`), so two years of a busy office stay
small in memory. Every choice comes from the seeded generator, in visit order.
"""

from __future__ import annotations

import heapq
import itertools
import json
import random
import uuid
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from practicedesk.domain import estimates
from practicedesk.domain.estimates import Coverage, ProcedureCategory
from practicedesk.domain.ledger import EntryKind
from practicedesk.domain.money import format_cents
from practicedesk.store.models import Claim, DayClose, LedgerEntry, StatementSent, Synced

Row = dict[str, Any]
Insert = Callable[[type[Synced], list[Row]], object]
_BATCH = 5000

DESK = "frontdesk"
OWNER = "owner"
STATEMENT_MINIMUM = 500  # cents: services/practice/settings.py's default
STATEMENTS_FOR = 100  # days: statement runs at the start of the last few months
STATEMENT_CYCLE = 25  # days: a monthly run bills again whoever it billed the month before
# How each guarantor pays their part (weights): at the visit; weeks later; half at the visit
# and the rest slowly or never; hardly at all.
_HABITS = (("at the visit", 74), ("later", 15), ("slowly", 8), ("owing", 3))
_METHODS_AT_VISIT = (("card", 55), ("check", 20), ("cash", 25))
_METHODS_LATER = (("check", 50), ("card", 45), ("cash", 5))
# What happens to a claim once sent (weights).
_OUTCOMES = (("paid", 850), ("partly paid", 60), ("denied", 45), ("lost", 30), ("unsent", 15))
_PARTLY = (
    "Paid at the lower rate of the alternate benefit.",
    "Frequency limit: one service paid, the other left to the patient.",
    "Paid less: the annual maximum was reached.",
)
_DENIED = (
    "Denied: the frequency limit was reached.",
    "Denied: waiting period for major services.",
    "Denied: coverage had ended; patient notified.",
)
_FOLLOW_UPS = (
    "Called {carrier}: no record of the claim; sent it again.",
    "Called {carrier}: in review, call back in two weeks.",
    "Called {carrier}: asked for x-rays; mailed copies.",
)
_OVERPAID = "Paid more than estimated: the deductible was already met."
_LATER_NOTES = {"check": "Mailed check", "card": "Card, by phone", "cash": "Paid at the desk"}
_COVERED = (ProcedureCategory.PREVENTIVE, ProcedureCategory.BASIC, ProcedureCategory.MAJOR)


@dataclass(frozen=True, slots=True)
class DoneVisit:
    """A visit to check out (or, still ahead, to take a deposit for): who, where the charges
    go, and what it brought."""

    patient_id: uuid.UUID
    account_id: uuid.UUID  # the guarantor's (services/money/accounts.py guarantor_of)
    provider_id: uuid.UUID
    day: date
    lines: tuple[tuple[str, str], ...]  # (procedure code, tooth or area)
    policy: Mapping[str, Any] | None  # the primary policy in force that day, as a Policy row
    appointment_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class Fees:
    procedures: Mapping[str, tuple[str, str, int]]  # code: (short name, category, office fee)
    allowed: Mapping[tuple[uuid.UUID, str], Mapping[str, int]]  # (carrier, plan): code: cents
    carriers: Mapping[uuid.UUID, str]  # names, for the follow-up notes


class Books:
    """The simulation: feed it the completed visits once (`run`); rows come out through
    `insert`, claims before the entries that name them. `counts` says what was made."""

    def __init__(
        self,
        rng: random.Random,
        fees: Fees,
        working_days: Iterable[date],
        today: date,
        insert: Insert,
        *,
        statements: bool = True,
    ) -> None:
        self.rng, self.fees, self.today, self.insert = rng, fees, today, insert
        self.days = sorted(day for day in working_days if day <= today)
        self.day_set = frozenset(self.days)
        self.statements = statements
        self.counts: Counter[str] = Counter()
        self.balance: defaultdict[uuid.UUID, int] = defaultdict(int)
        self.pending: defaultdict[uuid.UUID, int] = defaultdict(int)  # open claims' estimates
        self.paid_in: defaultdict[uuid.UUID, int] = defaultdict(int)
        self.habits: dict[uuid.UUID, str] = {}
        self.used: defaultdict[tuple[Any, int], list[int]] = defaultdict(lambda: [0, 0])
        self.stated: dict[uuid.UUID, date] = {}
        self.events: list[tuple[date, int, Callable[..., None], tuple[Any, ...]]] = []
        self.order = itertools.count()
        # What today has posted so far, flushed and closed at its end.
        self.entries: list[Row] = []
        self.claims: list[Row] = []
        self.cash = 0
        self.drawer: list[tuple[int, str]] = []  # (cents missing from the drawer, why)
        # Rows waiting to go in, in this order: a claim before the entries that name it.
        self.waiting: dict[type[Synced], list[Row]] = {
            Claim: [],
            LedgerEntry: [],
            DayClose: [],
            StatementSent: [],
        }
        self.late: list[uuid.UUID] = []  # posted today on another PC after today's close
        self.late_months: set[tuple[int, int]] = set()  # the months that had one
        self.carried: list[uuid.UUID] = []  # yesterday's late entries: today's close counts them

    def run(self, visits: Iterable[DoneVisit], booked: Iterable[DoneVisit] = ()) -> None:
        """Check out `visits` (completed, up to today) day by day; `booked` are visits still
        to come, for which some patients paid a deposit (a credit on their account today)."""
        by_day: defaultdict[date, list[DoneVisit]] = defaultdict(list)
        for visit in visits:
            by_day[visit.day].append(visit)
        for visit in booked:
            major = [code for code, _ in visit.lines if self.fees.procedures[code][1] == "major"]
            if major and self.rng.random() < 0.5:
                paid_on = self._working(visit.day - timedelta(days=self.rng.randint(5, 25)))
                if self.days and self.days[0] <= paid_on <= self.today:
                    heapq.heappush(
                        self.events, (paid_on, next(self.order), self._deposit, (visit, major))
                    )
        months = {(day.year, day.month) for day in self.days}
        first_of_month = {min(d for d in self.days if (d.year, d.month) == m) for m in months}
        for day in self.days:
            for visit in by_day.get(day, ()):
                self._check_out(visit)
            while self.events and self.events[0][0] <= day:
                _, _, action, args = heapq.heappop(self.events)
                action(day, *args)
            if (
                self.statements
                and day in first_of_month
                and (self.today - day).days <= STATEMENTS_FOR
            ):
                self._statements(day)
            self._end_of_day(day)
        self._flush()

    # -- the check-out --------------------------------------------------------------------------

    def _check_out(self, visit: DoneVisit) -> None:
        rng, day, account = self.rng, visit.day, visit.account_id
        procedures = self.fees.procedures
        policy = visit.policy
        allowed = (
            self.fees.allowed.get((policy["carrier_id"], policy["plan"]), {}) if policy else {}
        )
        lines = [
            estimates.ProcedureLine(
                code, procedures[code][1], procedures[code][2], allowed.get(code)
            )
            for code, _ in visit.lines
        ]
        coverage, used = self._coverage(visit)
        estimate = estimates.estimate(lines, coverage)
        if used is not None:
            used[0] += estimate.deductible
            used[1] += estimate.insurance
        claim_id = None
        if policy is not None and estimate.insurance > 0:
            claim_id = self._claim(visit, estimate)
        about = {"appointment_id": visit.appointment_id, "provider_id": visit.provider_id}
        for line, (code, tooth) in zip(estimate.lines, visit.lines, strict=True):
            name = procedures[code][0]
            self._post(day, visit.patient_id, account, EntryKind.CHARGE, line.fee,
                       claim_id=claim_id, procedure_code=code, tooth=tooth, description=name,
                       **about)  # fmt: skip
            if line.write_off:
                self._post(day, visit.patient_id, account, EntryKind.ADJUSTMENT, -line.write_off,
                           procedure_code=code, tooth=tooth, reason="contractual write-off",
                           description=f"{name}: plan's allowed fee", **about)  # fmt: skip
        if rng.random() < 0.004:  # a line entered twice at the desk, taken back days later
            code, tooth = visit.lines[0]
            twice = self._post(day, visit.patient_id, account, EntryKind.CHARGE,
                               estimate.lines[0].fee, procedure_code=code, tooth=tooth,
                               description=procedures[code][0], **about)  # fmt: skip
            self._later(day, rng.randint(1, 6), self._reverse, twice, "posted twice")
        if self._due(account) > 0 and rng.random() < 0.005:
            courtesy = min(self._due(account), 100 * rng.randint(10, 50))
            self._post(day, visit.patient_id, account, EntryKind.ADJUSTMENT, -courtesy,
                       reason="courtesy", description="Long wait; the doctor's courtesy",
                       **about)  # fmt: skip
        self._pay_at_visit(visit, estimate.patient)

    def _coverage(self, visit: DoneVisit) -> tuple[Coverage | None, list[int] | None]:
        """What the estimate at the desk would use (services/money/coverage.py), with the
        deductible and benefits this year's earlier visits used up."""
        policy = visit.policy
        if policy is None:
            return None, None
        if policy["copay_cents"] is not None:
            return Coverage(copay=policy["copay_cents"]), None
        percents: dict[str, int] = {
            category.value: policy[f"covers_{category.value}"]
            for category in _COVERED
            if policy[f"covers_{category.value}"] is not None
        }
        if not percents:
            return None, None
        used = self.used[(policy["id"], visit.day.year)]
        maximum = policy["annual_max_cents"]
        coverage = Coverage(
            percent_by_category=percents,
            deductible_left=max(0, (policy["deductible_cents"] or 0) - used[0]),
            annual_max_left=None if maximum is None else max(0, maximum - used[1]),
        )
        return coverage, used

    def _pay_at_visit(self, visit: DoneVisit, portion: int) -> None:
        rng, day, account = self.rng, visit.day, visit.account_id
        habit = self.habits.get(account)
        if habit is None:
            habit = self.habits[account] = _pick(rng, _HABITS)
        due = self._due(account)
        if habit == "at the visit":
            amount = due if rng.random() < 0.25 else min(portion, due)
            if amount > 0 and rng.random() < 0.03:
                amount = (amount // 1000 + 1) * 1000  # "keep the change": a small credit
            method = _pick(rng, _METHODS_AT_VISIT)
            if amount > 0:
                paid = self._pay(day, visit, amount, method)
                if method == "cash" and rng.random() < 0.006:  # it was a card, really
                    self._later(day, rng.randint(1, 4), self._repost_as_card, paid, visit)
                    self.drawer.append((amount, "a card payment was posted as cash"))
                elif method == "card" and rng.random() < 0.006:  # the card was run twice
                    self._pay(day, visit, amount, method)
                    self._later(day, rng.randint(1, 5), self._refund, visit, amount)
        elif habit == "later":
            self._later(day, rng.randint(15, 75), self._pay_later, visit, portion)
        elif habit == "slowly":
            half = min(portion // 2, due)
            if half > 0:
                self._pay(day, visit, half, _pick(rng, _METHODS_AT_VISIT))
            if rng.random() < 0.5:
                self._later(day, rng.randint(40, 130), self._pay_later, visit, portion - half)
        elif rng.random() < 0.25:
            self._later(day, rng.randint(60, 200), self._pay_later, visit, portion // 2)

    # -- claims -----------------------------------------------------------------------------

    def _claim(self, visit: DoneVisit, estimate: estimates.Estimate) -> uuid.UUID:
        """The claim with its whole story to today: sent, then answered (its EOB scheduled),
        still waiting, never answered (with the follow-up calls), or never sent."""
        rng, policy = self.rng, visit.policy
        assert policy is not None
        expected = estimate.insurance
        row: Row = {
            "id": uuid.uuid4(), "patient_id": visit.patient_id, "account_id": visit.account_id,
            "policy_id": policy["id"], "carrier_id": policy["carrier_id"],
            "appointment_id": visit.appointment_id, "provider_id": visit.provider_id,
            "service_on": visit.day, "billed_cents": estimate.fee, "estimate_cents": expected,
            "status": "to send", "sent_on": None, "closed_on": None, "notes": "",
        }  # fmt: skip
        self.claims.append(row)
        self.pending[visit.account_id] += expected
        outcome = _pick(rng, _OUTCOMES)
        sent = self._working(visit.day + timedelta(days=rng.choice((0, 0, 1, 1, 2, 3))))
        # A claim forgotten at the desk waits on Claims to follow: a few over the year, so
        # the list always has one to send, whatever the day the demo is made.
        if outcome == "unsent" or sent > self.today:
            return row["id"]
        row.update(status="sent", sent_on=sent)
        answered = self._working(sent + timedelta(days=rng.randint(10, 35)))
        if outcome == "lost":
            # Never reached the insurer: one to four calls from Claims to follow find out, and
            # the claim is answered some days after the last, unless that is still to come.
            notes = []
            call = sent + timedelta(days=rng.randint(30, 40))
            for _ in range(rng.randint(1, 4)):
                if call > self.today:
                    break
                text = rng.choice(_FOLLOW_UPS).format(carrier=self.fees.carriers[row["carrier_id"]])
                notes.append(f"{call:%m/%d/%Y} {DESK}: {text}")
                call += timedelta(days=rng.randint(14, 30))
            row["notes"] = "\n".join(notes)
            answered, outcome = self._working(call + timedelta(days=rng.randint(0, 10))), "paid"
        if answered > self.today:
            return row["id"]
        write_off, note = 0, ""
        if outcome == "paid":
            paid = expected
            if estimate.patient > 0 and rng.random() < 0.04:
                paid += rng.randint(1, estimate.patient)
                note = _OVERPAID
        elif outcome == "partly paid":
            paid = max(1, round(expected * rng.uniform(0.4, 0.85)))
            if rng.random() < 0.3:
                write_off = (expected - paid) // 2
            note = rng.choice(_PARTLY)
        else:
            paid, note = 0, rng.choice(_DENIED)
        # The claim's final state, as claims.post_eob leaves it.
        status = "denied" if paid == 0 else "partly paid" if paid < expected else "paid"
        row.update(status=status, closed_on=answered)
        if note:
            eob = f"{answered:%m/%d/%Y} {DESK}: EOB: {note}"
            row["notes"] = f"{row['notes']}\n{eob}" if row["notes"] else eob
        heapq.heappush(
            self.events,
            (answered, next(self.order), self._eob, (visit, row, paid, write_off, note)),
        )
        return row["id"]

    def _eob(self, day: date, visit: DoneVisit, claim: Row, paid: int, write_off: int,
             note: str) -> None:  # fmt: skip
        account, rng = visit.account_id, self.rng
        if paid:
            self._post(day, visit.patient_id, account, EntryKind.INSURANCE_PAYMENT, -paid,
                       claim_id=claim["id"], method="check", description=note,
                       reference=str(rng.randrange(10**6, 10**7)))  # fmt: skip
        if write_off:
            self._post(day, visit.patient_id, account, EntryKind.ADJUSTMENT, -write_off,
                       claim_id=claim["id"], reason="insurance write-off",
                       description=note)  # fmt: skip
        self.pending[account] -= claim["estimate_cents"]
        short = claim["estimate_cents"] - paid - write_off
        habit = self.habits.get(account)
        if short > 0 and (habit in ("at the visit", "later") or rng.random() < 0.4):
            self._later(day, rng.randint(10, 50), self._pay_later, visit, short)
        if self.balance[account] < 0 and rng.random() < 0.6:  # the insurer paid too much
            self._later(day, rng.randint(5, 25), self._refund, visit)

    # -- what follows a visit -----------------------------------------------------------------

    def _pay_later(self, day: date, visit: DoneVisit, planned: int) -> None:
        """A payment by mail or card: what was planned, but never more than is owed now."""
        amount = min(planned, self._due(visit.account_id))
        if amount <= 0:
            return
        method = _pick(self.rng, _METHODS_LATER)
        row = self._pay(day, visit, amount, method, at_visit=False)
        following, month = day + timedelta(days=1), (day.year, day.month)
        if method == "check" and following in self.day_set and month not in self.late_months:
            # Once a month, a check keyed in on the owner's PC after the front desk had closed
            # the day: it counts on the next day, flagged (domain/day_close.py). Not left to
            # chance, so that a small demo has them too.
            self.late_months.add(month)
            row["posted_by"] = OWNER
            self.late.append(row["id"])

    def _deposit(self, day: date, visit: DoneVisit, major: list[str]) -> None:
        """Half the fees of the major work ahead, in fifties, paid before the visit."""
        fees = sum(self.fees.procedures[code][2] for code in major)
        amount = max(5_000, min(60_000, fees // 2 // 5_000 * 5_000))
        self._pay(day, visit, amount, _pick(self.rng, _METHODS_LATER),
                  note=f"Deposit for the visit on {visit.day:%m/%d/%Y}")  # fmt: skip

    def _refund(self, day: date, visit: DoneVisit, twice: int = 0) -> None:
        """The credit paid back by check (owner only); or a card payment taken twice, back
        to the card."""
        account = visit.account_id
        amount = min(twice or -self.balance[account], self.paid_in[account])
        if amount <= 0:
            return
        method, reference, why = "check", str(self.rng.randint(2001, 2999)), "the credit"
        if twice:
            method, reference, why = "card", f"{self.rng.randrange(10**5, 10**6)}", "card run twice"
        self._post(day, visit.patient_id, account, EntryKind.REFUND, amount, method=method,
                   reference=reference, description=f"Refund: {why}", posted_by=OWNER)  # fmt: skip

    def _reverse(self, day: date, entry: Row, why: str) -> None:
        kind = EntryKind(entry["kind"])
        if kind in (EntryKind.PAYMENT, EntryKind.INSURANCE_PAYMENT, EntryKind.REFUND):
            self.paid_in[entry["account_id"]] += entry["amount_cents"]
        self._post(day, entry["patient_id"], entry["account_id"], EntryKind.REVERSAL,
                   -entry["amount_cents"], claim_id=entry.get("claim_id"),
                   reverses=entry["id"], appointment_id=entry.get("appointment_id"),
                   provider_id=entry.get("provider_id"),
                   procedure_code=entry.get("procedure_code", ""), reason="correction",
                   description=f"corrects {kind.replace('_', ' ')}: {why}")  # fmt: skip

    def _repost_as_card(self, day: date, entry: Row, visit: DoneVisit) -> None:
        self._reverse(day, entry, "paid by card, not cash")
        self._pay(day, visit, -entry["amount_cents"], "card", at_visit=False)

    def _statements(self, day: date) -> None:
        rows = []
        for account, balance in self.balance.items():
            due = balance - self.pending[account]
            last = self.stated.get(account)
            if due > STATEMENT_MINIMUM and (last is None or (day - last).days >= STATEMENT_CYCLE):
                rows.append({"account_id": account, "sent_on": day, "amount_due_cents": due,
                             "sent_by": DESK})  # fmt: skip
                self.stated[account] = day
        self.waiting[StatementSent] += rows
        self.counts["statements"] += len(rows)

    def _end_of_day(self, day: date) -> None:
        """Today's rows are done, and a past day is closed with what it posted and the cash."""
        self.waiting[Claim] += self.claims
        self.waiting[LedgerEntry] += self.entries
        self.counts["claims"] += len(self.claims)
        self.counts["entries"] += len(self.entries)
        late = set(self.late)
        covers = [row["id"] for row in self.entries if row["id"] not in late] + self.carried
        self.carried, self.late = list(self.late), []
        if day < self.today:
            counted, notes = self.cash, []
            for missing, why in self.drawer:
                counted -= missing
                notes.append(f"Drawer {format_cents(missing)} short: {why}.")
            if self.rng.random() < 0.01:
                over = 100 * self.rng.randint(1, 5)
                counted += over
                notes.append(f"Drawer {format_cents(over)} over; kept in the change envelope.")
            close = {
                "day": day, "closed_by": OWNER if self.rng.random() < 0.1 else DESK,
                "covers": json.dumps(sorted(str(i) for i in covers)),
                "counted_cash_cents": counted, "note": " ".join(notes),
            }  # fmt: skip
            self.waiting[DayClose].append(close)
            self.counts["closed days"] += 1
        self.entries, self.claims, self.cash, self.drawer = [], [], 0, []
        if len(self.waiting[LedgerEntry]) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        for model, rows in self.waiting.items():
            self.insert(model, rows)
            rows.clear()

    # -- posting --------------------------------------------------------------------------------

    def _post(self, day: date, patient_id: uuid.UUID, account: uuid.UUID, kind: EntryKind,
              amount: int, **fields: Any) -> Row:  # fmt: skip
        row = {
            "id": uuid.uuid4(), "account_id": account, "patient_id": patient_id,
            "kind": kind.value, "amount_cents": amount, "posted_on": day, "posted_by": DESK,
            **fields,
        }  # fmt: skip
        self.entries.append(row)
        self.balance[account] += amount
        if kind in (EntryKind.PAYMENT, EntryKind.INSURANCE_PAYMENT, EntryKind.REFUND):
            self.paid_in[account] -= amount
        if kind is EntryKind.PAYMENT and row.get("method") == "cash":
            self.cash -= amount
        return row

    def _pay(self, day: date, visit: DoneVisit, amount: int, method: str, *,
             at_visit: bool = True, note: str = "") -> Row:  # fmt: skip
        rng, reference = self.rng, ""
        if method == "check":
            reference = str(rng.randint(1001, 9899))
        elif method == "card":  # the last four digits and the approval code, never more
            reference = f"{rng.randrange(10_000):04d} auth {rng.randrange(10**5, 10**6)}"
        visit_id = visit.appointment_id if at_visit or note else None  # a deposit names its visit
        if not (at_visit or note):
            note = _LATER_NOTES[method]
        return self._post(day, visit.patient_id, visit.account_id, EntryKind.PAYMENT, -amount,
                          method=method, reference=reference, description=note,
                          appointment_id=visit_id)  # fmt: skip

    def _due(self, account: uuid.UUID) -> int:
        return max(0, self.balance[account] - self.pending[account])

    def _later(self, day: date, days: int, action: Callable[..., None], *args: Any) -> None:
        """`action` on the first working day `days` after `day`, if that is not past today."""
        when = self._working(day + timedelta(days=days))
        if when <= self.today:
            heapq.heappush(self.events, (when, next(self.order), action, args))

    def _working(self, day: date) -> date:
        """The first working day from `day` on (a day after today if there is none yet)."""
        index = bisect_left(self.days, day)
        return self.days[index] if index < len(self.days) else max(day, self.today + timedelta(1))


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([name for name, _ in weighted], [weight for _, weight in weighted])[0]
