"""Values as practice systems export them: visit times, lengths, money, percentages,
intervals, relationships and statuses, each read or refused in a sentence."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practicedesk.domain.money import MAX_CENTS
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.interop.csv_values import BadValue
from practicedesk.interop.moving import values
from practicedesk.interop.moving.presets import OPEN_DENTAL
from practicedesk.interop.moving.statuses import status_of


@pytest.mark.parametrize(
    ("date_text", "time_text", "expected"),
    [
        ("2026-07-31 08:30:00", "", (date(2026, 7, 31), time(8, 30))),
        ("2026-07-31T08:30", "", (date(2026, 7, 31), time(8, 30))),
        ("7/31/2026 8:30 AM", "", (date(2026, 7, 31), time(8, 30))),
        ("7/31/2026", "2:15 PM", (date(2026, 7, 31), time(14, 15))),
        ("Jul 31, 2026 14:15", "", (date(2026, 7, 31), time(14, 15))),
        ("20260731", "0830", (date(2026, 7, 31), time(8, 30))),
        ("7/31/2026 12:05 AM", "", (date(2026, 7, 31), time(0, 5))),
    ],
)
def test_a_visits_day_and_time_in_the_usual_forms(
    date_text: str, time_text: str, expected: tuple[date, time]
) -> None:
    assert values.day_and_time(date_text, time_text, day_first=False, what="The date") == expected


@pytest.mark.parametrize(
    ("date_text", "reason"),
    [
        ("2026-02-03 25:00", "The time 25:00 is not a real time."),
        ("2026-02-03 10:61", "The time 10:61 is not a real time."),
        ("2026-02-30 10:00", "The date 2026-02-30 is not a real date."),
        ("2026-02-03 13:00 PM", "The time 13:00 PM is not a real time."),
        ("soon", "The date soon is not a date PracticeDesk can read."),
    ],
)
def test_an_impossible_day_or_time_is_refused_in_a_sentence(date_text: str, reason: str) -> None:
    with pytest.raises(BadValue) as refused:
        values.day_and_time(date_text, "", day_first=False, what="The date")
    assert str(refused.value) == reason


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("30", 30), ("45 min", 45), ("1:30", 90), ("1h 30m", 90), ("1.5 hours", 90),
     ("//XXXX//", 40), ("XXXXXXXXXXXX", 60), ("/", 5)],
)  # fmt: skip
def test_a_length_in_minutes_or_as_a_time_pattern(typed: str, expected: int) -> None:
    assert values.minutes(typed) == expected


@pytest.mark.parametrize(
    ("typed", "cents"),
    [("1,234.50", 123450), ("$-12", -1200), ("(12.00)", -1200), ("12.00-", -1200),
     ("33.330000", 3333), ("0", 0), ("-$0.05", -5)],
)  # fmt: skip
def test_money_as_reports_write_it_is_read_to_the_cent(typed: str, cents: int) -> None:
    assert values.cents(typed, what="The balance") == cents


@pytest.mark.parametrize("typed", ["12.505", "abc", "nan", "inf", "1e400", "1.2.3"])
def test_money_that_would_need_a_guess_is_refused(typed: str) -> None:
    with pytest.raises(BadValue, match="The balance"):
        values.cents(typed, what="The balance")


@given(st.integers(-MAX_CENTS, MAX_CENTS))
def test_any_amount_in_cents_written_with_two_decimals_reads_back(cents: int) -> None:
    written = f"{'-' if cents < 0 else ''}{abs(cents) // 100:,}.{abs(cents) % 100:02d}"
    assert values.cents(written, what="The balance") == cents


@given(st.integers(0, 9), st.integers(0, 11), st.integers(0, 4), st.integers(0, 6))
def test_open_dentals_packed_interval_is_read_as_months_and_days(
    years: int, months: int, weeks: int, days: int
) -> None:
    total_months, total_days = years * 12 + months, weeks * 7 + days
    packed = years << 24 | months << 16 | weeks << 8 | days
    if not (total_months or total_days) or packed <= 120:
        return  # no interval, or a plain number of months
    assert values.interval(str(packed)) == (total_months, total_days)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("6 months", (6, 0)), ("6m1d", (6, 1)), ("1 year", (12, 0)), ("3", (3, 0)),
     ("6 months and 1 day", (6, 1)), ("2 weeks", (0, 14)), ("393217", (6, 1))],
)  # fmt: skip
def test_intervals_in_words(typed: str, expected: tuple[int, int]) -> None:
    assert values.interval(typed) == expected


@pytest.mark.parametrize("typed", ["6 fortnights", "often", "0 months", "200"])
def test_an_interval_that_is_none_is_refused(typed: str) -> None:
    with pytest.raises(BadValue):
        values.interval(typed)


def test_relationships_by_word_or_open_dentals_number() -> None:
    assert [values.relationship(t) for t in ("", "0", "1", "2", "7", "8", "Daughter", "Wife")] == [
        "self", "self", "spouse", "child", "spouse", "child", "child", "spouse",
    ]  # fmt: skip
    with pytest.raises(BadValue, match="0–8"):
        values.relationship("9")
    with pytest.raises(BadValue, match="not one PracticeDesk knows"):
        values.relationship("neighbour")


def test_statuses_by_word_and_by_open_dentals_numbers() -> None:
    numbers = OPEN_DENTAL.values["appointments"]["status"]
    assert status_of("2", numbers) is VisitStatus.COMPLETED
    assert status_of("5", numbers) is VisitStatus.NO_SHOW
    assert status_of("6", numbers) is None  # planned: not a visit in the book
    assert status_of("Broken", {}) is VisitStatus.NO_SHOW
    assert status_of("No Show", {}) is VisitStatus.NO_SHOW
    assert status_of("Checked out", {}) is VisitStatus.COMPLETED
    assert status_of("UnschedList", {}) is None
    assert status_of("", {}) is VisitStatus.SCHEDULED
    assert status_of("Kept", {"kept": "completed"}) is VisitStatus.COMPLETED
    with pytest.raises(BadValue, match="match it to one of its own"):
        status_of("7", {})
    with pytest.raises(BadValue, match="not one of"):
        status_of("K", {"K": "done-ish"})
