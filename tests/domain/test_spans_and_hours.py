"""Spans and working hours, including the two daylight-saving days of the year."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practicedesk.domain.hours import DailyHours, day_span, local_instant, working_spans
from practicedesk.domain.spans import Span, covered, merge, subtract

NEW_YORK = ZoneInfo("America/New_York")
BASE = datetime(2026, 3, 2, tzinfo=UTC)

minute_spans = st.builds(
    lambda start, length: Span(
        BASE + timedelta(minutes=start), BASE + timedelta(minutes=start + length)
    ),
    st.integers(0, 600),
    st.integers(0, 120),
)


def _minutes(spans: list[Span]) -> set[int]:
    covered_minutes: set[int] = set()
    for span in spans:
        first = int((span.start - BASE).total_seconds() // 60)
        covered_minutes.update(range(first, first + span.minutes))
    return covered_minutes


@given(st.lists(minute_spans, max_size=8), st.lists(minute_spans, max_size=8))
def test_subtract_removes_exactly_the_holes(spans: list[Span], holes: list[Span]) -> None:
    assert _minutes(subtract(spans, holes)) == _minutes(spans) - _minutes(holes)


@given(st.lists(minute_spans, max_size=10))
def test_merged_spans_are_sorted_disjoint_and_cover_the_same(spans: list[Span]) -> None:
    merged = merge(spans)
    assert _minutes(merged) == _minutes(spans)
    assert all(a.end < b.start for a, b in itertools.pairwise(merged))


def test_touching_visits_do_not_overlap() -> None:
    nine = Span.of(BASE, 60)
    assert not nine.overlaps(Span.of(BASE + timedelta(minutes=60), 30))
    assert covered(Span.of(BASE, 30), [nine])


@pytest.mark.parametrize("day", [date(2026, 3, 8), date(2026, 11, 1)])
def test_nine_oclock_stays_nine_oclock_on_daylight_saving_days(day: date) -> None:
    weekly = [DailyHours(day.weekday(), time(9), time(17))]
    [span] = working_spans(weekly, day, day, NEW_YORK)
    assert span.start.astimezone(NEW_YORK).time() == time(9)
    assert span.end.astimezone(NEW_YORK).time() == time(17)
    assert span.minutes == 8 * 60


def test_the_local_day_is_23_or_25_hours_long_when_the_clocks_change() -> None:
    assert day_span(date(2026, 3, 8), NEW_YORK).minutes == 23 * 60
    assert day_span(date(2026, 11, 1), NEW_YORK).minutes == 25 * 60
    assert day_span(date(2026, 11, 2), NEW_YORK).minutes == 24 * 60


def test_a_time_skipped_by_the_spring_change_moves_forward() -> None:
    instant = local_instant(date(2026, 3, 8), time(2, 30), NEW_YORK)
    assert instant.astimezone(NEW_YORK).time() == time(3, 30)


def test_time_off_and_closures_are_cut_out() -> None:
    monday = date(2026, 3, 2)
    weekly = [DailyHours(0, time(8), time(12)), DailyHours(0, time(13), time(17))]
    dentist_out = Span(
        local_instant(monday, time(10), NEW_YORK), local_instant(monday, time(14), NEW_YORK)
    )
    spans = working_spans(weekly, monday, monday, NEW_YORK, [dentist_out])
    assert [
        (s.start.astimezone(NEW_YORK).time(), s.end.astimezone(NEW_YORK).time()) for s in spans
    ] == [
        (time(8), time(10)),
        (time(14), time(17)),
    ]


def test_bad_hours_are_refused() -> None:
    with pytest.raises(ValueError):
        DailyHours(7, time(8), time(9))
    with pytest.raises(ValueError):
        DailyHours(0, time(9), time(8))
