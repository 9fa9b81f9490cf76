"""When each demo patient registered with the practice.

The patients are added in one go when the demo is built; left at that, or tied to the first
visit each happens to get in the demo's year, the "new patients" report shows most of the
practice arriving in its first months. A practice of steady size gains new patients at about
the same pace year after year: here a share of the patients (`NEW_EACH_YEAR` of them a year)
join during the demo's year, and only from then on are they given visits; the others
registered before it, fewer the further back (those of long ago have partly moved away or
died), at the same pace where the two meet, so the report's line runs on across the year's
start. Some months bring more than others: January (a new insurance year) and late summer
(back to school), fewer at the holidays. Nobody is registered before they were born.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta

NEW_EACH_YEAR = 0.15  # of the practice's patients, newly registered in a year
OLDEST = timedelta(days=40 * 365)  # the practice's own age: nobody registered before
# January .. December: how busy each month is for new patients, against the year's mean.
SEASON = (1.25, 1.1, 1.0, 1.0, 0.95, 0.85, 0.9, 1.1, 1.15, 1.0, 0.9, 0.8)
_DAY = timedelta(days=1)


def plan_registrations(
    rng: random.Random,
    patients: Sequence[uuid.UUID],
    born: Mapping[uuid.UUID, date | None],
    year_began: datetime,
    now: datetime,
) -> dict[uuid.UUID, datetime]:
    """Each patient's registration: newcomers from `year_began` to `now`, the rest before."""
    span = now - year_began
    per_day = NEW_EACH_YEAR * len(patients) / 365
    newcomers = round(per_day * span / _DAY)
    chosen = set(rng.sample(range(len(patients)), min(newcomers, len(patients))))
    # An exponential age with this mean puts `per_day` registrations on the day before the year.
    mean_age = (len(patients) - len(chosen)) / per_day * _DAY if per_day else _DAY

    def joined() -> datetime:
        return year_began + span * rng.random()

    def before() -> datetime:
        return year_began - min(mean_age * rng.expovariate(1), OLDEST)

    plan = {}
    for index, patient in enumerate(patients):
        birth = born.get(patient)
        earliest = datetime.combine(birth, time(12), now.tzinfo) if birth else now - OLDEST
        when = _in_season(rng, joined if index in chosen else before)
        plan[patient] = min(max(when, earliest), now)
    return plan


def _in_season(rng: random.Random, draw: Callable[[], datetime]) -> datetime:
    """A draw kept with its month's weight: a quiet month keeps fewer of those that fall in it."""
    busiest = max(SEASON)
    while True:
        when = draw()
        if rng.random() * busiest < SEASON[when.month - 1]:
            return when
