"""When the demo's patients registered: a steady trickle of new patients month by month, as
the owner reads it in Reports → Patients, rather than the practice arriving all at once."""

from __future__ import annotations

import random
import statistics
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from practicedesk.api import open_practice
from practicedesk.demo.builder import DEMO_PASSWORD, build_demo
from practicedesk.demo.registrations import NEW_EACH_YEAR, plan_registrations
from practicedesk.domain.recall import add_months
from practicedesk.services.reports.period import Period
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import Appointment, Patient
from tests.conftest import FAST_KDF

NOW = datetime(2026, 10, 14, 18, 30, tzinfo=UTC)


def _whole_months(counts: Counter[date], last: date, months: int) -> list[int]:
    """The counts of the `months` whole calendar months before the one `last` falls in."""
    first = add_months(last.replace(day=1), -months)
    return [counts.get(add_months(first, n), 0) for n in range(months)]


@settings(max_examples=15, deadline=None)
@given(
    patients=st.integers(1_000, 20_000),
    seed=st.integers(0, 10_000),
    days_ago=st.integers(0, 365),
)
def test_registrations_come_at_a_steady_pace_through_the_year_and_before_it(
    patients: int, seed: int, days_ago: int
) -> None:
    now = NOW - timedelta(days=days_ago)
    year_began = now - timedelta(days=365)
    ids = [uuid.UUID(int=n + 1) for n in range(patients)]
    plan = plan_registrations(random.Random(seed), ids, {}, year_began, now)
    by_month = Counter(at.date().replace(day=1) for at in plan.values())
    months = _whole_months(by_month, now.date(), 24)
    assert max(months) <= 3 * statistics.median(months)
    newcomers = sum(1 for at in plan.values() if at > year_began)
    assert 0.8 * NEW_EACH_YEAR <= newcomers / patients <= 1.2 * NEW_EACH_YEAR
    assert all(at <= now for at in plan.values())


def test_nobody_is_registered_before_they_were_born() -> None:
    ids = [uuid.UUID(int=n + 1) for n in range(2_000)]
    born = {patient: date(2020, 1, 1) + timedelta(days=n) for n, patient in enumerate(ids)}
    plan = plan_registrations(random.Random(3), ids, born, NOW - timedelta(days=365), NOW)
    assert all(plan[patient].date() >= born[patient] for patient in ids)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PracticeSession]:
    """A demo of the default size on a fixed day: large enough for a monthly count to mean
    something (the shared test demo has 80 patients)."""
    folder: Path = tmp_path_factory.mktemp("demo500") / "practice"
    build_demo(folder, patients=500, seed=5, kdf_params=FAST_KDF, now=NOW)
    with open_practice(folder, "owner", DEMO_PASSWORD) as session:
        yield session


def test_the_new_patients_report_shows_no_month_far_above_the_others(
    demo: PracticeSession,
) -> None:
    today = NOW.date()
    report = demo.reports.run("patients", Period(add_months(today.replace(day=1), -24), today))
    assert report.chart is not None
    whole = [int(value) for value in report.chart.series[0].values[:-1]]  # this month: partly
    assert len(whole) == 24
    assert max(whole) <= 3 * statistics.median(whole)
    assert statistics.median(whole) >= 2


def test_no_patient_has_a_visit_or_a_booking_before_they_registered(
    demo: PracticeSession,
) -> None:
    with demo._ctx.db.reading() as db:
        early = db.scalar(
            select(func.count()).select_from(Appointment).join(
                Patient, Patient.id == Appointment.patient_id
            ).where(
                (Appointment.starts_at < Patient.created_at)
                | (Appointment.created_at < Patient.created_at)
            )
        )  # fmt: skip
    assert early == 0


def test_registrations_are_dated_before_the_demo_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The recall list counts a patient never seen from the day they registered, and the
    demo calls whom it lists as overdue. Dated at the end, the registrations were the day
    the demo was built when the calls were chosen, so a demo built across midnight called
    other patients than the same demo built after it."""
    import practicedesk.demo.builder as builder

    seen: dict[uuid.UUID, datetime] = {}
    add_recalls = builder.add_recalls

    def noting(session: PracticeSession, *args: object) -> None:
        with session._ctx.db.reading() as db:
            seen.update((pid, at) for pid, at in db.execute(select(Patient.id, Patient.created_at)))
        add_recalls(session, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(builder, "add_recalls", noting)
    build_demo(tmp_path / "practice", patients=60, seed=3, kdf_params=FAST_KDF, now=NOW)
    with (
        open_practice(tmp_path / "practice", "owner", DEMO_PASSWORD) as session,
        session._ctx.db.reading() as db,
    ):
        final = dict(db.execute(select(Patient.id, Patient.created_at)).all())
    assert len(seen) == 60 and seen == final
    assert min(final.values()) < NOW - timedelta(days=365), "the practice is older than a year"
