"""The insurance estimate and the patient's portion, for check-out and treatment plans.

The coordinator has to say, before the work is done, what the patient will pay. The answer
follows the way dental and small medical plans pay: the office's fee is cut to the plan's
allowed fee (the difference is the contractual write-off, which nobody pays); the deductible
is taken from the first eligible lines; the plan pays its percentage of the rest of each line,
by category, until the annual maximum runs out; the patient pays what remains. A plan with a
fixed co-pay per visit works the other way round: the patient pays the co-pay (or the whole,
if less) and the plan the rest. Lines are taken in the order given, so an estimate of a
treatment plan's phases spends the deductible and the maximum on the first phase first.

Every amount is in cents and every line satisfies insurance + patient + write_off == fee.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from practicedesk.domain.money import allocate, percent_of


class ProcedureCategory(StrEnum):
    PREVENTIVE = "preventive"
    BASIC = "basic"
    MAJOR = "major"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class ProcedureLine:
    procedure_code: str
    category: str
    fee: int  # the office's fee
    allowed_fee: int | None = None  # the plan's contracted fee; None: the plan has none

    def __post_init__(self) -> None:
        if self.fee < 0 or (self.allowed_fee is not None and self.allowed_fee < 0):
            raise ValueError("fees are never negative")


@dataclass(frozen=True, slots=True)
class Coverage:
    """What the patient's plan pays, as of its last verification."""

    percent_by_category: Mapping[str, int] = field(default_factory=dict)
    deductible_left: int = 0
    deductible_categories: frozenset[str] = frozenset(
        {ProcedureCategory.BASIC, ProcedureCategory.MAJOR}
    )
    annual_max_left: int | None = None  # None: the plan has no annual maximum
    copay: int | None = None  # a fixed amount per visit instead of percentages

    def __post_init__(self) -> None:
        if any(not 0 <= percent <= 100 for percent in self.percent_by_category.values()):
            raise ValueError("a plan pays between 0 and 100 percent")
        amounts = (self.deductible_left, self.annual_max_left or 0, self.copay or 0)
        if min(amounts) < 0:
            raise ValueError("deductibles, maximums and co-pays are never negative")


@dataclass(frozen=True, slots=True)
class LineEstimate:
    procedure_code: str
    fee: int
    allowed: int
    write_off: int  # fee - allowed: the office does not collect it from anyone
    deductible: int  # the part of `allowed` counted towards the deductible
    insurance: int
    patient: int


@dataclass(frozen=True, slots=True)
class Estimate:
    lines: tuple[LineEstimate, ...]

    @property
    def fee(self) -> int:
        return sum(line.fee for line in self.lines)

    @property
    def allowed(self) -> int:
        return sum(line.allowed for line in self.lines)

    @property
    def write_off(self) -> int:
        return sum(line.write_off for line in self.lines)

    @property
    def deductible(self) -> int:
        return sum(line.deductible for line in self.lines)

    @property
    def insurance(self) -> int:
        return sum(line.insurance for line in self.lines)

    @property
    def patient(self) -> int:
        return sum(line.patient for line in self.lines)


def estimate(lines: Iterable[ProcedureLine], coverage: Coverage | None) -> Estimate:
    """Who pays what of `lines`; with no coverage the patient pays every fee in full.

    An allowed fee above the office's fee changes nothing (the office never charges more than
    its fee). A service the plan pays nothing for does not count towards the deductible.
    """
    listed = list(lines)
    if coverage is None:
        return Estimate(
            tuple(LineEstimate(x.procedure_code, x.fee, x.fee, 0, 0, 0, x.fee) for x in listed)
        )
    allowed = [x.fee if x.allowed_fee is None else min(x.fee, x.allowed_fee) for x in listed]
    if coverage.copay is not None:
        patient_part = allocate(min(coverage.copay, sum(allowed)), allowed)
        deductibles = [0] * len(listed)
        plan_part = [a - p for a, p in zip(allowed, patient_part, strict=True)]
    else:
        deductibles, plan_part = _by_percentage(listed, allowed, coverage)
    max_left = coverage.annual_max_left
    result = []
    for line, line_allowed, deductible, plan in zip(
        listed, allowed, deductibles, plan_part, strict=True
    ):
        if max_left is not None:
            plan = min(plan, max_left)
            max_left -= plan
        result.append(
            LineEstimate(
                line.procedure_code,
                line.fee,
                line_allowed,
                line.fee - line_allowed,
                deductible,
                plan,
                line_allowed - plan,
            )
        )
    return Estimate(tuple(result))


def _by_percentage(
    lines: list[ProcedureLine], allowed: list[int], coverage: Coverage
) -> tuple[list[int], list[int]]:
    """Per line, the deductible taken and the plan's percentage of the rest, before the
    annual maximum."""
    deductible_left = coverage.deductible_left
    deductibles: list[int] = []
    plan_part: list[int] = []
    for line, line_allowed in zip(lines, allowed, strict=True):
        percent = coverage.percent_by_category.get(line.category, 0)
        deductible = 0
        if percent and line.category in coverage.deductible_categories:
            deductible = min(deductible_left, line_allowed)
            deductible_left -= deductible
        deductibles.append(deductible)
        plan_part.append(percent_of(line_allowed - deductible, percent))
    return deductibles, plan_part
