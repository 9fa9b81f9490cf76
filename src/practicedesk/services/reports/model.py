"""What every report is made of, whatever it measures: a few headline figures, one chart and
the table under it. One shape for all of them, so the screen, the PDF and the CSV are each
drawn by one piece of code, from the same numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class ChartKind(StrEnum):
    BARS = "bars"  # one bar per label and series, side by side
    STACKED = "stacked"  # series stacked in one bar per label
    LINE = "line"  # one line per series, labels along the bottom


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class ReportChart:
    kind: ChartKind
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str  # what the values count: "minutes", "visits", "%", "$"


Cell = str | int | float | None


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    money_columns: frozenset[int] = frozenset()  # columns holding cents, shown as dollars


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
