"""Money at the desk: what to collect at check-in, the check-out, payments, adjustments,
refunds and corrections, and a guarantor's account as the Ledger tab shows it.

Every use case posts in one transaction and writes its audit entry there. Entry ids can be
made by the caller before it posts (`entry_id`, `checkout_id`), so pressing Enter twice posts
once. Write-offs, refunds and adjustments above the owner's limit need the owner: signed in,
or typing an owner's password at the desk (`OwnerApproval`), which is audited by name.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain import aging
from practicedesk.domain.ledger import (
    Balance,
    Entry,
    EntryKind,
    account_balance,
    pending_insurance,
    running_balances,
)
from practicedesk.domain.money import format_cents
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import InvalidAmount, InvalidInput, PermissionDenied
from practicedesk.security.roles import Permission, Role, allows
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.services.money import accounts
from practicedesk.services.money.accounts import EntryLine, Posting
from practicedesk.services.money.coverage import primary_policy
from practicedesk.services.money.plans import booked_for, mark_done
from practicedesk.services.money.pricing import PricedLine, price
from practicedesk.services.money.procedures import procedures_by_code
from practicedesk.services.money.visit_charges import charged_on, charged_visits
from practicedesk.services.practice.settings import ADJUSTMENT_LIMIT_CENTS, read_setting
from practicedesk.services.schedule.booking import change_status
from practicedesk.services.schedule.setup import practice_today
from practicedesk.services.users.unlocking import KeyAccess
from practicedesk.store.live_rows import live_row
from practicedesk.store.models import (
    Appointment,
    AppointmentType,
    AppUser,
    Claim,
    LedgerEntry,
    Patient,
)

METHODS = ("cash", "check", "card", "other")
ADJUSTMENT_REASONS = (
    "courtesy",
    "contractual write-off",
    "small-balance write-off",
    "insurance write-off",
    "correction",
)
OWNER_ONLY_REASONS = frozenset(
    {"contractual write-off", "small-balance write-off", "insurance write-off"}
)
_CARD_NUMBER = re.compile(r"\d[\d -]{11,}\d")


@dataclass(frozen=True, slots=True)
class OwnerApproval:
    """An owner's user name and password, typed at the desk to allow what the signed-in
    coordinator may not do alone."""

    username: str
    password: str


@dataclass(frozen=True, slots=True)
class NewPayment:
    patient_id: uuid.UUID
    amount: int  # cents, more than zero
    method: str  # METHODS
    reference: str = ""  # a check's number; a card's last four digits and its approval code
    appointment_id: uuid.UUID | None = None
    note: str = ""
    entry_id: uuid.UUID = field(default_factory=uuid.uuid4)


@dataclass(frozen=True, slots=True)
class NewAdjustment:
    patient_id: uuid.UUID
    amount: int  # cents, more than zero
    reason: str  # ADJUSTMENT_REASONS, or the owner's own
    credit: bool = True  # lowers what the account owes; False raises it (a debit)
    note: str = ""
    entry_id: uuid.UUID = field(default_factory=uuid.uuid4)


@dataclass(frozen=True, slots=True)
class AccountView:
    """A guarantor's account, as the chart's Ledger tab shows it."""

    account_id: uuid.UUID
    guarantor_name: str
    members: tuple[str, ...]  # the patients whose charges go to it
    entries: tuple[EntryLine, ...]  # oldest first
    balance: Balance
    aging: aging.Aging
    running: tuple[int, ...] = ()  # the balance after each of `entries`


@dataclass(frozen=True, slots=True)
class ToCollect:
    """What check-in asks for: today's expected portion and what is already due."""

    visit_portion: int  # the co-pay, or the patient's part of the booked procedures' estimate
    how: str  # "co-pay", "estimate" or "no insurance on file"
    balance_due: int
    credit: int

    @property
    def total(self) -> int:
        return max(0, self.visit_portion + self.balance_due - self.credit)


@dataclass(frozen=True, slots=True)
class CheckOutLine:
    code: str
    tooth: str = ""
    fee: int | None = None  # None: the office's fee for the code


@dataclass(frozen=True, slots=True)
class CheckOutDraft:
    """The check-out dialog's starting point, and what it shows as the lines change."""

    appointment_id: uuid.UUID
    patient_id: uuid.UUID
    provider_id: uuid.UUID
    lines: tuple[PricedLine, ...]
    plan: str  # "Delta Dental PPO (primary)", or "" without insurance
    coverage_note: str  # how the estimate was made, in words
    balance_before: int  # what was due before this visit
    credit_before: int
    charged_on: date | None = None  # the visit's charges are already posted (visit_charges)

    @property
    def fee(self) -> int:
        return sum(line.fee for line in self.lines)

    @property
    def insurance(self) -> int:
        return sum(line.insurance for line in self.lines)

    @property
    def patient(self) -> int:
        return sum(line.patient for line in self.lines)

    @property
    def to_collect(self) -> int:
        return max(0, self.patient + self.balance_before - self.credit_before)


@dataclass(frozen=True, slots=True)
class CheckOut:
    appointment_id: uuid.UUID
    lines: tuple[CheckOutLine, ...]
    payment: NewPayment | None = None
    checkout_id: uuid.UUID = field(default_factory=uuid.uuid4)  # one check-out, posted once


@dataclass(frozen=True, slots=True)
class CheckOutResult:
    draft: CheckOutDraft
    entries: tuple[EntryLine, ...]
    claim_id: uuid.UUID | None
    balance_after: Balance


class DeskService:
    def __init__(self, context: Context, keys: KeyAccess) -> None:
        self._ctx = context
        self._keys = keys

    # -- reading ------------------------------------------------------------------------------

    def account(self, patient_id: uuid.UUID) -> AccountView:
        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.reading() as session:
            account_id = accounts.guarantor_of(session, patient_id)
            rows = list(
                session.scalars(
                    select(LedgerEntry).where(
                        LedgerEntry.account_id == account_id, LedgerEntry.deleted_at.is_(None)
                    )
                )
            )
            closes = accounts.read_closes(session)
            entries = [accounts.entry_of(row) for row in rows]
            claims = accounts.read_claims(session, account_id)
            balance = account_balance(entries, claims)
            aged = aging.age(entries, practice_today(session), pending_insurance(claims, entries))
            guarantor = session.get(Patient, account_id)
            members = session.scalars(
                select(Patient)
                .where(
                    Patient.deleted_at.is_(None),
                    Patient.merged_into.is_(None),
                    (Patient.id == account_id) | (Patient.responsible_patient_id == account_id),
                )
                .order_by(Patient.last_name, Patient.first_name)
            )
            lines = accounts.entry_lines(session, rows, closes)
            listed = [
                Entry(e.id, account_id, e.patient_id, e.kind, e.amount, e.posted_on, e.claim_id,
                      e.reverses)
                for e in lines
            ]  # fmt: skip
            return AccountView(
                account_id,
                _name(guarantor),
                tuple(_name(m) for m in members),
                tuple(lines),
                balance,
                aged,
                tuple(running_balances(listed)),
            )

    def balance(self, patient_id: uuid.UUID) -> Balance:
        """The account's balance, split into what insurance should still pay and the rest."""
        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.reading() as session:
            return accounts.read_balance(session, accounts.guarantor_of(session, patient_id))

    def to_collect(self, appointment_id: uuid.UUID) -> ToCollect:
        """At check-in: the co-pay, or the estimate of the booked procedures, plus what is due."""
        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.reading() as session:
            return read_to_collect(session, appointment_id)

    def check_out_draft(
        self, appointment_id: uuid.UUID, lines: Sequence[CheckOutLine] | None = None
    ) -> CheckOutDraft:
        """Priced lines for a visit: its type's usual procedures, or `lines` as edited."""
        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.reading() as session:
            visit = _visit(session, appointment_id)
            chosen = list(lines) if lines is not None else _usual_lines(session, visit)
            draft = _draft(session, visit, chosen)
            return replace(draft, charged_on=charged_on(session, visit.id))

    def uncharged(self, appointment_ids: Sequence[uuid.UUID]) -> frozenset[uuid.UUID]:
        """Of these visits, those checked out with no charges standing: the book marks them
        and the day's money names them before the close."""
        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.reading() as session:
            done = set(
                session.scalars(
                    select(Appointment.id).where(
                        Appointment.id.in_(list(appointment_ids)),
                        Appointment.status == VisitStatus.COMPLETED.value,
                        Appointment.deleted_at.is_(None),
                    )
                )
            )
            return frozenset(done - charged_visits(session, done))

    # -- posting ------------------------------------------------------------------------------

    def check_out(self, checkout: CheckOut) -> CheckOutResult:
        """Charges for the procedures done, the contractual write-offs, the claim for the
        insurer's part, a payment if one is taken, and the visit checked out: all or nothing.
        Posting the same check-out again (a second Enter) adds nothing."""
        self._ctx.require(Permission.TAKE_PAYMENTS)
        if not checkout.lines:
            raise InvalidInput("Add the procedures done before checking out.")
        with self._ctx.db.writing() as session:
            visit = _visit(session, checkout.appointment_id)
            draft = _draft(session, visit, list(checkout.lines))
            today, by = practice_today(session), self._ctx.actor.username
            already = session.get(LedgerEntry, _entry_id(checkout.checkout_id, 0))
            posted = charged_on(session, visit.id) if already is None else None
            if posted is not None:
                raise InvalidInput(
                    f"This visit's charges were posted on {posted:%m/%d/%Y}. Nothing was posted "
                    "again: to change them, correct the charges in the patient's Ledger."
                )
            if already is None:
                claim_id = self._post_visit(session, visit, draft, checkout, today, by)
                status = VisitStatus(visit.status)
                if status in (VisitStatus.ARRIVED, VisitStatus.SEATED):
                    change_status(session, self._ctx.actor, visit.id, VisitStatus.COMPLETED)
            else:
                claim_id = already.claim_id
            rows = session.scalars(
                select(LedgerEntry).where(
                    LedgerEntry.id.in_(
                        [_entry_id(checkout.checkout_id, i) for i in range(len(draft.lines) * 2)]
                        + ([checkout.payment.entry_id] if checkout.payment else [])
                    )
                )
            ).all()
            lines = accounts.entry_lines(session, rows, accounts.read_closes(session))
            balance = accounts.read_balance(
                session, accounts.guarantor_of(session, visit.patient_id)
            )
        self._ctx.announce(Area.MONEY, Area.SCHEDULE, Area.PATIENTS)
        return CheckOutResult(draft, tuple(lines), claim_id, balance)

    def take_payment(self, payment: NewPayment) -> EntryLine:
        self._ctx.require(Permission.TAKE_PAYMENTS)
        with self._ctx.db.writing() as session:
            row = self._post_payment(session, payment, practice_today(session))
            line = accounts.entry_lines(session, [row], accounts.read_closes(session))[0]
        self._ctx.announce(Area.MONEY, Area.PATIENTS)
        return line

    def adjust(self, adjustment: NewAdjustment, approval: OwnerApproval | None = None) -> EntryLine:
        """A courtesy, a write-off or a correction, with its reason. Write-offs and anything
        above the owner's limit need the owner (signed in, or `approval`)."""
        self._ctx.require(Permission.TAKE_PAYMENTS)
        reason = " ".join(adjustment.reason.split())
        if not reason:
            raise InvalidInput("Say why the account is adjusted (choose a reason).")
        _check_positive(adjustment.amount)
        with self._ctx.db.writing() as session:
            limit = read_setting(session, ADJUSTMENT_LIMIT_CENTS)
            if adjustment.amount > limit or reason in OWNER_ONLY_REASONS:
                self._owner_allows(
                    session, approval, f"a {reason} of {format_cents(adjustment.amount)}"
                )
            sign = -1 if adjustment.credit else 1
            row = accounts.post(
                session,
                Posting(
                    patient_id=adjustment.patient_id,
                    kind=EntryKind.ADJUSTMENT,
                    amount=sign * adjustment.amount,
                    description=adjustment.note,
                    reason=reason,
                    entry_id=adjustment.entry_id,
                ),
                practice_today(session),
                self._ctx.actor.username,
            )
            self._audit(session, row, f"adjustment ({reason})", approval)
            line = accounts.entry_lines(session, [row], accounts.read_closes(session))[0]
        self._ctx.announce(Area.MONEY, Area.PATIENTS)
        return line

    def refund(self, payment: NewPayment, approval: OwnerApproval | None = None) -> EntryLine:
        """Money given back to the guarantor; never more than was paid in."""
        self._ctx.require(Permission.TAKE_PAYMENTS)
        _check_payment(payment)
        with self._ctx.db.writing() as session:
            self._owner_allows(session, approval, f"a refund of {format_cents(payment.amount)}")
            row = accounts.post(
                session,
                Posting(
                    patient_id=payment.patient_id,
                    kind=EntryKind.REFUND,
                    amount=payment.amount,
                    method=payment.method,
                    reference=payment.reference,
                    description=payment.note,
                    entry_id=payment.entry_id,
                ),
                practice_today(session),
                self._ctx.actor.username,
            )
            self._audit(session, row, "refund", approval)
            line = accounts.entry_lines(session, [row], accounts.read_closes(session))[0]
        self._ctx.announce(Area.MONEY, Area.PATIENTS)
        return line

    def reverse(
        self,
        entry_id: uuid.UUID,
        why: str,
        approval: OwnerApproval | None = None,
        *,
        reversal_id: uuid.UUID | None = None,
    ) -> EntryLine:
        """Correct a mistaken entry with its opposite, on an open day; the entry stays."""
        self._ctx.require(Permission.TAKE_PAYMENTS)
        why = " ".join(why.split())
        if not why:
            raise InvalidInput("Say why the entry is corrected.")
        with self._ctx.db.writing() as session:
            original = live_row(session, LedgerEntry, entry_id, "That ledger entry is not on file.")
            if original.kind in (EntryKind.ADJUSTMENT, EntryKind.REFUND):
                self._owner_allows(session, approval, f"correcting a {original.kind}")
            row = accounts.post(
                session,
                Posting(
                    patient_id=original.patient_id,
                    kind=EntryKind.REVERSAL,
                    amount=-original.amount_cents,
                    claim_id=original.claim_id,
                    reverses=original.id,
                    appointment_id=original.appointment_id,
                    provider_id=original.provider_id,
                    procedure_code=original.procedure_code,
                    description=f"corrects {original.kind.replace('_', ' ')}: {why}",
                    reason="correction",
                    entry_id=reversal_id,
                ),
                practice_today(session),
                self._ctx.actor.username,
            )
            self._audit(session, row, f"correction of a {original.kind}", approval,
                        action=audit.Action.MONEY_CORRECTED)  # fmt: skip
            line = accounts.entry_lines(session, [row], accounts.read_closes(session))[0]
        self._ctx.announce(Area.MONEY, Area.PATIENTS)
        return line

    # -- inside a transaction ----------------------------------------------------------------

    def _post_visit(
        self,
        session: Session,
        visit: Appointment,
        draft: CheckOutDraft,
        checkout: CheckOut,
        today: date,
        by: str,
    ) -> uuid.UUID | None:
        claim_id: uuid.UUID | None = None
        policy = primary_policy(session, visit.patient_id, today)
        if policy is not None and draft.insurance > 0:
            claim = Claim(
                patient_id=visit.patient_id,
                account_id=accounts.guarantor_of(session, visit.patient_id),
                policy_id=policy.id,
                carrier_id=policy.carrier_id,
                appointment_id=visit.id,
                provider_id=visit.provider_id,
                service_on=today,
                billed_cents=draft.fee,
                estimate_cents=draft.insurance,
            )
            session.add(claim)
            session.flush()
            claim_id = claim.id
        postings = []
        for index, line in enumerate(draft.lines):
            charge = Posting(
                patient_id=visit.patient_id,
                kind=EntryKind.CHARGE,
                amount=line.fee,
                description=line.name,
                claim_id=claim_id,
                appointment_id=visit.id,
                provider_id=visit.provider_id,
                procedure_code=line.code,
                tooth=line.tooth,
                entry_id=_entry_id(checkout.checkout_id, 2 * index),
            )
            postings.append(charge)
            if line.write_off > 0:
                write_off = replace(
                    charge,
                    kind=EntryKind.ADJUSTMENT,
                    amount=-line.write_off,
                    description=f"{line.name}: plan's allowed fee",
                    claim_id=None,
                    reason="contractual write-off",
                    entry_id=_entry_id(checkout.checkout_id, 2 * index + 1),
                )
                postings.append(write_off)
        accounts.post_all(session, postings, today, by)
        mark_done(session, visit.id, (line.code for line in draft.lines))
        if checkout.payment is not None:
            self._post_payment(session, checkout.payment, today)
        audit.record(
            session,
            self._ctx.actor,
            audit.Action.MONEY_POSTED,
            f"check-out: {len(draft.lines)} procedure(s), {format_cents(draft.fee)}"
            + (f", paid {format_cents(checkout.payment.amount)}" if checkout.payment else ""),
            subject_type="appointment",
            subject_id=str(visit.id),
            patient_id=visit.patient_id,
        )
        return claim_id

    def _post_payment(self, session: Session, payment: NewPayment, today: date) -> LedgerEntry:
        _check_payment(payment)
        row = accounts.post(
            session,
            Posting(
                patient_id=payment.patient_id,
                kind=EntryKind.PAYMENT,
                amount=-payment.amount,
                method=payment.method,
                reference=payment.reference,
                description=payment.note,
                appointment_id=payment.appointment_id,
                entry_id=payment.entry_id,
            ),
            today,
            self._ctx.actor.username,
        )
        self._audit(session, row, f"{payment.method} payment")
        return row

    def _owner_allows(self, session: Session, approval: OwnerApproval | None, what: str) -> None:
        if allows(self._ctx.actor.role, Permission.ADJUST_ANY_AMOUNT):
            return
        if approval is None:
            raise PermissionDenied(
                f"Only the owner may post {what}. Ask the owner to type their password here."
            )
        unlocked = self._keys.unlock(approval.username, approval.password)
        owner = session.get(AppUser, uuid.UUID(unlocked.user_id))
        if owner is None or owner.role != Role.OWNER.value or not owner.active:
            raise PermissionDenied(f"{approval.username} is not an owner of this practice.")

    def _audit(
        self,
        session: Session,
        row: LedgerEntry,
        what: str,
        approval: OwnerApproval | None = None,
        *,
        action: str = audit.Action.MONEY_POSTED,
    ) -> None:
        allowed = f", allowed by {approval.username}" if approval is not None else ""
        audit.record(
            session,
            self._ctx.actor,
            action,
            f"{what}: {format_cents(abs(row.amount_cents))} on {row.posted_on:%m/%d/%Y}{allowed}",
            subject_type="ledger entry",
            subject_id=str(row.id),
            patient_id=row.patient_id,
        )


def read_to_collect(session: Session, appointment_id: uuid.UUID) -> ToCollect:
    """The co-pay, or the estimate of the visit's usual procedures, and what is already due."""
    visit = _visit(session, appointment_id)
    draft = _draft(session, visit, _usual_lines(session, visit))
    policy = primary_policy(session, visit.patient_id, practice_today(session))
    if policy is not None and policy.copay_cents is not None:
        portion, how = policy.copay_cents, "co-pay"
    elif policy is not None:
        portion, how = draft.patient, "estimate"
    else:
        portion, how = draft.patient, "no insurance on file"
    return ToCollect(portion, how, draft.balance_before, draft.credit_before)


def _visit(session: Session, appointment_id: uuid.UUID) -> Appointment:
    return live_row(session, Appointment, appointment_id, "That appointment no longer exists.")


def _usual_lines(session: Session, visit: Appointment) -> list[CheckOutLine]:
    """The treatment plan items booked for the visit, at their quoted fees, then the visit
    type's usual procedures not among them. A code the procedure list does not hold (a typing
    slip in Settings, a list not loaded yet) is left out rather than refusing the check-in's
    "what to collect" and the check-out's starting lines."""
    known = procedures_by_code(session)
    planned = [
        CheckOutLine(item.code, item.tooth, item.fee)
        for item in booked_for(session, visit.id)
        if item.code in known
    ]
    kind = session.get(AppointmentType, visit.type_id) if visit.type_id else None
    codes = kind.procedure_codes.split() if kind is not None else []
    taken = {line.code for line in planned}
    return planned + [CheckOutLine(code) for code in codes if code in known and code not in taken]


def _draft(session: Session, visit: Appointment, lines: list[CheckOutLine]) -> CheckOutDraft:
    priced = price(session, visit.patient_id, lines)
    before = accounts.read_balance(session, accounts.guarantor_of(session, visit.patient_id))
    return CheckOutDraft(
        visit.id,
        visit.patient_id,
        visit.provider_id,
        priced.lines,
        priced.plan,
        priced.coverage_note,
        before.patient_due,
        before.credit,
    )


def _entry_id(checkout_id: uuid.UUID, index: int) -> uuid.UUID:
    """The ids of one check-out's entries, made from the check-out's own: posting the same
    check-out twice finds them there."""
    return uuid.uuid5(checkout_id, f"entry {index}")


def _check_positive(amount: int) -> None:
    if amount <= 0:
        raise InvalidAmount("The amount must be more than zero.")


def _check_payment(payment: NewPayment) -> None:
    _check_positive(payment.amount)
    if payment.method not in METHODS:
        raise InvalidInput("Choose how it was paid: cash, check, card or other.")
    if _CARD_NUMBER.search(payment.reference):
        raise InvalidInput(
            "Never type a whole card number: the last four digits and the approval code are "
            "enough. Nothing was posted."
        )


def _name(row: Patient | None) -> str:
    return f"{row.last_name}, {row.first_name}" if row is not None else ""
