"""The procedures the office performs and what it charges for them, and what each insurance
plan allows (a PPO's contracted fees). Kept by the owner in Settings.

A dental office can start from a starter list of common procedures by code, with our own short
names (resources/procedures/dental-starter.csv: no code set's descriptor text is copied); a
medical office keeps its own codes. Fees are integer cents, read from text only here.
"""

from __future__ import annotations

import builtins
import csv
import io
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.estimates import ProcedureCategory
from practicedesk.domain.money import format_cents, parse_cents
from practicedesk.errors import InvalidInput
from practicedesk.resources import resource
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.store.live_rows import live_row
from practicedesk.store.models import Carrier, PlanFee, Procedure
from practicedesk.store.models.base import utcnow

STARTER_LIST = ("procedures", "dental-starter.csv")


@dataclass(frozen=True, slots=True)
class ProcedureInfo:
    id: uuid.UUID
    code: str
    name: str
    category: ProcedureCategory
    fee: int  # cents: the office's fee
    active: bool = True


@dataclass(frozen=True, slots=True)
class PlanFeeInfo:
    code: str
    allowed: int  # cents


def read_procedures(session: Session, *, include_inactive: bool = False) -> list[ProcedureInfo]:
    query = select(Procedure).where(Procedure.deleted_at.is_(None))
    if not include_inactive:
        query = query.where(Procedure.active.is_(True))
    rows = session.scalars(query.order_by(Procedure.sort_order, Procedure.code))
    return [_info(row) for row in rows]


def procedures_by_code(session: Session) -> dict[str, ProcedureInfo]:
    """Inactive ones too: a procedure retired from the list still names old charges."""
    return {p.code: p for p in read_procedures(session, include_inactive=True)}


def read_plan_fees(session: Session, carrier_id: uuid.UUID, plan: str) -> dict[str, int]:
    """A plan's allowed fees by code; a plan without any allows the office's fees."""
    rows = session.scalars(
        select(PlanFee).where(
            PlanFee.carrier_id == carrier_id,
            PlanFee.plan == plan.strip(),
            PlanFee.deleted_at.is_(None),
        )
    )
    return {row.code: row.allowed_cents for row in rows}


def starter_list() -> list[tuple[str, str, ProcedureCategory, int]]:
    """The shipped dental list: code, our short name, category, a typical fee."""
    text = resource(*STARTER_LIST).read_text(encoding="utf-8")
    return [
        (row["code"], row["name"], ProcedureCategory(row["category"]), parse_cents(row["fee"]))
        for row in csv.DictReader(io.StringIO(text))
    ]


class ProcedureService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def list(self, *, include_inactive: bool = False) -> list[ProcedureInfo]:
        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.reading() as session:
            return read_procedures(session, include_inactive=include_inactive)

    def save(
        self,
        code: str,
        name: str,
        category: ProcedureCategory,
        fee: int,
        *,
        procedure_id: uuid.UUID | None = None,
        active: bool = True,
    ) -> ProcedureInfo:
        """Add a procedure or change one; a code is the office's own and used once."""
        self._ctx.require(Permission.EDIT_FEES)
        code, name = code.strip().upper(), " ".join(name.split())
        if not code or len(code) > 20:
            raise InvalidInput("A procedure code is 1 to 20 characters, like D1110 or 99213.")
        if not name:
            raise InvalidInput("Give the procedure a short name.")
        if fee < 0:
            raise InvalidInput("A fee is never below zero.")
        with self._ctx.db.writing() as session:
            clash = session.scalar(
                select(Procedure).where(Procedure.code == code, Procedure.deleted_at.is_(None))
            )
            if clash is not None and clash.id != procedure_id:
                raise InvalidInput(f"The code {code} is already {clash.name}.")
            if procedure_id is None:
                row = Procedure(code=code, sort_order=_next_order(session))
                session.add(row)
            else:
                found = live_row(
                    session, Procedure, procedure_id, "That procedure is no longer on the list."
                )
                row = found
            row.name, row.category, row.fee_cents, row.active = name, category.value, fee, active
            row.code = code
            session.flush()
            self._audit(session, f"procedure {code}: {name}, {format_cents(fee)}")
            info = _info(row)
        self._ctx.announce(Area.MONEY)
        return info

    def load_starter_list(self) -> int:
        """Add the starter list's procedures the office does not have yet; returns how many."""
        self._ctx.require(Permission.EDIT_FEES)
        with self._ctx.db.writing() as session:
            have = {row.code for row in session.scalars(select(Procedure))}
            order = _next_order(session)
            added = 0
            for code, name, category, fee in starter_list():
                if code in have:
                    continue
                session.add(
                    Procedure(
                        code=code, name=name, category=category.value, fee_cents=fee,
                        sort_order=order + added,
                    )
                )  # fmt: skip
                added += 1
            if added:
                self._audit(session, f"{added} procedures from the dental starter list")
        if added:
            self._ctx.announce(Area.MONEY)
        return added

    def plan_fees(self, carrier_id: uuid.UUID, plan: str) -> builtins.list[PlanFeeInfo]:
        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.reading() as session:
            fees = read_plan_fees(session, carrier_id, plan)
        return [PlanFeeInfo(code, allowed) for code, allowed in sorted(fees.items())]

    def set_plan_fee(
        self, carrier_id: uuid.UUID, plan: str, code: str, allowed: int | None
    ) -> None:
        """A plan's allowed fee for a procedure; None removes it (the office's fee applies)."""
        self._ctx.require(Permission.EDIT_FEES)
        code, plan = code.strip().upper(), plan.strip()
        if allowed is not None and allowed < 0:
            raise InvalidInput("An allowed fee is never below zero.")
        with self._ctx.db.writing() as session:
            carrier = live_row(
                session, Carrier, carrier_id, "That insurance company is no longer on file."
            )
            row = session.scalar(
                select(PlanFee).where(
                    PlanFee.carrier_id == carrier_id,
                    PlanFee.plan == plan,
                    PlanFee.code == code,
                    PlanFee.deleted_at.is_(None),
                )
            )
            if allowed is None:
                if row is not None:
                    row.deleted_at = utcnow()
            elif row is None:
                session.add(PlanFee(carrier_id=carrier_id, plan=plan, code=code,
                                    allowed_cents=allowed))  # fmt: skip
            else:
                row.allowed_cents = allowed
            shown = format_cents(allowed) if allowed is not None else "the office's fee"
            self._audit(session, f"{carrier.name} {plan}: {code} allows {shown}")
        self._ctx.announce(Area.MONEY)

    def _audit(self, session: Session, summary: str) -> None:
        audit.record(session, self._ctx.actor, audit.Action.FEES_CHANGED, summary)


def _next_order(session: Session) -> int:
    orders = session.scalars(select(Procedure.sort_order))
    return max(orders, default=-1) + 1


def _info(row: Procedure) -> ProcedureInfo:
    return ProcedureInfo(
        row.id, row.code, row.name, ProcedureCategory(row.category), row.fee_cents, row.active
    )
