"""The example in docs/ runs against a real practice, so the documentation stays true."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import time
from pathlib import Path

from practicedesk.api import open_practice
from practicedesk.domain.hours import local_instant
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.services.schedule_fixtures import ZONE, practice_today, set_up_office

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "practice_summary.py"


def _run(data_dir: Path, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLE), str(data_dir), OWNER],
        env={**os.environ, "PRACTICEDESK_PASSWORD": password},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_documented_example_script_runs(closed_practice: Path) -> None:
    result = _run(closed_practice, OWNER_PASSWORD)
    assert result.returncode == 0, result.stderr
    assert "Harbor Test Dental (America/New_York)" in result.stdout
    assert "Signed in as Olive Owner (owner)" in result.stdout
    assert ": visits 0, still to come 0" in result.stdout


def test_the_example_counts_the_practice_s_visits_today(closed_practice: Path) -> None:
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        office = set_up_office(session)
        for hour, patient in ((9, office.ana), (10, office.ben)):
            starts_at = local_instant(practice_today(), time(hour), ZONE)
            visit = replace(office.visit(patient, 0, hour), starts_at=starts_at)
            session.schedule.book(visit, book_anyway=True)  # today may be a weekend
        [first, *_] = session.schedule.day(practice_today()).appointments
        session.schedule.cancel(first.id, "patient called")
    result = _run(closed_practice, OWNER_PASSWORD)
    assert result.returncode == 0, result.stderr
    assert f"Today ({practice_today():%m/%d/%Y}): visits 2, still to come 1" in result.stdout


def test_the_example_reports_a_wrong_password_in_one_sentence(closed_practice: Path) -> None:
    result = _run(closed_practice, "not the right one at all")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "The user name or password is not right. Check them and try again."
    )
