"""A balance brought forward from the system the practice moved from, as dated amounts.

The old system tells what each guarantor owed on the day of its export, often split by how
long it had been owed (0–30, 31–60, 61–90 and over 90 days). Each part becomes one amount,
dated so that PracticeDesk's aging (domain/aging.py) puts it in the same bucket on that day
and moves it on from there as the days pass: the 31–60 part is dated 31 days before the
export, the over-90 part 91 days before. Without the split, the whole balance is dated on
the export's day. A credit is brought as it stands; aging lets credits pay the oldest
amounts first, as for any other credit. Pure: the service posts the amounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from practicedesk.domain.aging import BUCKET_DAYS
from practicedesk.domain.money import format_cents


class AgingDoesNotAddUp(ValueError):
    """The parts of an old balance do not make its total; the message says by how much."""


@dataclass(frozen=True, slots=True)
class OldBalance:
    as_of: date  # the day the old system's aging was worked out
    total: int  # cents; negative: a credit
    buckets: tuple[int, ...] | None = None  # cents owed 0–30, 31–60, 61–90, 91+ days

    def __post_init__(self) -> None:
        if self.buckets is not None and len(self.buckets) != len(BUCKET_DAYS):
            raise ValueError(f"an old aging has {len(BUCKET_DAYS)} buckets")


def dated_amounts(balance: OldBalance) -> list[tuple[date, int]]:
    """(day, cents) to post, oldest first; none for a balance of zero. The parts must add up
    to the total: an export whose columns do not agree is not guessed at."""
    if balance.buckets is None:
        return [(balance.as_of, balance.total)] if balance.total else []
    parts = sum(balance.buckets)
    if parts != balance.total:
        raise AgingDoesNotAddUp(
            f"Its parts add up to {format_cents(parts)} but its total is "
            f"{format_cents(balance.total)}."
        )
    dated = [
        (balance.as_of - timedelta(days=first), amount)
        for (first, _), amount in zip(BUCKET_DAYS, balance.buckets, strict=True)
        if amount
    ]
    return sorted(dated)
