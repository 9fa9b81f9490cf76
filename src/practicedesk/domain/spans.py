"""Spans of time and the arithmetic the schedule needs: overlap, union, subtraction.

All instants are timezone-aware; spans are half-open, [start, end), so a visit ending at
10:00 and one starting at 10:00 do not overlap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True, order=True)
class Span:
    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("spans need time-zone-aware instants")
        if self.end < self.start:
            raise ValueError("a span cannot end before it starts")

    @classmethod
    def of(cls, start: datetime, minutes: int) -> Span:
        return cls(start, start + timedelta(minutes=minutes))

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


def merge(spans: Iterable[Span]) -> list[Span]:
    """Sorted, with touching and overlapping spans joined."""
    merged: list[Span] = []
    for span in sorted(spans):
        if span.start == span.end:
            continue
        if merged and span.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Span(last.start, max(last.end, span.end))
        else:
            merged.append(span)
    return merged


def subtract(spans: Iterable[Span], holes: Iterable[Span]) -> list[Span]:
    """What is left of `spans` once every hole is cut out."""
    result = merge(spans)
    for hole in merge(holes):
        pieces: list[Span] = []
        for span in result:
            if not span.overlaps(hole):
                pieces.append(span)
                continue
            if span.start < hole.start:
                pieces.append(Span(span.start, hole.start))
            if hole.end < span.end:
                pieces.append(Span(hole.end, span.end))
        result = pieces
    return result


def covered(span: Span, by: Iterable[Span]) -> bool:
    """Whether `span` lies wholly inside the union of `by`."""
    return any(part.contains(span) for part in merge(by))
