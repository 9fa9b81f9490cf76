"""Reminder times in the practice's zone, across clock changes, and the next working days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practicedesk.domain.hours import local_instant
from practicedesk.domain.reminders import (
    ReminderRule,
    next_working_day,
    next_working_days,
    send_times,
)

NEW_YORK = ZoneInfo("America/New_York")
TWO_DAYS_AT_TEN = ReminderRule(2, time(10))
DAY_BEFORE_AT_EIGHT = ReminderRule(1, time(8))
RULES = [TWO_DAYS_AT_TEN, DAY_BEFORE_AT_EIGHT]
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return local_instant(day, time(hour, minute), NEW_YORK)


def local(instant: datetime) -> tuple[date, time]:
    shown = instant.astimezone(NEW_YORK)
    return shown.date(), shown.time()


def next_clock_change(forward: bool) -> date:
    """The next day New York's clocks go forward (or back), found rather than written down,
    so the test keeps meeting real changes as the years pass."""
    day = datetime.now(NEW_YORK).date()
    for _ in range(400):
        before = datetime.combine(day, time(12), NEW_YORK).utcoffset()
        after = datetime.combine(day + timedelta(days=1), time(12), NEW_YORK).utcoffset()
        assert before is not None and after is not None
        if after != before and (after > before) == forward:
            return day + timedelta(days=1)
        day += timedelta(days=1)
    raise AssertionError("New York changes its clocks twice a year")


def test_reminders_go_out_on_their_days_at_their_local_times() -> None:
    thursday = date(2026, 6, 11)
    sent = send_times(at(thursday, 9), RULES, NEW_YORK, LONG_AGO)
    assert [(index, local(when)) for index, when in sent] == [
        (0, (date(2026, 6, 9), time(10))),
        (1, (date(2026, 6, 10), time(8))),
    ]


@pytest.mark.parametrize("forward", [True, False], ids=["spring", "autumn"])
def test_a_clock_change_between_reminder_and_visit_does_not_move_the_reminder(
    forward: bool,
) -> None:
    change = next_clock_change(forward)
    visit_day = change + timedelta(days=1)
    sent = send_times(at(visit_day, 9), RULES, NEW_YORK, LONG_AGO)
    assert [local(when) for _, when in sent] == [
        (visit_day - timedelta(days=2), time(10)),
        (visit_day - timedelta(days=1), time(8)),
    ]
    gap = at(visit_day, 9) - sent[0][1]
    assert gap == timedelta(hours=47) + (timedelta(hours=-1) if forward else timedelta(hours=1))


def test_a_reminder_time_the_spring_change_skips_goes_out_an_hour_later() -> None:
    change = next_clock_change(forward=True)
    [(_, when)] = send_times(at(change, 11), [ReminderRule(0, time(2, 30))], NEW_YORK, LONG_AGO)
    assert local(when) == (change, time(3, 30))


def test_a_reminder_time_the_autumn_change_repeats_goes_out_the_first_time() -> None:
    change = next_clock_change(forward=False)
    [(_, when)] = send_times(at(change, 11), [ReminderRule(0, time(1, 30))], NEW_YORK, LONG_AGO)
    assert local(when) == (change, time(1, 30))
    assert when.astimezone(NEW_YORK).utcoffset() == timedelta(hours=-4)  # still summer time


@given(
    st.datetimes(datetime(2001, 1, 1), datetime(2090, 12, 31), timezones=st.just(UTC)),
    st.lists(st.builds(ReminderRule, st.integers(0, 14), st.times()), min_size=1, max_size=4),
)
def test_every_reminder_falls_on_its_local_day_at_its_local_time_in_any_year(
    visit: datetime, rules: list[ReminderRule]
) -> None:
    visit_day = visit.astimezone(NEW_YORK).date()
    for index, when in send_times(visit, rules, NEW_YORK, LONG_AGO):
        rule = rules[index]
        day, clock = local(when)
        assert day == visit_day - timedelta(days=rule.days_before)
        wall = datetime.combine(day, rule.at.replace(fold=0))
        round_trip = wall.replace(tzinfo=NEW_YORK).astimezone(UTC).astimezone(NEW_YORK)
        exists = round_trip.replace(tzinfo=None) == wall
        assert clock == (wall if exists else wall + timedelta(hours=1)).time()
        assert when < visit


def test_a_visit_booked_late_gets_one_reminder_now_if_it_is_more_than_two_hours_away() -> None:
    tomorrow = date(2026, 6, 11)
    now = at(tomorrow - timedelta(days=1), 15)  # both reminder times have passed
    assert send_times(at(tomorrow, 9), RULES, NEW_YORK, now) == [(1, now)]
    soon = at(tomorrow, 7, 30)
    assert send_times(at(tomorrow, 9), RULES, NEW_YORK, soon) == []


def test_a_missed_reminder_is_dropped_when_a_later_one_is_still_to_come() -> None:
    visit_day = date(2026, 6, 12)
    now = at(visit_day - timedelta(days=2), 15)
    sent = send_times(at(visit_day, 9), RULES, NEW_YORK, now)
    assert [(index, local(when)) for index, when in sent] == [
        (1, (visit_day - timedelta(days=1), time(8)))
    ]


def test_a_reminder_that_would_come_after_the_visit_begins_is_not_sent() -> None:
    day = date(2026, 6, 11)
    assert send_times(at(day, 9), [ReminderRule(0, time(10))], NEW_YORK, LONG_AGO) == []


def test_times_without_a_zone_are_a_bug() -> None:
    with pytest.raises(ValueError):
        send_times(datetime(2026, 6, 11, 9), RULES, NEW_YORK, LONG_AGO)
    with pytest.raises(ValueError):
        ReminderRule(1, time(8, tzinfo=UTC))


FRIDAY = date(2026, 7, 3)
MONDAY, TUESDAY, WEDNESDAY = (FRIDAY + timedelta(days=n) for n in (3, 4, 5))


def test_the_confirmation_list_covers_the_next_working_days_after_today() -> None:
    assert next_working_days(FRIDAY, 2, lambda d: d.weekday() < 5) == [MONDAY, TUESDAY]
    holiday = MONDAY
    assert next_working_days(FRIDAY, 2, lambda d: d.weekday() < 5 and d != holiday) == [
        TUESDAY,
        WEDNESDAY,
    ]
    assert next_working_days(FRIDAY, 0, lambda d: True) == []


def test_the_post_op_call_goes_on_the_next_working_day() -> None:
    assert next_working_day(FRIDAY, lambda d: d.weekday() < 5) == MONDAY
    assert next_working_day(MONDAY, lambda d: d.weekday() < 5) == TUESDAY


def test_a_practice_with_no_working_days_gets_answers_not_a_hang() -> None:
    assert next_working_days(FRIDAY, 2, lambda d: False) == []
    assert next_working_day(FRIDAY, lambda d: False) == FRIDAY + timedelta(days=1)
