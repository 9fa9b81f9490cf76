"""`practicedesk report` as a script runs it: a report to CSV or PDF with what it found
printed, the reports listed, and a wrong name, file or provider refused in one sentence
before the password is asked."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from practicedesk.api import open_practice
from practicedesk.cli import main
from practicedesk.forms.answers import Answer
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.reports.satisfaction import SURVEY_TEMPLATE
from practicedesk.services.schedule.records import RecordedVisit, VisitStatus
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD, make_practice
from tests.services.schedule_fixtures import practice_today, set_up_office


@pytest.fixture
def practice(data_dir: Path) -> Path:
    """Last week: Ana waited 12 minutes for Dr. Park, Ben 4 for Hal Hughes, Cleo did not
    come; and a coordinator, who may not read money."""
    with make_practice(data_dir).session as session:
        office = set_up_office(session)
        office.monday = practice_today() - timedelta(days=practice_today().weekday() + 7)
        seen = []
        for day, patient, provider, wait in (
            (0, office.ana, office.dentist, 12), (1, office.ben, office.hygienist, 4),
        ):  # fmt: skip
            visit = office.visit(patient, day, 9, provider=provider)
            seen.append(RecordedVisit(
                visit, VisitStatus.COMPLETED, arrived_at=visit.starts_at,
                seated_at=visit.starts_at + timedelta(minutes=wait),
                completed_at=visit.starts_at + timedelta(minutes=40),
            ))  # fmt: skip
        seen.append(RecordedVisit(office.visit(office.cleo, 2, 10), VisitStatus.NO_SHOW))
        session.schedule.record_many(seen, reason="test")
        session.users.add("cora", "Cora", Role.COORDINATOR, OTHER_PASSWORD,
                          must_change_password=False)  # fmt: skip
    return data_dir


def _run(
    args: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    password: str = OWNER_PASSWORD,
) -> tuple[int, str, str]:
    monkeypatch.setenv("PRACTICEDESK_PASSWORD", password)
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _report(data_dir: Path, name: str, out: Path, *extra: str, user: str = OWNER) -> list[str]:
    return ["report", name, "--data-dir", str(data_dir), "--user", user, "--out", str(out),
            *extra]  # fmt: skip


def test_a_report_is_written_as_csv_with_its_figures_printed(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    out = tmp_path / "flow.csv"
    code, printed, err = _run(_report(practice, "flow", out), monkeypatch, capsys)
    assert code == 0, err
    assert "Patient flow" in printed and "Visits checked in: 2" in printed
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    waits = {row[0]: row[2] for row in rows[1:]}
    assert rows[0][:3] == ["Provider", "Visits", "Median wait (min)"]
    assert waits == {"Dr. Ada Park": "12", "Hal Hughes": "4"}


def test_a_report_for_one_provider_and_dates_prints_to_pdf(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    out = tmp_path / "flow.pdf"
    first = practice_today() - timedelta(days=30)
    args = _report(practice, "flow", out, "--provider", "park", "--from", first.isoformat(),
                   "--to", practice_today().isoformat())  # fmt: skip
    code, printed, err = _run(args, monkeypatch, capsys)
    assert code == 0, err
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(out.read_bytes())).pages)
    assert "Patient flow" in text and "Dr. Ada Park" in text and "Hal Hughes" not in text
    assert f"{first.isoformat()} to" in printed


def test_the_reports_are_listed_without_a_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, printed, _ = _run(["report", "--list"], monkeypatch, capsys, password="not asked")
    assert code == 0
    keys = [line.split()[0] for line in printed.splitlines()]
    assert keys[:2] == ["flow", "schedule"] and "satisfaction" in keys
    assert "owner only" in next(line for line in printed.splitlines() if line.startswith("money"))


@pytest.mark.parametrize(
    ("name", "extra", "said"),
    [
        ("flwo", (), "the reports are flow, schedule"),
        ("flow", ("--provider", "nobody"), "No single provider matches 'nobody'"),
        ("patients", ("--provider", "park"), "whole practice, not one provider"),
        ("flow", ("--from", "2026-05-02", "--to", "2026-05-01"), "ends on or after"),
    ],
)
def test_a_wrong_name_provider_or_period_is_one_sentence_and_no_file(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], name: str, extra: tuple[str, ...], said: str,
) -> None:  # fmt: skip
    out = tmp_path / "report.csv"
    code, _, err = _run(_report(practice, name, out, *extra), monkeypatch, capsys)
    assert code != 0 and said in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_a_coordinator_may_not_write_the_money_report(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    out = tmp_path / "money.pdf"
    args = _report(practice, "money", out, user="cora")
    code, _, err = _run(args, monkeypatch, capsys, password=OTHER_PASSWORD)
    assert code != 0 and "money reports" in err
    assert not out.exists()


def test_writing_the_satisfaction_comments_is_audited(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    with open_practice(practice, OWNER, OWNER_PASSWORD) as session:
        monday = practice_today() - timedelta(days=practice_today().weekday() + 7)
        visit = next(v for v in session.schedule.day(monday).appointments)
        survey = session.forms.start(visit.patient_id, SURVEY_TEMPLATE, visit.id)
        answers: dict[str, Answer] = dict.fromkeys(
            ("wait", "welcome", "explained", "care", "recommend"), "4"
        )
        session.forms.sign(survey.info.id, {**answers, "comment": "Kind and quick."}, "Ana")
    out = tmp_path / "comments.csv"
    code, _, err = _run(_report(practice, "satisfaction", out), monkeypatch, capsys)
    assert code == 0, err
    assert "Kind and quick." in out.read_bytes().decode("utf-8-sig")
    with open_practice(practice, OWNER, OWNER_PASSWORD) as session:
        exported = session.audit.count(AuditFilter(action=Action.REPORT_EXPORTED))
    assert exported == 1, "the comments are the patients' own words"


def test_the_data_folder_may_be_named_before_the_command(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """`practicedesk --data-dir X report …` once fell back to "needs --data-dir": the
    command's own option, left out, overwrote the one given before it."""
    out = tmp_path / "flow.csv"
    args = ["--data-dir", str(practice), "report", "flow", "--user", OWNER, "--out", str(out)]
    code, printed, err = _run(args, monkeypatch, capsys)
    assert code == 0, err
    assert "Visits checked in: 2" in printed and out.exists()
