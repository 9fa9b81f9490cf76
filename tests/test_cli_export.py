"""`practicedesk export-patient` as a script uses it: one chart to a PDF or a FHIR file, the
password from the environment, and a failure as one sentence with a non-zero exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader

from practicedesk.api import open_practice
from practicedesk.cli import main
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.patients.listing import NewPatient
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD, make_practice
from tests.services.record_fixtures import build_full_record, share_number


@pytest.fixture
def chart_number(data_dir: Path) -> int:
    """A closed practice holding one full record (and a clinician, who may not export)."""
    with make_practice(data_dir).session as session:
        number = build_full_record(session).chart_number
        session.users.add(
            "kim", "Dr. Kim", Role.CLINICIAN, OTHER_PASSWORD, must_change_password=False
        )
    return number


def _export(data_dir: Path, chart: object, fmt: str, out: Path, *, user: str = OWNER) -> list[str]:
    return ["export-patient", "--data-dir", str(data_dir), "--user", user,
            "--chart", str(chart), "--format", fmt, "--out", str(out)]  # fmt: skip


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


def _one_sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def _exports(data_dir: Path) -> int:
    with open_practice(data_dir, OWNER, OWNER_PASSWORD) as session:
        return sum(
            session.audit.count(AuditFilter(action=action))
            for action in (Action.CHART_PRINTED, Action.CHART_EXPORTED)
        )


def test_a_chart_summary_is_written_as_a_pdf(
    data_dir: Path,
    chart_number: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "ana.pdf"
    code, printed, err = _run(_export(data_dir, chart_number, "pdf", out), monkeypatch, capsys)
    assert code == 0, err
    assert str(out) in printed and f"chart {chart_number}" in printed
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Ana Beatriz Alvarez" in text and "Penicillin" in text and "Page 1 of" in text
    assert _exports(data_dir) == 1


def test_a_fhir_record_is_written_as_json_that_fhir_readers_accept(
    data_dir: Path,
    chart_number: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "ana.json"
    code, _, err = _run(_export(data_dir, chart_number, "fhir", out), monkeypatch, capsys)
    assert code == 0, err
    bundle = Bundle.model_validate_json(out.read_text(encoding="utf-8"))
    patient = bundle.entry[0].resource
    assert patient.identifier[0].value == str(chart_number)
    assert len(bundle.entry) == 10


def test_an_unknown_chart_number_fails_in_one_sentence_and_writes_nothing(
    data_dir: Path,
    chart_number: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "nobody.pdf"
    code, _, err = _run(_export(data_dir, 999, "pdf", out), monkeypatch, capsys)
    assert code == 1
    assert "No patient has chart number 999" in _one_sentence(err)
    assert not out.exists()


def test_a_missing_folder_is_refused_before_anything_is_exported(
    data_dir: Path,
    chart_number: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "no such folder" / "ana.json"
    code, _, err = _run(_export(data_dir, chart_number, "fhir", out), monkeypatch, capsys)
    assert code == 1
    assert str(out) in _one_sentence(err)
    assert _exports(data_dir) == 0


def test_a_role_without_the_permission_gets_the_permission_exit_code(
    data_dir: Path,
    chart_number: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "ana.pdf"
    args = _export(data_dir, chart_number, "pdf", out, user="kim")
    code, _, err = _run(args, monkeypatch, capsys, password=OTHER_PASSWORD)
    assert code == 3
    assert "export or print patient records" in _one_sentence(err)
    assert not out.exists()


@pytest.mark.parametrize("chart", ["abc", "0", "-4"])
def test_a_chart_that_is_not_a_number_is_a_usage_error(
    data_dir: Path, tmp_path: Path, chart: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(_export(data_dir, chart, "pdf", tmp_path / "x.pdf"))
    assert stopped.value.code == 2
    assert "chart number" in capsys.readouterr().err


def test_a_number_two_charts_share_is_refused_with_both_names_and_nothing_exported(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with make_practice(data_dir).session as session:
        ana = session.patients.add(NewPatient("Ana", "Ames"))
        bo = session.patients.add(NewPatient("Bo", "Bell"))
        share_number(session, bo.id, ana.chart_number)
    out = tmp_path / "record.json"
    code, _, err = _run(_export(data_dir, ana.chart_number, "fhir", out), monkeypatch, capsys)
    sentence = _one_sentence(err)
    assert code != 0
    assert "Ames, Ana" in sentence and "Bell, Bo" in sentence
    assert not out.exists() and _exports(data_dir) == 0
