"""The chart's at-a-glance rules: age, verification due, overdue tasks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from practicedesk.domain.chart_rules import age_on, overdue, verification_due

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("born", "age"),
    [(date(1980, 11, 29), 46), (date(1980, 11, 30), 45), (date(2000, 2, 29), 26)],
)
def test_age_counts_whole_years(born: date, age: int) -> None:
    assert age_on(born, TODAY) == age


@pytest.mark.parametrize(
    ("visit_in", "verified_ago", "due"),
    [
        (None, None, False),  # nothing booked
        (-1, None, False),  # the visit is past
        (10, None, True),  # never verified, visit near
        (10, 5, False),  # verified 5 days ago: within the 30 days before the visit
        (10, 20, False),  # exactly 30 days before the visit still counts
        (10, 21, True),  # 31 days before the visit does not
        (30, 0, False),  # verified today for a visit in 30 days
        (30, 1, True),  # a day older than the window before the visit
        (31, None, False),  # too far off to ask yet
        (90, 200, False),
    ],
)
def test_verification_due(visit_in: int | None, verified_ago: int | None, due: bool) -> None:
    visit = TODAY + timedelta(days=visit_in) if visit_in is not None else None
    verified = TODAY - timedelta(days=verified_ago) if verified_ago is not None else None
    assert verification_due(visit, verified, 30, TODAY) is due


def test_overdue_tasks() -> None:
    assert overdue(TODAY - timedelta(days=1), False, TODAY)
    assert not overdue(TODAY, False, TODAY)
    assert not overdue(TODAY - timedelta(days=1), True, TODAY)
    assert not overdue(None, False, TODAY)
