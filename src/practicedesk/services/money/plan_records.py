"""What the treatment plan service takes and returns: a plan priced item by item, per phase
and in total, and the accepted items still waiting for a visit."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class PlanStatus(StrEnum):
    PROPOSED = "proposed"  # being drawn up
    PRESENTED = "presented"  # shown or handed to the patient


class ItemStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"  # the patient wants it: a visit is to be booked
    DECLINED = "declined"  # kept on the plan, out of its totals
    BOOKED = "booked"  # a visit is booked for it
    DONE = "done"  # charged at that visit's check-out

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class NewPlanItem:
    code: str
    tooth: str = ""  # a tooth, teeth or an area: "14", "2-4", "UR"
    phase: int = 1
    fee: int | None = None  # cents; None: the office's fee for the code today


@dataclass(frozen=True, slots=True)
class PlanItemView:
    id: uuid.UUID
    phase: int
    code: str
    name: str  # our short name for the code
    tooth: str
    fee: int
    allowed: int
    insurance: int  # the estimate
    patient: int  # the patient's portion
    status: ItemStatus
    appointment_id: uuid.UUID | None = None

    @property
    def counted(self) -> bool:
        """Declined items stay on the plan but out of its totals and its estimate."""
        return self.status is not ItemStatus.DECLINED


@dataclass(frozen=True, slots=True)
class Totals:
    fee: int
    insurance: int
    patient: int

    @property
    def write_off(self) -> int:
        return self.fee - self.insurance - self.patient


@dataclass(frozen=True, slots=True)
class PlanView:
    """A plan as the chart shows it and the printout prints it."""

    id: uuid.UUID
    patient_id: uuid.UUID
    patient_name: str
    title: str
    status: PlanStatus
    presented_on: date | None
    signed_form_id: uuid.UUID | None  # the sealed signed copy; a signed plan's items are frozen
    notes: str
    items: tuple[PlanItemView, ...]  # by phase, then in the order added
    insurer: str  # "Bluewater Dental PPO", or "" without insurance
    coverage_note: str  # how the estimate was made, in words
    priced_on: date

    @property
    def signed(self) -> bool:
        return self.signed_form_id is not None

    @property
    def phases(self) -> tuple[int, ...]:
        """The phases with an item counted: a phase left only with declined items has no
        totals to show."""
        return tuple(sorted({item.phase for item in self.items if item.counted}))

    def phase_totals(self, phase: int) -> Totals:
        return _totals(item for item in self.items if item.phase == phase)

    @property
    def totals(self) -> Totals:
        return _totals(self.items)


@dataclass(frozen=True, slots=True)
class PlanSummary:
    id: uuid.UUID
    title: str
    status: PlanStatus
    created_on: date
    presented_on: date | None
    signed: bool
    items: int
    accepted_not_booked: int


@dataclass(frozen=True, slots=True)
class UnbookedItem:
    """An accepted item with no visit booked for it (or whose visit was cancelled or missed),
    for the "Accepted, not booked" worklist."""

    item_id: uuid.UUID
    plan_id: uuid.UUID
    patient_id: uuid.UUID
    patient_name: str
    plan_title: str
    phase: int
    code: str
    name: str
    tooth: str
    fee: int
    accepted_on: date
    why: str  # "accepted", or what became of the visit booked for it: "cancelled", "no-show"


def _totals(items: Iterable[PlanItemView]) -> Totals:
    counted = [item for item in items if item.counted]
    return Totals(
        sum(item.fee for item in counted),
        sum(item.insurance for item in counted),
        sum(item.patient for item in counted),
    )
