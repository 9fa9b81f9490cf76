"""Bringing the old system's balances forward: aged as it aged them, into the append-only
ledger; the same file twice adds nothing; a later export replaces, never doubles; owners only."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from practicedesk.api import open_practice
from practicedesk.domain.ledger import EntryKind
from practicedesk.errors import InvalidInput, PermissionDenied
from practicedesk.security.roles import Role
from practicedesk.services.session import PracticeSession
from tests.conftest import OTHER_PASSWORD
from tests.services.moving.moving_fixtures import MovingOffice, set_up_moving
from tests.services.schedule_fixtures import practice_today

HEADER = "PatNum,Bal_0_30,Bal_31_60,Bal_61_90,BalOver90,BalTotal,InsEst"
AGING = "\r\n".join((
    HEADER,
    "201,100.00,50.00,0,20.00,170.00,40",
    "203,-25.00,0,0,0,-25.00,0",
    "202,10,0,0,0,11,0",
    "999,10,0,0,0,10,0",
    "201,1,0,0,0,1,0",
)).encode() + b"\r\n"  # fmt: skip


@pytest.fixture
def moving(owner_session: PracticeSession) -> MovingOffice:
    return set_up_moving(owner_session)


def _run(session: PracticeSession, data: bytes = AGING, **options: object):  # type: ignore[no-untyped-def]
    service = session.balance_import
    return service.run(data, service.starting_mapping("open-dental"), **options)  # type: ignore[arg-type]


def _buckets(session: PracticeSession, name: str, as_of: date) -> tuple[list[int], int]:
    [row] = [r for r in session.receivables.aging(as_of).rows if r.guarantor == name]
    return [bucket.total for bucket in row.aging.buckets], row.aging.credit


def test_balances_come_forward_aged_as_the_old_system_aged_them(moving: MovingOffice) -> None:
    session = moving.session
    as_of = practice_today()
    report = _run(session, dry_run=False, as_of=as_of, file_name="aging.txt")
    assert report.added == 2
    assert report.facts[0].startswith("The file's balances add up to $170.00 owed and $25.00")
    reasons = {line.line: line.text for line in report.rejected}
    assert "parts add up to $10.00 but its total is $11.00" in reasons[4]
    assert "id 999" in reasons[5] and "Line 2 has this account's balance already." in reasons[6]
    assert _buckets(session, "Reyes, Dana", as_of) == ([10000, 5000, 0, 2000], 0)
    assert _buckets(session, "Stone, Fay", as_of) == ([0, 0, 0, 0], 2500)
    # Thirty days on, the old 0–30 days have aged into 31–60, as they would have there.
    assert _buckets(session, "Reyes, Dana", as_of + timedelta(days=31))[0] == [0, 10000, 5000, 2000]
    dana = session.patients.search("Dana Reyes")[0].id
    entries = session.desk.account(dana).entries
    assert {e.kind for e in entries} == {EntryKind.BROUGHT_FORWARD}
    assert "expected $40.00 from insurance" in entries[0].description


def test_the_same_file_twice_adds_nothing_and_a_later_one_replaces_the_balance(
    moving: MovingOffice,
) -> None:
    session = moving.session
    as_of = practice_today()
    _run(session, dry_run=False, as_of=as_of)
    again = _run(session, dry_run=False, as_of=as_of)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    later = AGING.replace(b"201,100.00,50.00,0,20.00,170.00", b"201,90.00,50.00,0,20.00,160.00")
    replaced = _run(session, later, dry_run=False, as_of=as_of)
    assert (replaced.added, replaced.updated, replaced.unchanged) == (0, 1, 1)
    assert _buckets(session, "Reyes, Dana", as_of) == ([9000, 5000, 0, 2000], 0)
    dana = session.patients.search("Dana Reyes")[0].id
    assert session.desk.balance(dana).total == 16000


def test_a_file_without_balances_is_refused_and_only_the_owner_brings_them(
    moving: MovingOffice, data_dir: Path
) -> None:
    session = moving.session
    with pytest.raises(InvalidInput, match="No column holds the balance"):
        _run(session, b"PatNum,Name\r\n201,Dana\r\n", dry_run=True)
    session.users.add("maria", "Maria", Role.COORDINATOR, OTHER_PASSWORD,
                      must_change_password=False)  # fmt: skip
    session.close()
    with (
        open_practice(data_dir, "maria", OTHER_PASSWORD) as coordinator,
        pytest.raises(PermissionDenied),
    ):
        _run(coordinator, dry_run=True)


def test_the_day_s_report_lists_balances_brought_forward_apart_from_corrections(
    moving: MovingOffice,
) -> None:
    """Opening balances are not corrections: the owner reading the day's report must see
    what came from the old system as such, and the day's sum still add up."""
    session = moving.session
    as_of = practice_today()
    _run(session, dry_run=False, as_of=as_of, file_name="aging.txt")
    dana = session.patients.search("Dana Reyes")[0].id
    days = {e.posted_on for e in session.desk.account(dana).entries}
    day = max(days)
    report = session.day_close.report(day)
    brought = sum(e.amount for e in report.entries if e.kind is EntryKind.BROUGHT_FORWARD)
    assert brought and report.brought_forward == brought
    assert report.corrections == 0
    pdf = session.money_print.day_report(day)
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(BytesIO(pdf)).pages
    )
    assert "Balances brought forward" in text
    assert "Corrections $0.00" in text
