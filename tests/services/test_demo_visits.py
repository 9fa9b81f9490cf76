"""The demo's visits as the desk recorded them: nothing is recorded as happening after the
moment the demo is made (Today's patients read "since 10:32 AM" at 10:30)."""

from __future__ import annotations

import random
import uuid
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from practicedesk.demo.visits import Column, generate_visits
from practicedesk.domain.hours import DailyHours, local_instant, working_spans

ZONE = ZoneInfo("America/Los_Angeles")
DAY = date(2026, 12, 9)  # a Wednesday
TYPES = [(uuid.UUID(int=1), 30, 3), (uuid.UUID(int=2), 60, 2), (uuid.UUID(int=3), 90, 1)]


@pytest.mark.parametrize("minutes", range(0, 10 * 60, 7))  # every seven minutes from 8:00
def test_no_visit_is_recorded_as_seated_or_done_after_the_demo_is_made(minutes: int) -> None:
    now = local_instant(DAY, time(8), ZONE) + timedelta(minutes=minutes)
    week = [DailyHours(d, time(8), time(17)) for d in range(5)]
    providers = [uuid.UUID(int=10 + n) for n in range(3)]
    working = {p: working_spans(week, DAY - timedelta(days=7), DAY + timedelta(days=7), ZONE)
               for p in providers}  # fmt: skip
    columns = [Column(p, uuid.UUID(int=20 + n), TYPES) for n, p in enumerate(providers)]
    patients = [uuid.UUID(int=100 + n) for n in range(200)]
    visits = generate_visits(random.Random(minutes), columns, working, patients, now)
    times = ("confirmed_at", "arrived_at", "seated_at", "completed_at", "no_show_at",
             "cancelled_at")  # fmt: skip
    recorded = [getattr(v, name) for v in visits for name in times if getattr(v, name)]
    assert recorded and max(recorded) <= now
