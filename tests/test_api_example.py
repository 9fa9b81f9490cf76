"""The examples in docs/ run against a real practice, so the documentation stays true."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from dataclasses import replace
from datetime import time, timedelta
from decimal import Decimal
from pathlib import Path

from practicedesk.api import (
    CheckOut,
    CheckOutLine,
    Eob,
    NewPayment,
    Role,
    open_practice,
)
from practicedesk.domain.hours import local_instant
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD
from tests.services.money.money_fixtures import HYGIENE_CODES, set_up_money
from tests.services.schedule_fixtures import ZONE, practice_today, set_up_office

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
EXAMPLE = EXAMPLES / "practice_summary.py"
COLLECTIONS = EXAMPLES / "day_collections.py"


def _run(
    data_dir: Path, password: str, script: Path = EXAMPLE, *args: str, username: str = OWNER
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), str(data_dir), username, *args],
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


def _collections_csv(result: subprocess.CompletedProcess[str]) -> list[dict[str, str]]:
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))


def test_the_collections_example_lists_each_payment_of_the_day_in_dollars(
    closed_practice: Path,
) -> None:
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        money = set_up_money(session)
        ana, ben = money.office.ana, money.office.ben
        visit = money.arrived_visit(ana)
        lines = tuple(CheckOutLine(code) for code in HYGIENE_CODES)
        done = session.desk.check_out(
            CheckOut(visit.id, lines, NewPayment(ana.id, 2_550, "card", reference="4242 A1"))
        )
        assert done.claim_id is not None
        session.claims.post_eob(done.claim_id, Eob(paid=12_000, check_number="88123"))
        typed_twice = session.desk.take_payment(NewPayment(ben.id, 1_000, "cash"))
        session.desk.reverse(typed_twice.id, "typed twice")
        session.desk.take_payment(NewPayment(ben.id, 6_005, "check", reference="1043"))
        collected = session.day_close.report(practice_today()).collected
    rows = _collections_csv(_run(closed_practice, OWNER_PASSWORD, COLLECTIONS))
    day = practice_today().isoformat()
    assert [(r["Day"], r["Patient"], r["From"], r["Method"], r["Amount"], r["Reversed"])
            for r in rows] == [
        (day, "Ana Alvarez", "patient", "card", "25.50", ""),
        (day, "Ana Alvarez", "insurance", "check", "120.00", ""),
        (day, "Ben Brooks", "patient", "cash", "10.00", "yes"),
        (day, "Ben Brooks", "patient", "check", "60.05", ""),
    ]  # fmt: skip
    assert sum(Decimal(r["Amount"]) for r in rows) == Decimal(collected) / 100  # as reported


def test_the_collections_example_leaves_another_day_s_payments_out(closed_practice: Path) -> None:
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        office = set_up_office(session)
        session.desk.take_payment(NewPayment(office.ben.id, 1_000, "cash"))
    yesterday = (practice_today() - timedelta(days=1)).isoformat()
    result = _run(closed_practice, OWNER_PASSWORD, COLLECTIONS, yesterday)
    assert _collections_csv(result) == []
    assert result.stdout.startswith("\ufeffDay,Patient,From,Method,Reference,Amount,Reversed")


def test_the_collections_example_tells_a_clinician_in_one_sentence(closed_practice: Path) -> None:
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        session.users.add("cara", "Cara Clinician", Role.CLINICIAN, OTHER_PASSWORD,
                          must_change_password=False)  # fmt: skip
    result = _run(closed_practice, OTHER_PASSWORD, COLLECTIONS, username="cara")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "Your account (clinician) may not see accounts, balances and claims. "
        "Ask the practice owner."
    )
