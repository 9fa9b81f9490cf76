"""The guarantor's account as an append-only list of entries, and what it adds up to.

An entry is never edited or deleted: a mistake is corrected by a *reversal* that names the
entry and carries its opposite amount. Balances are sums worked out when asked, never stored
totals, so entries made on two PCs merge through sync as plain inserts, and a batch read twice
adds nothing because an entry's id is made where it was posted and counted once.

Amounts are signed cents: positive makes the account owe more (a charge, a refund paid out,
a debit adjustment), negative less (a payment, an insurance payment, a credit adjustment or
write-off). An adjustment posted *with a claim* is the insurer's write-off from an EOB and
settles that claim; the contractual write-off known at check-out is posted without one,
because the claim's estimate is already worked out from the allowed fee. A balance *brought
forward* from the system the practice moved from is either sign: what the account owed (or
held in credit) there, dated as that system aged it (domain/opening_balance.py). Pure: no
database.
"""

from __future__ import annotations

import uuid
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from practicedesk.errors import InvalidAmount, InvalidInput


class EntryKind(StrEnum):
    CHARGE = "charge"
    PAYMENT = "payment"
    INSURANCE_PAYMENT = "insurance_payment"
    ADJUSTMENT = "adjustment"
    REFUND = "refund"
    REVERSAL = "reversal"
    BROUGHT_FORWARD = "brought_forward"


_SIGN = {
    EntryKind.CHARGE: 1,
    EntryKind.REFUND: 1,
    EntryKind.PAYMENT: -1,
    EntryKind.INSURANCE_PAYMENT: -1,
}
_PAID_IN = frozenset({EntryKind.PAYMENT, EntryKind.INSURANCE_PAYMENT})
# What the insurer has settled on a claim: its payments, its write-offs, and money sent back.
SETTLES_CLAIM = frozenset({EntryKind.INSURANCE_PAYMENT, EntryKind.ADJUSTMENT, EntryKind.REFUND})


@dataclass(frozen=True, slots=True)
class Entry:
    id: uuid.UUID
    account_id: uuid.UUID  # the guarantor: a family shares one account
    patient_id: uuid.UUID
    kind: EntryKind
    amount: int  # signed cents, see the module's docstring
    posted_on: date
    claim_id: uuid.UUID | None = None
    reverses: uuid.UUID | None = None

    def __post_init__(self) -> None:
        if (self.kind is EntryKind.REVERSAL) != (self.reverses is not None):
            raise ValueError("a reversal, and only a reversal, names the entry it reverses")


class Posting(Protocol):
    """What the sums below read of an entry: an `Entry`, or a stored line of one
    (domain/aging.Line) that the A/R report reads without making an `Entry` of each. Its ids
    are any values equal for the same id and ordered as the ids are (a UUID, or its stored
    hex text)."""

    @property
    def id(self) -> Hashable: ...
    @property
    def kind(self) -> str: ...  # an EntryKind's value
    @property
    def amount(self) -> int: ...
    @property
    def posted_on(self) -> date: ...
    @property
    def claim_id(self) -> Hashable | None: ...
    @property
    def reverses(self) -> Hashable | None: ...


PostingT = TypeVar("PostingT", bound=Posting)


@dataclass(frozen=True, slots=True)
class ClaimEstimate:
    """What the insurer is expected to pay on a claim; a closed claim expects nothing more."""

    claim_id: Hashable  # as the entries name it (`Posting`)
    estimate: int
    closed: bool = False

    def __post_init__(self) -> None:
        if self.estimate < 0:
            raise ValueError("an insurance estimate is never negative")


@dataclass(frozen=True, slots=True)
class Balance:
    total: int  # what the account owes; negative when it is in credit
    insurance_pending: int  # what open claims are still expected to pay

    @property
    def patient_due(self) -> int:
        """What to ask the guarantor for: the balance less what insurance should still pay."""
        return max(0, self.total - self.insurance_pending)

    @property
    def credit(self) -> int:
        return max(0, -self.total)


def reversal_of(entry: Entry, *, new_id: uuid.UUID, posted_on: date) -> Entry:
    """The entry that corrects `entry`: the same account, patient and claim, opposite amount."""
    return Entry(
        id=new_id,
        account_id=entry.account_id,
        patient_id=entry.patient_id,
        kind=EntryKind.REVERSAL,
        amount=-entry.amount,
        posted_on=posted_on,
        claim_id=entry.claim_id,
        reverses=entry.id,
    )


def by_id(entries: Iterable[PostingT]) -> dict[Hashable, PostingT]:
    """Each entry once, however many times a sync batch delivered it."""
    found: dict[Hashable, PostingT] = {}
    for entry in entries:
        kept = found.setdefault(entry.id, entry)
        if kept is not entry and kept != entry:
            raise ValueError(f"two different ledger entries share the id {entry.id}")
    return found


def extra_reversals(entries: Iterable[PostingT]) -> list[PostingT]:
    """Reversals of an entry that another reversal already corrects.

    Each PC refuses a second correction, but two PCs can correct the same entry before they
    meet. Counting both would double the correction, so only the first (by day posted, then
    id: the same choice on every PC) counts; the others count for nothing and are listed
    here for the owner to see.
    """
    first: dict[Hashable, PostingT] = {}
    extra: list[PostingT] = []
    reversals = [e for e in by_id(entries).values() if e.reverses is not None]
    for entry in sorted(reversals, key=day_and_id):
        if entry.reverses is not None and first.setdefault(entry.reverses, entry) != entry:
            extra.append(entry)
    return extra


def counted(entries: Iterable[PostingT]) -> list[PostingT]:
    """The entries that count towards the balance: each once, and no extra reversal."""
    unique = by_id(entries)
    reversals = [entry for entry in unique.values() if entry.reverses is not None]
    for entry in extra_reversals(reversals):
        del unique[entry.id]
    return list(unique.values())


def standing(entries: Iterable[PostingT]) -> list[PostingT]:
    """The counted entries that still stand on their own: a reversal and the entry it reverses
    cancel out and both drop away. A reversal whose entry has not arrived yet (sync delivers
    different PCs' batches in any order) stands alone until it does, so sums stay exact."""
    kept = counted(entries)
    reversed_ids = {e.reverses for e in kept if e.reverses is not None}
    if not reversed_ids:  # most accounts: nothing was ever corrected
        return kept
    pairs = reversed_ids & {e.id for e in kept}
    return [e for e in kept if e.id not in pairs and e.reverses not in pairs]


def balance(entries: Iterable[Entry]) -> int:
    return sum(entry.amount for entry in counted(entries))


def running_balances(entries: Sequence[Entry]) -> list[int]:
    """The balance after each entry, in the order given: the ledger's running column. An
    entry delivered twice, and a reversal another one already made, add nothing, as in
    `balance`, so the last figure is always the account's balance."""
    kept = {entry.id for entry in counted(entries)}
    added: set[uuid.UUID] = set()
    total = 0
    running = []
    for entry in entries:
        if entry.id in kept and entry.id not in added:
            added.add(entry.id)
            total += entry.amount
        running.append(total)
    return running


def pending_insurance(
    claims: Iterable[ClaimEstimate],
    entries: Iterable[Posting],
    settled_before: Mapping[Hashable, int] | None = None,
) -> dict[Hashable, int]:
    """Per claim, what the insurer is still expected to pay: for an open claim its estimate
    less what was settled on it (payments and write-offs posted to it, less money sent back),
    never below zero and never above the estimate: a refund to the insurer says its payment
    was too much, not that it owes more than it was expected to. `settled_before` is what
    was settled on claims by entries not given (an account's settled past, domain/aging.py)."""
    settled = settled_on_claims(entries)
    for claim_id, amount in (settled_before or {}).items():
        settled[claim_id] = settled.get(claim_id, 0) + amount
    pending: dict[Hashable, int] = {}
    for claim in claims:
        still = claim.estimate - settled.get(claim.claim_id, 0)
        expected = 0 if claim.closed else min(claim.estimate, max(0, still))
        if pending.setdefault(claim.claim_id, expected) != expected:
            raise ValueError(f"the claim {claim.claim_id} was given twice, differently")
    return pending


def settled_on_claims(entries: Iterable[Posting]) -> dict[Hashable, int]:
    """Per claim, what its standing entries settled on it: the insurer's payments and
    write-offs, less money sent back."""
    settled: dict[Hashable, int] = {}
    for entry in standing(entries):
        if entry.claim_id is not None and entry.kind in SETTLES_CLAIM:
            settled[entry.claim_id] = settled.get(entry.claim_id, 0) - entry.amount
    return settled


def account_balance(entries: Iterable[Entry], claims: Iterable[ClaimEstimate]) -> Balance:
    listed = list(entries)
    return Balance(balance(listed), sum(pending_insurance(claims, listed).values()))


def check_new_entry(entry: Entry, existing: Iterable[Entry]) -> None:
    """Refuse, with a sentence, an entry that must not be posted to the account.

    An entry already posted (the same id, the same content: a second press of Enter) passes,
    because posting it again adds nothing.
    """
    known = by_id(existing)
    if entry.id in known:
        if known[entry.id] != entry:
            raise ValueError(f"the ledger entry id {entry.id} is already used by another entry")
        return
    if entry.amount == 0:
        raise InvalidAmount("The amount must be more than zero.")
    if entry.kind is EntryKind.REVERSAL:
        _check_reversal(entry, known)
        return
    sign = _SIGN.get(entry.kind)
    if sign is not None and (entry.amount > 0) != (sign > 0):
        raise InvalidAmount(f"This {entry.kind.replace('_', ' ')} has the wrong sign.")
    if entry.kind is EntryKind.INSURANCE_PAYMENT and entry.claim_id is None:
        raise InvalidInput("An insurance payment is entered against the claim it pays.")
    if entry.kind is EntryKind.REFUND:
        account = [e for e in known.values() if e.account_id == entry.account_id]
        if entry.amount > paid_in(account):
            raise InvalidAmount(
                "A refund cannot be more than what was paid on this account, less the refunds "
                "already given."
            )


def paid_in(entries: Iterable[Entry]) -> int:
    """Payments (the patient's and the insurer's) less refunds, leaving out corrected ones."""
    kept = standing(entries)
    return -sum(e.amount for e in kept if e.kind in _PAID_IN) - sum(
        e.amount for e in kept if e.kind is EntryKind.REFUND
    )


def day_and_id(entry: Posting) -> tuple[date, Any]:
    """The order entries are taken in wherever the order decides something (which reversal
    counts, which debt a credit pays): the day posted, then the id, the same on every PC."""
    return entry.posted_on, entry.id


def _check_reversal(entry: Entry, known: Mapping[Hashable, Entry]) -> None:
    target = known.get(entry.reverses) if entry.reverses is not None else None
    if target is None or target.account_id != entry.account_id:
        raise InvalidInput("The entry to correct is not on this account.")
    if target.kind is EntryKind.REVERSAL:
        raise InvalidInput("A correction cannot be corrected; post the entry again instead.")
    if any(e.reverses == target.id for e in known.values()):
        raise InvalidInput("That entry has already been corrected.")
    if entry.amount != -target.amount:
        raise InvalidAmount("A correction is for exactly the amount of the entry it corrects.")
