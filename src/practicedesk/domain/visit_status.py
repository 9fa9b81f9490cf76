"""An appointment's life: scheduled → confirmed → arrived → seated → completed, or no-show,
or cancelled. Which step may follow which is decided here, once."""

from __future__ import annotations

from enum import StrEnum


class VisitStatus(StrEnum):
    SCHEDULED = "scheduled"
    CONFIRMED = "confirmed"
    ARRIVED = "arrived"
    SEATED = "seated"
    COMPLETED = "completed"
    NO_SHOW = "no-show"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {
            "scheduled": "Scheduled",
            "confirmed": "Confirmed",
            "arrived": "Arrived",
            "seated": "Seated",
            "completed": "Checked out",
            "no-show": "No-show",
            "cancelled": "Cancelled",
        }[self.value]

    @property
    def is_open(self) -> bool:
        """Still expected or in the office: it holds its time on the schedule."""
        return self not in (VisitStatus.COMPLETED, VisitStatus.NO_SHOW, VisitStatus.CANCELLED)

    @property
    def holds_time(self) -> bool:
        """Counts when checking conflicts: cancelled and no-show visits free their time."""
        return self not in (VisitStatus.NO_SHOW, VisitStatus.CANCELLED)


_NEXT: dict[VisitStatus, frozenset[VisitStatus]] = {
    VisitStatus.SCHEDULED: frozenset(
        {VisitStatus.CONFIRMED, VisitStatus.ARRIVED, VisitStatus.NO_SHOW, VisitStatus.CANCELLED}
    ),
    VisitStatus.CONFIRMED: frozenset(
        {VisitStatus.ARRIVED, VisitStatus.NO_SHOW, VisitStatus.CANCELLED, VisitStatus.SCHEDULED}
    ),
    VisitStatus.ARRIVED: frozenset(
        {VisitStatus.SEATED, VisitStatus.COMPLETED, VisitStatus.CONFIRMED, VisitStatus.CANCELLED}
    ),
    VisitStatus.SEATED: frozenset({VisitStatus.COMPLETED, VisitStatus.ARRIVED}),
    VisitStatus.COMPLETED: frozenset({VisitStatus.SEATED}),
    VisitStatus.NO_SHOW: frozenset({VisitStatus.SCHEDULED, VisitStatus.ARRIVED}),
    # Un-cancelling corrects a mistake (or undoes it); the time is checked again first.
    VisitStatus.CANCELLED: frozenset({VisitStatus.SCHEDULED, VisitStatus.CONFIRMED}),
}


def can_move(current: VisitStatus, to: VisitStatus) -> bool:
    """Forward steps, plus one step back to correct a mis-click (undo uses the same rule)."""
    return to in _NEXT[current]


def next_steps(current: VisitStatus) -> list[VisitStatus]:
    return [status for status in VisitStatus if status in _NEXT[current]]


_ORDER = (
    VisitStatus.SCHEDULED,
    VisitStatus.CONFIRMED,
    VisitStatus.ARRIVED,
    VisitStatus.SEATED,
    VisitStatus.COMPLETED,
)


def is_forward_step(current: VisitStatus, to: VisitStatus) -> bool:
    """A step the desk takes on purpose: allowed, and not one of the steps back that exist to
    correct a mis-click (Seat on a checked-out visit is undo's business, not a menu's)."""
    if not can_move(current, to):
        return False
    if current in _ORDER and to in _ORDER:
        return _ORDER.index(to) > _ORDER.index(current)
    return to not in (VisitStatus.SCHEDULED, VisitStatus.CONFIRMED)
