"""What every report is made of, whatever it measures: a few headline figures, one chart and
the table under it. One shape for all of them, so the screen, the PDF and the CSV are each
drawn by one piece of code, from the same numbers.

Plain values, here rather than in services/, because documents/ (the printed report) sits
below services/ and must read them too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from practicedesk.domain.money import format_cents


class ChartKind(StrEnum):
    BARS = "bars"  # one bar per label and series, side by side
    STACKED = "stacked"  # series stacked in one bar per label
    LINE = "line"  # one line per series, labels along the bottom


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float, ...]  # NaN where there is nothing to show (a month without surveys)


@dataclass(frozen=True, slots=True)
class ReportChart:
    kind: ChartKind
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str  # what the values count: "minutes", "visits", "%", "$"

    def extent(self) -> tuple[float, float]:
        """The lowest and highest value drawn: of the stacks' totals when stacked."""
        if self.kind is ChartKind.STACKED:
            totals = [
                sum(0.0 if math.isnan(s.values[i]) else s.values[i] for s in self.series)
                for i in range(len(self.labels))
            ]
            return min(totals, default=0.0), max(totals, default=0.0)
        values = [v for s in self.series for v in s.values if not math.isnan(v)]
        return min(values, default=0.0), max(values, default=0.0)


Cell = str | int | float | None


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    money_columns: frozenset[int] = frozenset()  # columns holding cents, shown as dollars
    patient_columns: frozenset[int] = frozenset()  # columns naming patients

    def without(self, columns: frozenset[int]) -> Table:
        """The table less those columns (the patients' names, for a reader who may not see
        them); the money columns still marked where they moved to."""
        kept = [i for i in range(len(self.columns)) if i not in columns]
        moved = {old: new for new, old in enumerate(kept)}
        return Table(
            tuple(self.columns[i] for i in kept),
            tuple(tuple(row[i] for i in kept) for row in self.rows),
            frozenset(moved[i] for i in self.money_columns if i in moved),
            frozenset(moved[i] for i in self.patient_columns if i in moved),
        )

    def text(self, row: int, column: int) -> str:
        """A cell as the screen and the printed report show it."""
        return cell_text(self.rows[row][column], column in self.money_columns)


@dataclass(frozen=True, slots=True)
class Figure:
    """A headline number and what it means: "Median wait", "6 min"."""

    label: str
    value: str
    report: str = ""  # the report it leads to (for "This week")


@dataclass(frozen=True, slots=True)
class Report:
    key: str
    title: str
    first: date
    last: date
    figures: tuple[Figure, ...]
    chart: ReportChart | None
    table: Table
    notes: tuple[str, ...] = ()  # what the numbers do and do not count
    names_patients: bool = False  # printing or exporting it is audited
    filters: dict[str, str] = field(default_factory=dict)  # as chosen, in words


def cell_text(cell: Cell, cents: bool = False) -> str:
    """Money as dollars, fractions with the one decimal the reports round to, nothing as a
    dash: the same words on screen and on paper."""
    if cell is None:
        return "—"
    if cents and isinstance(cell, int):
        return format_cents(cell)
    if isinstance(cell, float):
        return f"{cell:,.1f}"
    if isinstance(cell, int):
        return f"{cell:,}"
    return cell
