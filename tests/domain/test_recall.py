"""Recall due dates and the state each recall shows on the call list."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practicedesk.domain.recall import (
    CarriedDue,
    RecallRule,
    RecallState,
    add_months,
    due_date,
    last_satisfying,
    recall_state,
)

HYGIENE, NEW_PATIENT, SURGERY = uuid.UUID(int=1), uuid.UUID(int=2), uuid.UUID(int=3)
SATISFIES_HYGIENE = frozenset({HYGIENE, NEW_PATIENT})
SIX_MONTHS = RecallRule(6)
days = st.dates(date(2000, 1, 1), date(2090, 12, 31))
rules = st.tuples(st.integers(0, 36), st.integers(0, 90)).filter(any).map(lambda r: RecallRule(*r))
visits = st.lists(st.tuples(days, st.sampled_from([HYGIENE, NEW_PATIENT, SURGERY]), st.booleans()))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 15), 6, date(2026, 9, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_months_are_calendar_months_clamped_to_the_months_end(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


@given(days, st.integers(-120, 120))
def test_adding_months_lands_in_the_right_month_on_the_latest_day_it_can(
    start: date, months: int
) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day <= start.day
    if result.day < start.day:  # clamped: only because the month is too short
        assert (result + timedelta(days=1)).month != result.month


@given(days, days, rules, st.none() | rules)
def test_a_later_visit_is_never_due_back_earlier(
    first: date, second: date, rule: RecallRule, override: RecallRule | None
) -> None:
    earlier, later = sorted((first, second))
    earlier_due = due_date(earlier, rule, override)
    later_due = due_date(later, rule, override)
    assert earlier_due is not None and later_due is not None
    assert earlier_due <= later_due
    assert later_due > later


@given(visits, days, st.booleans(), rules)
def test_completing_another_visit_never_brings_the_recall_forward(
    history: list[tuple[date, uuid.UUID, bool]], day: date, completed: bool, rule: RecallRule
) -> None:
    before = due_date(last_satisfying(history, SATISFIES_HYGIENE), rule, first_due=date(2000, 1, 1))
    after_visit = [*history, (day, HYGIENE, completed)]
    after = due_date(
        last_satisfying(after_visit, SATISFIES_HYGIENE), rule, first_due=date(2000, 1, 1)
    )
    assert before is not None and after is not None
    assert after >= before


def test_the_due_date_follows_the_last_completed_satisfying_visit() -> None:
    history = [
        (date(2026, 1, 10), HYGIENE, True),
        (date(2026, 3, 5), NEW_PATIENT, True),
        (date(2026, 4, 1), SURGERY, True),  # does not satisfy hygiene recall
        (date(2026, 5, 2), HYGIENE, False),  # booked or missed, not done
    ]
    last = last_satisfying(history, SATISFIES_HYGIENE)
    assert last == date(2026, 3, 5)
    assert due_date(last, SIX_MONTHS) == date(2026, 9, 5)
    assert due_date(last, SIX_MONTHS, override=RecallRule(3)) == date(2026, 6, 5)
    assert due_date(last, RecallRule(12, 14)) == date(2027, 3, 19)


def test_a_patient_never_seen_is_due_from_the_first_due_date_or_not_at_all() -> None:
    assert last_satisfying([], SATISFIES_HYGIENE) is None
    assert due_date(None, SIX_MONTHS, first_due=date(2026, 2, 1)) == date(2026, 2, 1)
    assert due_date(None, SIX_MONTHS) is None


@given(days, days, st.one_of(st.none(), days), rules)
def test_a_due_date_carried_from_the_old_system_stands_until_a_visit_after_its_day(
    due: date, exported: date, last_done: date | None, rule: RecallRule
) -> None:
    """The old system knew visits PracticeDesk never saw: before its export's day, its due
    date wins; a satisfying visit completed here after that day moves the recall on."""
    carried = CarriedDue(due, exported)
    found = due_date(last_done, rule, None, None, carried)
    if last_done is None or last_done <= exported:
        assert found == due
    else:
        assert found == rule.after(last_done)


def test_a_recall_interval_of_nothing_is_a_bug() -> None:
    with pytest.raises(ValueError):
        RecallRule(0)
    with pytest.raises(ValueError):
        RecallRule(-6)


TODAY = date(2026, 6, 10)  # June has 30 days


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (date(2026, 4, 1), RecallState.OVERDUE),
        (date(2026, 6, 9), RecallState.OVERDUE),
        (date(2026, 6, 10), RecallState.DUE),
        (date(2026, 6, 30), RecallState.DUE),
        (date(2026, 7, 1), RecallState.DUE_SOON),
        (date(2026, 7, 10), RecallState.DUE_SOON),
        (date(2026, 7, 11), RecallState.NOT_DUE),
        (None, RecallState.NOT_DUE),
    ],
)
def test_a_recall_is_due_this_month_overdue_once_past_and_soon_within_thirty_days(
    due: date | None, expected: RecallState
) -> None:
    assert recall_state(due, today=TODAY, booked_on=None, turned_off=False) is expected


def test_a_grace_period_keeps_a_just_missed_recall_due_rather_than_overdue() -> None:
    late = date(2026, 5, 27)
    state = recall_state(late, today=TODAY, booked_on=None, turned_off=False, overdue_after_days=14)
    assert state is RecallState.DUE
    state = recall_state(late, today=TODAY, booked_on=None, turned_off=False, overdue_after_days=13)
    assert state is RecallState.OVERDUE


def test_off_wins_and_a_booked_visit_today_or_later_means_scheduled() -> None:
    overdue = date(2026, 1, 1)
    assert recall_state(overdue, today=TODAY, booked_on=TODAY, turned_off=True) is RecallState.OFF
    assert (
        recall_state(overdue, today=TODAY, booked_on=TODAY, turned_off=False)
        is RecallState.SCHEDULED
    )
    missed = TODAY - timedelta(days=1)
    assert (
        recall_state(overdue, today=TODAY, booked_on=missed, turned_off=False)
        is RecallState.OVERDUE
    )


URGENCY = [RecallState.OVERDUE, RecallState.DUE, RecallState.DUE_SOON, RecallState.NOT_DUE]


@given(days, days, days, st.integers(0, 90), st.integers(0, 60))
def test_a_later_due_date_never_makes_a_recall_more_urgent(
    today: date, first: date, second: date, soon: int, grace: int
) -> None:
    earlier, later = sorted((first, second))
    states = [
        recall_state(
            due,
            today=today,
            booked_on=None,
            turned_off=False,
            soon_days=soon,
            overdue_after_days=grace,
        )
        for due in (earlier, later)
    ]
    assert URGENCY.index(states[0]) <= URGENCY.index(states[1])
