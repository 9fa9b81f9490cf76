"""The demo practice's charts, read back through the chart services as the chart window would."""

from __future__ import annotations

import struct
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from practicedesk.api import open_practice
from practicedesk.demo.builder import DEMO_PASSWORD, DEMO_PRACTICE
from practicedesk.services.chart.documents import media_type_of
from practicedesk.services.chart.records import Chart
from practicedesk.services.session import PracticeSession
from tests.services.conftest import DEMO_PATIENTS as PATIENTS
from tests.services.conftest import build


def _charts(session: PracticeSession) -> dict[uuid.UUID, Chart]:
    return {p.id: session.chart.read(p.id) for p in session.patients.page(limit=PATIENTS)}


@pytest.fixture
def demo(demo_folder: Path) -> Iterator[PracticeSession]:
    with open_practice(demo_folder, "frontdesk", DEMO_PASSWORD) as session:
        yield session


@pytest.fixture(scope="module")
def charts(demo_folder: Path) -> dict[uuid.UUID, Chart]:
    with open_practice(demo_folder, "frontdesk", DEMO_PASSWORD) as session:
        return _charts(session)


def _adult(chart: Chart) -> bool:
    return chart.age is not None and chart.age >= 18


def test_children_answer_to_a_parent_who_lives_with_them(charts: dict[uuid.UUID, Chart]) -> None:
    children = [c for c in charts.values() if c.details.responsible_type == "patient"]
    assert len(children) >= 5
    for child in children:
        parent = charts[child.details.responsible_patient_id]  # type: ignore[index]
        assert child.age is not None and child.age < 18 and _adult(parent)
        assert parent.age - child.age >= 18  # type: ignore[operator]
        assert (parent.details.street, parent.details.postal_code) == (
            child.details.street,
            child.details.postal_code,
        )
        assert child.responsible_label.endswith("(patient)")
    surnames_at = {}
    for chart in charts.values():
        surnames_at.setdefault(chart.details.street, set()).add(chart.summary.last_name)
    households = [c for c in charts.values() if len(surnames_at[c.details.street]) == 1]
    assert len(households) > len(charts) / 2, "most addresses hold one family name"


def test_spouses_and_children_are_covered_under_a_subscribers_policy(
    demo: PracticeSession, charts: dict[uuid.UUID, Chart]
) -> None:
    carriers = demo.insurance.carriers()
    assert len(carriers) >= 5 and all(c.phone and c.payer_id for c in carriers)
    by_name = {f"{c.summary.first_name} {c.summary.last_name}": c for c in charts.values()}
    dependants = [
        (chart, policy)
        for chart in charts.values()
        for policy in chart.policies
        if policy.subscriber_relationship != "self"
    ]
    assert {policy.subscriber_relationship for _, policy in dependants} == {"spouse", "child"}
    for chart, policy in dependants:
        subscriber = by_name[policy.subscriber_name]
        assert subscriber.details.street == chart.details.street
        own = [p for p in subscriber.policies if p.subscriber_relationship == "self"]
        assert (policy.member_id, policy.group_number) in {
            (p.member_id, p.group_number) for p in own
        }
    adults = [c for c in charts.values() if _adult(c) and c.details.status == "active"]
    insured = sum(1 for c in adults if c.policies)
    assert 0.55 <= insured / len(adults) <= 0.9
    assert any(len(c.policies) == 2 for c in charts.values()), "some have a secondary policy"
    policy = next(p for c in charts.values() for p in c.policies if p.subscriber_relationship)
    assert policy.plan and policy.member_id and policy.effective_on


def test_policies_say_what_they_pay_and_checks_what_is_left_of_the_deductible(
    charts: dict[uuid.UUID, Chart],
) -> None:
    policies = [p for chart in charts.values() for p in chart.policies]
    for policy in policies:
        percents = (policy.covers_preventive, policy.covers_basic, policy.covers_major)
        assert (policy.copay_cents is None) == all(p is not None for p in percents), policy
    assert any(p.copay_cents for p in policies) and any(p.covers_major for p in policies)
    lefts = [v.deductible_left_cents for p in policies for v in p.verifications]
    assert 0 in lefts and any(left for left in lefts)
    assert None not in lefts


def test_upcoming_visits_show_verification_due_when_the_last_check_is_stale(
    charts: dict[uuid.UUID, Chart],
) -> None:
    insured_with_visits = [c for c in charts.values() if c.policies and c.next_visit]
    due = [c for c in insured_with_visits if c.policies[0].verification_due]
    assert due and len(due) < len(insured_with_visits)
    assert any(c.insurance_status.endswith("verification due") for c in due)
    checked = [v for c in charts.values() for p in c.policies for v in p.verifications]
    assert {v.method for v in checked} >= {"portal", "phone"}
    assert all(v.verified_at <= datetime.now(UTC) for v in checked)


def test_alerts_come_in_several_kinds_and_severities(charts: dict[uuid.UUID, Chart]) -> None:
    alerts = [a for c in charts.values() for a in c.alerts]
    with_alerts = sum(1 for c in charts.values() if c.alerts)
    assert 0.1 <= with_alerts / len(charts) <= 0.45
    assert {a.kind for a in alerts} >= {"allergy", "condition", "medication"}
    assert {a.severity for a in alerts} >= {"critical", "warning", "info"}


def test_demographics_are_filled_in_like_a_real_front_desk(charts: dict[uuid.UUID, Chart]) -> None:
    details = [c.details for c in charts.values()]
    assert all(d.street and d.city and d.postal_code and d.sex for d in details)
    assert sum(1 for d in details if d.emergency_name and d.emergency_phone) > len(details) / 2
    assert any(d.preferred_language for d in details)
    assert any(c.summary.preferred_name for c in charts.values())
    assert any(len(c.phones) > 1 for c in charts.values())
    assert any(p.may_text for c in charts.values() for p in c.phones)


def test_demo_documents_open_as_the_files_they_claim_to_be(
    demo: PracticeSession, charts: dict[uuid.UUID, Chart]
) -> None:
    documents = [(c, d) for c in charts.values() for d in c.documents]
    assert {d.media_type for _, d in documents} == {"image/png", "application/pdf"}
    for chart, info in documents:
        opened = demo.documents.open(info.id)
        assert len(opened.content) == info.size
        assert media_type_of(opened.content) == info.media_type
        if info.media_type == "image/png":
            width, height = struct.unpack(">II", opened.content[16:24])
            start = opened.content.index(b"IDAT") + 4
            end = opened.content.index(b"IEND") - 8
            assert len(zlib.decompress(opened.content[start:end])) == height * (width + 1)
        else:
            text = PdfReader(BytesIO(opened.content)).pages[0].extract_text()
            assert chart.summary.last_name in text and "demonstration practice" in text


def test_the_history_has_calls_and_tasks_some_of_them_overdue(
    demo: PracticeSession, charts: dict[uuid.UUID, Chart]
) -> None:
    logged = [m for c in charts.values() for m in c.communications]
    assert {m.kind for m in logged} == {"call", "email", "letter", "text"}
    assert {m.direction for m in logged} == {"in", "out"}
    tasks = demo.tasks.list(include_done=True)
    assert any(t.done_at for t in tasks) and any(t.overdue for t in tasks)
    today = datetime.now(ZoneInfo(DEMO_PRACTICE.time_zone)).date()
    assert any(t.due_on and t.due_on >= today and not t.done_at for t in tasks)
    assert all(t.assignee_name for t in tasks)
    assert any(t.patient_id is None for t in tasks), "office tasks belong to no patient"
    assert demo.tasks.mine(), "the front desk has work waiting"


def test_pre_authorizations_follow_the_surgeries_on_the_book(
    charts: dict[uuid.UUID, Chart],
) -> None:
    authorizations = [(c, a) for c in charts.values() for a in c.authorizations]
    assert len({a.status for _, a in authorizations}) >= 3
    for chart, authorization in authorizations:
        assert authorization.policy_id in {p.id for p in chart.policies}
        assert authorization.notes.startswith("For the visit on ")
        if authorization.valid_from and authorization.valid_to:
            assert authorization.valid_from <= authorization.valid_to


def test_every_demo_chart_opens_for_every_role(demo_folder: Path) -> None:
    for username in ("owner", "frontdesk", "hygiene"):
        with open_practice(demo_folder, username, DEMO_PASSWORD) as session:
            for patient in session.patients.page(limit=PATIENTS):
                session.chart.open(patient.id)
            assert len(session.chart_items.contacts()) >= 5


@pytest.mark.slow
def test_the_same_seed_gives_the_same_charts_and_books(tmp_path: Path) -> None:
    now = datetime.now(UTC).replace(microsecond=0)

    def fingerprint(folder: Path) -> list[str]:
        with open_practice(build(folder, now), "owner", DEMO_PASSWORD) as session:
            found = []
            for chart in _charts(session).values():
                files = [session.documents.open(d.id).content for d in chart.documents]
                entries = [
                    (e.posted_on, e.counts_on, e.kind, e.amount, e.procedure_code, e.tooth,
                     e.method, e.reference, e.reason, e.patient_name)
                    for e in session.desk.account(chart.summary.id).entries
                ]  # fmt: skip
                claims = session.claims.for_patient(chart.summary.id)
                found.append(
                    (
                        replace(chart.details, responsible_patient_id=None),
                        chart.responsible_label,
                        [(p.kind, p.number, p.may_text) for p in chart.phones],
                        [(a.kind, a.text, a.severity, a.active) for a in chart.alerts],
                        [
                            (
                                p.carrier_name,
                                p.rank,
                                p.member_id,
                                p.subscriber_name,
                                [
                                    (v.verified_at, v.method, v.result, v.deductible_left_cents)
                                    for v in p.verifications
                                ],
                                (p.covers_preventive, p.covers_basic, p.covers_major),
                            )
                            for p in chart.policies
                        ],
                        [(a.procedure, a.status, a.submitted_on) for a in chart.authorizations],
                        [(r.direction, r.status, r.reason) for r in chart.referrals],
                        [(m.at, m.kind, m.summary) for m in chart.communications],
                        [(t.title, t.due_on, t.done_at) for t in chart.tasks],
                        sorted(files),
                        sorted(entries),
                        [(c.service_on, c.status, c.estimate, c.sent_on, c.notes) for c in claims],
                    )
                )
            return sorted(map(repr, found))  # page order breaks ties between namesakes by id

    assert fingerprint(tmp_path / "one") == fingerprint(tmp_path / "two")
