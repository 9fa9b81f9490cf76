"""Pre-surgery readiness: what must be in place before a surgical visit, worked out from plain
facts about the chart, and the green, amber or red the board shows for it.

Pure rules on values the service gathers; no database, no Qt. Items the chart cannot answer
(is there an escort?) are ticked by hand, and a tick is one more fact handed in here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

SOON_WORKING_DAYS = 2  # the surgeries the board puts on top: today's and the next two days'


class State(StrEnum):
    DONE = "done"
    MISSING = "missing"
    WAITING = "waiting"
    NOT_NEEDED = "not_needed"

    @property
    def label(self) -> str:
        return {
            "done": "Done",
            "missing": "Missing",
            "waiting": "Waiting",
            "not_needed": "Not needed",
        }[self.value]


class Colour(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def label(self) -> str:
        return {"green": "Ready", "amber": "Not yet", "red": "At risk"}[self.value]


class Key(StrEnum):
    PHOTO_ID = "photo_id"
    INSURANCE_CARD = "insurance_card"
    INSURANCE_VERIFIED = "insurance_verified"
    AUTHORIZATION = "authorization"
    REFERRAL = "referral"
    MEDICAL_HISTORY = "medical_history"
    CONSENT = "consent"
    PRE_OP = "pre_op"
    ESCORT = "escort"


LABELS = {
    Key.PHOTO_ID: "Photo ID on file",
    Key.INSURANCE_CARD: "Insurance card on file",
    Key.INSURANCE_VERIFIED: "Insurance verified",
    Key.AUTHORIZATION: "Pre-authorization approved",
    Key.REFERRAL: "Referral received",
    Key.MEDICAL_HISTORY: "Medical history updated",
    Key.CONSENT: "Surgical consent signed",
    Key.PRE_OP: "Pre-op instructions given",
    Key.ESCORT: "Escort confirmed",
}
# The few words the board uses for an item that is not done.
SHORT = {
    Key.PHOTO_ID: "photo ID",
    Key.INSURANCE_CARD: "insurance card",
    Key.INSURANCE_VERIFIED: "verification",
    Key.AUTHORIZATION: "pre-authorization",
    Key.REFERRAL: "referral",
    Key.MEDICAL_HISTORY: "medical history",
    Key.CONSENT: "consent",
    Key.PRE_OP: "pre-op instructions",
    Key.ESCORT: "escort",
}
# How many working days before the surgery an open item still needs, today counted: what
# the patient brings or signs at check-in needs none; a call (or a fax from the referring
# office) needs the day before at the latest; a payer needs days to answer. An item open
# with fewer days left than this cannot be fixed in time: that, not a calendar distance,
# is what makes a surgery red, so the board's red is the short list of surgeries at risk.
LEAD_DAYS = {
    Key.PHOTO_ID: 0,
    Key.INSURANCE_CARD: 0,
    Key.MEDICAL_HISTORY: 0,
    Key.CONSENT: 0,
    Key.INSURANCE_VERIFIED: 1,
    Key.REFERRAL: 1,
    Key.PRE_OP: 1,
    Key.ESCORT: 1,
    Key.AUTHORIZATION: 5,
}
WAITING_AUTHORIZATION_DAYS = 2  # already with the payer: a call can hurry the answer
# What a hand tick means, for the items the chart cannot always answer.
TICK_MEANS = {
    Key.AUTHORIZATION: "not needed / obtained",
    Key.REFERRAL: "not needed / received",
    Key.PRE_OP: "given",
    Key.ESCORT: "confirmed",
}


@dataclass(frozen=True, slots=True)
class Windows:
    """How recent a check must be, counted back from the surgery date."""

    verify_days: int = 30
    history_days: int = 180
    consent_days: int = 30


@dataclass(frozen=True, slots=True)
class Tick:
    by: str
    on: date
    note: str = ""


@dataclass(frozen=True, slots=True)
class AuthorizationFact:
    status: str  # draft, submitted, approved, denied, expired
    submitted_on: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    number: str = ""


@dataclass(frozen=True, slots=True)
class ReferralFact:
    """An incoming referral; outgoing ones say nothing about this surgery."""

    status: str  # requested, sent, received, scheduled, completed
    on: date | None = None  # the date of its latest step


@dataclass(frozen=True, slots=True)
class Facts:
    surgery_on: date
    today: date
    # Working days from today (when the office is open) up to the surgery day, not counting
    # it: the days left to close a gap. None counts calendar days.
    days_to_act: int | None = None
    photo_id_on: date | None = None
    insurance_card_on: date | None = None
    insured: bool = False
    verified_on: date | None = None
    verified_result: str = ""  # active, inactive, needs information
    authorizations: tuple[AuthorizationFact, ...] = ()
    referrals: tuple[ReferralFact, ...] = ()
    history_signed_on: date | None = None
    consent_signed_on: date | None = None
    consent_for_this_visit: bool = False
    pre_op_given_on: date | None = None
    pre_op_how: str = ""  # "signed" or "printed"
    ticks: Mapping[str, Tick] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Item:
    key: Key
    label: str
    state: State
    detail: str
    by_hand: bool = False  # a check box the coordinator may tick
    ticked: bool = False
    problem: bool = False  # something went wrong, not merely not done yet

    @property
    def open(self) -> bool:
        return self.state in (State.MISSING, State.WAITING)

    @property
    def lead_days(self) -> int:
        if self.key is Key.AUTHORIZATION and self.state is State.WAITING:
            return WAITING_AUTHORIZATION_DAYS
        return LEAD_DAYS[self.key]


@dataclass(frozen=True, slots=True)
class Checklist:
    items: tuple[Item, ...]
    colour: Colour
    days_to_act: int = 0

    def item(self, key: Key) -> Item:
        return next(item for item in self.items if item.key is key)

    @property
    def soon(self) -> bool:
        """Within the next two working days: the board shows these first, whatever colour."""
        return self.days_to_act <= SOON_WORKING_DAYS

    def today(self) -> tuple[Key, ...]:
        """Open items whose last day to act is today: the calls to make before closing."""
        return tuple(
            item.key
            for item in self.items
            if item.open and not item.problem and 0 < item.lead_days == self.days_to_act
        )

    def summary(self) -> str:
        """What is left, in the board's words: "missing: photo ID, escort; waiting: referral"."""
        parts = []
        for state, word in ((State.MISSING, "missing"), (State.WAITING, "waiting")):
            names = [SHORT[item.key] for item in self.items if item.state is state]
            if names:
                parts.append(f"{word}: {', '.join(names)}")
        return "; ".join(parts)


def checklist(facts: Facts, windows: Windows) -> Checklist:
    days = (
        facts.days_to_act
        if facts.days_to_act is not None
        else max((facts.surgery_on - facts.today).days, 0)
    )
    items = (
        _on_file(Key.PHOTO_ID, facts.photo_id_on, "no photo ID on file"),
        _insurance_card(facts),
        _verified(facts, windows.verify_days),
        _authorization(facts),
        _referral(facts),
        _history(facts, windows.history_days),
        _consent(facts, windows.consent_days),
        _pre_op(facts),
        _by_hand(Key.ESCORT, facts, "not confirmed yet"),
    )
    return Checklist(items, colour(items, days), days)


def colour(items: tuple[Item, ...], days_to_act: int) -> Colour:
    """Green when nothing is left; red on a problem, or on a gap that cannot be closed in
    the working days left (see LEAD_DAYS); amber while there is still time to close them."""
    if any(item.problem for item in items):
        return Colour.RED
    if not any(item.open for item in items):
        return Colour.GREEN
    if any(item.open and item.lead_days > days_to_act for item in items):
        return Colour.RED
    return Colour.AMBER


_FIRST = {Colour.RED: 0, Colour.AMBER: 1, Colour.GREEN: 2}


def board_order(found: Checklist) -> tuple[bool, int]:
    """Sort key (with the surgery's time after it): the next two working days' surgeries on
    top, soonest first; after them the red ones, then amber, then green."""
    return (not found.soon, 0 if found.soon else _FIRST[found.colour])


def open_keys(found: Checklist) -> tuple[Key, ...]:
    return tuple(item.key for item in found.items if item.open)


def open_by_kind(surgeries: Iterable[Iterable[Key]]) -> list[tuple[str, int]]:
    """How many surgeries lack each item (their `open_keys`), most first, in the board's
    words: the line above the board that says where the day's calls go ("escort 9, pre-op
    instructions 7")."""
    counts = Counter(SHORT[key] for keys in surgeries for key in keys)
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def _day(on: date) -> str:
    return f"{on:%m/%d/%Y}"


def _item(key: Key, state: State, detail: str, **flags: bool) -> Item:
    return Item(key, LABELS[key], state, detail, **flags)


def _on_file(key: Key, on: date | None, none: str) -> Item:
    if on is None:
        return _item(key, State.MISSING, none)
    return _item(key, State.DONE, f"on file since {_day(on)}")


def _insurance_card(facts: Facts) -> Item:
    if not facts.insured:
        return _item(Key.INSURANCE_CARD, State.NOT_NEEDED, "self-pay — not needed")
    return _on_file(Key.INSURANCE_CARD, facts.insurance_card_on, "no insurance card on file")


def _verified(facts: Facts, within_days: int) -> Item:
    """Verified on or after `within_days` before the surgery, as the worklist rule counts it;
    a payer that said the coverage is not active is a problem, not a gap."""
    key = Key.INSURANCE_VERIFIED
    if not facts.insured:
        return _item(key, State.NOT_NEEDED, "self-pay — not needed")
    if facts.verified_on is None:
        return _item(key, State.MISSING, "never verified")
    if facts.verified_on < facts.surgery_on - timedelta(days=within_days):
        return _item(
            key,
            State.MISSING,
            f"last verified {_day(facts.verified_on)}, more than {within_days} days before "
            "the surgery",
        )
    if facts.verified_result and facts.verified_result != "active":
        return _item(
            key,
            State.MISSING,
            f"verified {_day(facts.verified_on)}: {facts.verified_result}",
            problem=True,
        )
    return _item(key, State.DONE, f"verified {_day(facts.verified_on)}")


def _covers(auth: AuthorizationFact, on: date) -> bool:
    return (auth.valid_from is None or auth.valid_from <= on) and (
        auth.valid_to is None or on <= auth.valid_to
    )


def _authorization(facts: Facts) -> Item:
    """An approval valid on the surgery date settles it; one still being decided is waiting;
    a denial or an approval that will have lapsed is a problem. With none on file the
    coordinator ticks it: not every plan asks for one."""
    key, on = Key.AUTHORIZATION, facts.surgery_on
    auths = facts.authorizations
    valid = [a for a in auths if a.status == "approved" and _covers(a, on)]
    if valid:
        number = f" #{valid[0].number}" if valid[0].number else ""
        until = f", valid to {_day(valid[0].valid_to)}" if valid[0].valid_to else ""
        return _item(key, State.DONE, f"approved{number}{until}")
    pending = [a for a in auths if a.status in ("draft", "submitted")]
    if pending:
        first = pending[0]
        if first.status == "draft":
            return _item(key, State.WAITING, "drafted, not sent to the payer yet")
        since = f" {_day(first.submitted_on)}" if first.submitted_on else ""
        return _item(key, State.WAITING, f"submitted{since}, no answer yet")
    if key in facts.ticks:
        return _ticked(key, facts.ticks[key])
    lapsed = [a for a in auths if a.status in ("approved", "expired")]
    if any(a.status == "denied" for a in auths):
        return _item(key, State.MISSING, "denied by the payer", by_hand=True, problem=True)
    if lapsed:
        return _item(
            key, State.MISSING, "approval not valid on the surgery date", by_hand=True, problem=True
        )
    return _item(key, State.MISSING, "none on file; tick if not needed", by_hand=True)


def _referral(facts: Facts) -> Item:
    key = Key.REFERRAL
    arrived = [r for r in facts.referrals if r.status in ("received", "scheduled", "completed")]
    if arrived:
        on = f" {_day(arrived[0].on)}" if arrived[0].on else ""
        return _item(key, State.DONE, f"{arrived[0].status}{on}")
    asked = [r for r in facts.referrals if r.status in ("requested", "sent")]
    if asked:
        on = f" {_day(asked[0].on)}" if asked[0].on else ""
        return _item(key, State.WAITING, f"{asked[0].status}{on}, not received yet")
    return _by_hand(key, facts, "none on file; tick if not needed")


def _history(facts: Facts, within_days: int) -> Item:
    key, signed = Key.MEDICAL_HISTORY, facts.history_signed_on
    if signed is None:
        return _item(key, State.MISSING, "no signed medical history")
    if signed < facts.surgery_on - timedelta(days=within_days):
        return _item(
            key,
            State.MISSING,
            f"last signed {_day(signed)}, more than {within_days} days before the surgery",
        )
    return _item(key, State.DONE, f"signed {_day(signed)}")


def _consent(facts: Facts, within_days: int) -> Item:
    """A consent signed for this very visit always counts; another one only if recent, since
    the risks explained may have been for a different procedure."""
    key, signed = Key.CONSENT, facts.consent_signed_on
    if signed is not None and facts.consent_for_this_visit:
        return _item(key, State.DONE, f"signed for this visit {_day(signed)}")
    if signed is not None and signed >= facts.surgery_on - timedelta(days=within_days):
        return _item(key, State.DONE, f"signed {_day(signed)}")
    if signed is not None:
        return _item(key, State.MISSING, f"last signed {_day(signed)}; sign again for this visit")
    return _item(key, State.MISSING, "not signed")


def _pre_op(facts: Facts) -> Item:
    if facts.pre_op_given_on is not None:
        return _item(Key.PRE_OP, State.DONE, f"{facts.pre_op_how} {_day(facts.pre_op_given_on)}")
    return _by_hand(Key.PRE_OP, facts, "not given yet")


def _by_hand(key: Key, facts: Facts, missing: str) -> Item:
    if key in facts.ticks:
        return _ticked(key, facts.ticks[key])
    return _item(key, State.MISSING, missing, by_hand=True)


def _ticked(key: Key, tick: Tick) -> Item:
    detail = f"{TICK_MEANS[key]}, ticked by {tick.by} {_day(tick.on)}"
    if tick.note:
        detail += f": {tick.note}"
    return _item(key, State.DONE, detail, by_hand=True, ticked=True)
