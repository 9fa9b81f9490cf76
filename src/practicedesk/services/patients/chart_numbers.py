"""Giving charts their numbers, and the owner's renumbering of a chart.

A PC that does not sync numbers on from the highest number it knows of. A PC that syncs
numbers only from the blocks it claimed in the shared folder (domain/chart_numbers.py), so
two PCs apart for a week never give out the same number; each sync round tops its blocks
up and numbers the charts it had to register without one. A number once given is never
given again, even after its chart was renumbered ("formerly #12" stays findable).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from practicedesk.domain import chart_numbers as rules
from practicedesk.domain.chart_numbers import Block
from practicedesk.errors import InvalidInput
from practicedesk.services.practice.this_pc import share_of
from practicedesk.store.database import Database
from practicedesk.store.models import ChangeEntry, ChartNumberBlock, Patient, Task
from practicedesk.sync import chart_numbers as share_claims

CHART_NUMBER_TASK = "chart-number"  # Task.kind of "two patients have chart number N"


def former_numbers(text: str) -> list[int]:
    return [int(part) for part in text.split() if part.isdigit()]


def take(session: Session, device: str, count: int = 1) -> list[int | None]:
    """`count` numbers for new charts, in order; None where a syncing PC has none in hand
    (the chart gets its number at the next sync round)."""
    if not share_of(session):
        start = highest_known(session) + 1
        return list(range(start, start + count))
    own = own_blocks(session, device)
    free = rules.free_numbers(own, used_in(session, own))
    return [next(free, None) for _ in range(count)]


def highest_known(session: Session) -> int:
    """The highest number any chart has or had, or any PC claimed."""
    charts = session.scalar(select(func.max(Patient.chart_number))) or 0
    claimed = session.scalar(select(func.max(ChartNumberBlock.last))) or 0
    formerly = max(_all_former(session), default=0)
    return max(charts, claimed, formerly)


def own_blocks(session: Session, device: str) -> list[Block]:
    rows = session.execute(
        select(ChartNumberBlock.first, ChartNumberBlock.last).where(
            ChartNumberBlock.device_id == device, ChartNumberBlock.deleted_at.is_(None)
        )
    )
    return [Block(first, last) for first, last in rows]


def used_in(session: Session, blocks: Sequence[Block]) -> set[int]:
    """The numbers inside `blocks` that a chart has or had (deleted and merged ones too)."""
    if not blocks:
        return set()
    ranges = [Patient.chart_number.between(b.first, b.last) for b in blocks]
    used: set[int] = set(session.scalars(select(Patient.chart_number).where(or_(*ranges))))
    used |= {n for n in _all_former(session) if any(b.first <= n <= b.last for b in blocks)}
    return used


def is_taken(session: Session, number: int) -> bool:
    """Whether any chart has or had `number`."""
    if session.scalar(select(exists().where(Patient.chart_number == number))):
        return True
    return number in _all_former(session)


def _all_former(session: Session) -> list[int]:
    texts = session.scalars(
        select(Patient.former_chart_numbers).where(Patient.former_chart_numbers != "")
    )
    return [number for text in texts for number in former_numbers(text)]


def waiting(session: Session, devices: Iterable[str]) -> list[uuid.UUID]:
    """Charts this PC (or its copy before a restore) registered without a number, oldest
    first. Only the PC that registered a chart numbers it: two PCs numbering one chart would
    each give out a number and one of them would be lost to a patient's printed forms."""
    logged_here = exists().where(
        ChangeEntry.table_name == "patient",
        ChangeEntry.row_id == Patient.id,
        ChangeEntry.op == "insert",
        ChangeEntry.device_id.in_(list(devices)),
    )
    return list(
        session.scalars(
            select(Patient.id)
            .where(
                Patient.chart_number.is_(None),
                Patient.deleted_at.is_(None),
                Patient.merged_into.is_(None),
                logged_here,
            )
            .order_by(Patient.created_at, Patient.id)
        )
    )


def claim_blocks(db: Database, share: Path, practice_id: str, devices: Sequence[str]) -> None:
    """Claim blocks in the share until this PC (`devices[0]`) has its reserve in hand after
    numbering the charts that wait for one; raises OSError when the share cannot be written
    (the sync round reports it and tries again next time)."""
    device = devices[0]
    with db.reading() as session:
        own = own_blocks(session, device)
        queued = len(waiting(session, devices))
        needed = rules.blocks_to_claim(own, used_in(session, own), queued)
        above = highest_known(session)
    for _ in range(needed):
        block = share_claims.claim_block(share, practice_id, device, above)
        with db.writing() as session:
            session.add(ChartNumberBlock(first=block.first, last=block.last, device_id=device))
        above = block.last


def checked_new_number(session: Session, device: str, number: int) -> int:
    """A number the owner typed for a chart: unused, and on a syncing PC one of its own."""
    if number < 1:
        raise InvalidInput("A chart number is a whole number from 1 up.")
    if is_taken(session, number):
        raise InvalidInput(
            f"Chart number {number} is or was another chart's; choose another, or leave the "
            "box as it is for the next free number."
        )
    if share_of(session) and not any(
        b.first <= number <= b.last for b in own_blocks(session, device)
    ):
        raise InvalidInput(
            f"Chart number {number} may belong to another PC of the practice. On a PC that "
            "syncs, take the number offered: it is one only this PC gives out."
        )
    return number


def close_duplicate_tasks(session: Session, holders: Iterable[uuid.UUID], now: datetime) -> None:
    """The program's "two patients have chart number N" tasks about these patients are done
    once no two charts share the number."""
    for task in session.scalars(
        select(Task).where(
            Task.kind == CHART_NUMBER_TASK,
            Task.done_at.is_(None),
            Task.deleted_at.is_(None),
            Task.patient_id.in_(list(holders)),
        )
    ):
        task.done_at = now
        task.done_by = "renumbered"
