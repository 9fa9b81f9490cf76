"""Pricing procedures for one patient: the office's fee, the plan's allowed fee, the insurance
estimate and the patient's portion, line by line. The check-out and treatment plans price the
same way, so a plan's quote and the check-out's figures agree; the arithmetic itself is
domain/estimates.py. Reads only, inside the caller's transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from practicedesk.domain import estimates
from practicedesk.errors import InvalidAmount, InvalidInput
from practicedesk.services.money.coverage import coverage_of, primary_policy
from practicedesk.services.money.procedures import procedures_by_code, read_plan_fees
from practicedesk.services.schedule.setup import practice_today


class LineToPrice(Protocol):
    """A procedure to price: a check-out's line or a treatment plan's item."""

    @property
    def code(self) -> str: ...

    @property
    def tooth(self) -> str: ...

    @property
    def fee(self) -> int | None: ...  # None: the office's fee for the code


@dataclass(frozen=True, slots=True)
class PricedLine:
    code: str
    name: str
    category: estimates.ProcedureCategory
    tooth: str
    fee: int
    allowed: int
    insurance: int
    patient: int

    @property
    def write_off(self) -> int:
        return self.fee - self.allowed


@dataclass(frozen=True, slots=True)
class Priced:
    lines: tuple[PricedLine, ...]
    plan: str  # "Delta Dental PPO", or "" without insurance
    coverage_note: str  # how the estimate was made, in words


def price(session: Session, patient_id: uuid.UUID, lines: Sequence[LineToPrice]) -> Priced:
    """Price `lines` in the order given with the patient's primary policy in force today and
    its last verification, so the deductible and the annual maximum are spent on the first
    lines first. A code not on the procedure list is refused: a fee cannot be guessed."""
    known = procedures_by_code(session)
    policy = primary_policy(session, patient_id, practice_today(session))
    allowed_fees = read_plan_fees(session, policy.carrier_id, policy.plan) if policy else {}
    priced: list[estimates.ProcedureLine] = []
    names: list[tuple[str, estimates.ProcedureCategory, str]] = []
    for line in lines:
        code = line.code.strip().upper()
        procedure = known.get(code)
        if procedure is None:
            raise InvalidInput(f"{code or 'A blank code'} is not on the procedure list.")
        fee = procedure.fee if line.fee is None else line.fee
        if fee < 0:
            raise InvalidAmount("A fee is never below zero.")
        priced.append(
            estimates.ProcedureLine(code, procedure.category, fee, allowed_fees.get(code))
        )
        names.append((procedure.name, procedure.category, line.tooth.strip()))
    coverage, note, plan = coverage_of(session, policy)
    estimate = estimates.estimate(priced, coverage)
    return Priced(
        tuple(
            PricedLine(
                e.procedure_code, name, category, tooth, e.fee, e.allowed, e.insurance, e.patient
            )
            for e, (name, category, tooth) in zip(estimate.lines, names, strict=True)
        ),
        plan,
        note,
    )
