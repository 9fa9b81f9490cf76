"""Bringing the old system's insurance: policies into the charts, companies added once, the
subscriber named from the old id, checks as at the desk, and a second import adding nothing."""

from __future__ import annotations

import pytest

from practicedesk.services.session import PracticeSession
from tests.services.moving.moving_fixtures import MovingOffice, set_up_moving

# Open Dental's columns, as the moving guide's insurance query writes them.
HEADER = (
    "PatPlanNum,PatNum,Ordinal,Relationship,Subscriber,SubscriberID,DateEffective,DateTerm,"
    "GroupName,GroupNum,CarrierName,Phone,ElectID"
)
POLICIES = "\r\n".join((
    HEADER,
    "1,201,1,0,201,XJ123,2020-01-01,0001-01-01,Acme Corp,G-77,Delta Dental,800-555-0100,DD1",
    "2,202,1,2,201,XJ123,2020-01-01,0001-01-01,Acme Corp,G-77,delta  dental,800-555-0100,DD1",
    "3,203,1,9,203,Q9,2020-01-01,0001-01-01,,,Cigna,,",
    "4,999,1,0,999,Q9,2020-01-01,0001-01-01,,,Cigna,,",
    "5,203,2,0,203,,2020-01-01,0001-01-01,,,Cigna,,",
    "6,203,1,0,203,C-55,2024-01-01,2023-01-01,,,Cigna,,",
    "1,201,2,0,201,ZZ9,2020-01-01,0001-01-01,,,Aetna,,",
)).encode() + b"\r\n"  # fmt: skip


@pytest.fixture
def moving(owner_session: PracticeSession) -> MovingOffice:
    return set_up_moving(owner_session)


def _run(session: PracticeSession, data: bytes = POLICIES, **options: object):  # type: ignore[no-untyped-def]
    service = session.insurance_import
    return service.run(data, service.starting_mapping("open-dental"), **options)  # type: ignore[arg-type]


def test_policies_come_into_the_charts_with_their_subscribers_and_companies(
    moving: MovingOffice,
) -> None:
    session = moving.session
    report = _run(session, dry_run=False, file_name="insurance.txt")
    assert report.added == 2
    assert "1 insurance company added: Delta Dental." in report.facts
    assert [c.name for c in session.insurance.carriers()] == ["Delta Dental"]
    eli = session.patients.search("Eli Reyes")[0].id
    [policy] = session.chart.open(eli).policies
    assert (policy.carrier_name, policy.member_id, policy.group_number) == (
        "Delta Dental", "XJ123", "G-77",
    )  # fmt: skip
    # The child's policy is held by the parent, named from the old system's id.
    assert policy.subscriber_name == "Dana Reyes"
    assert policy.subscriber_relationship == "child"


def test_rows_the_chart_would_refuse_are_named_by_line(moving: MovingOffice) -> None:
    report = _run(moving.session, dry_run=True)
    reasons = {line.line: line.text for line in report.rejected}
    assert "relationship 9 is not one of the old system's numbers" in reasons[4]
    assert "No patient has the old system's id 999" in reasons[5]
    assert "The member id is missing." in reasons[6]
    assert "cannot end before it starts" in reasons[7]
    assert "Line 2 has this policy already." in reasons[8]


def test_the_same_file_twice_adds_nothing_and_a_later_export_updates_the_policy(
    moving: MovingOffice,
) -> None:
    session = moving.session
    _run(session, dry_run=False)
    again = _run(session, dry_run=False)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    later = POLICIES.replace(b"Acme Corp,G-77,Delta Dental", b"Acme Corp,G-78,Delta Dental", 1)
    updated = _run(session, later, dry_run=False)
    assert (updated.added, updated.updated) == (0, 1)
    dana = session.patients.search("Dana Reyes")[0].id
    [policy] = session.chart.open(dana).policies
    assert policy.group_number == "G-78"
