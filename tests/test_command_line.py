"""The `practicedesk` command as a script would use it: exact commands, one-line failures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from practicedesk import __version__
from practicedesk.api import open_practice
from practicedesk.cli import main
from practicedesk.security import kdf
from practicedesk.services.demo import DEMO_PASSWORD
from tests.conftest import FAST_KDF, OWNER, OWNER_PASSWORD

NEW_OWNER_PASSWORD = "tidal pools and quiet gulls"


@pytest.fixture(autouse=True)
def fast_key_tuning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kdf, "calibrate", lambda *a, **k: FAST_KDF)


def _run(
    args: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *,
    password: str,
) -> tuple[int, str, str]:
    monkeypatch.setenv("PRACTICEDESK_PASSWORD", password)
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"PracticeDesk {__version__}"


def test_python_dash_m_works_like_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "practicedesk", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and __version__ in result.stdout


def test_init_creates_a_practice_and_prints_the_recovery_code_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, kit = tmp_path / "office", tmp_path / "kit.pdf"
    code, out, err = _run(
        ["init", "--data-dir", str(folder), "--practice-name", "Bayview Dental", "--owner", "ana",
         "--time-zone", "America/Denver", "--emergency-kit", str(kit)],
        monkeypatch, capsys, password=NEW_OWNER_PASSWORD,
    )  # fmt: skip
    assert code == 0, err
    recovery = next(line.strip() for line in out.splitlines() if line.count("-") == 7)
    assert out.count(recovery) == 1
    assert recovery in "".join(page.extract_text() for page in PdfReader(kit).pages)
    with open_practice(folder, "ana", NEW_OWNER_PASSWORD) as session:
        details = session.practice.details()
    assert (details.name, details.time_zone) == ("Bayview Dental", "America/Denver")


def test_init_over_an_existing_practice_fails_in_one_sentence(
    closed_practice: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        ["init", "--data-dir", str(closed_practice), "--practice-name", "X", "--owner", "ana",
         "--time-zone", "UTC"],
        monkeypatch, capsys, password=NEW_OWNER_PASSWORD,
    )  # fmt: skip
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "already a practice" in err
    assert "Traceback" not in err + out


def test_init_with_a_weak_password_fails_in_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(
        ["init", "--data-dir", str(tmp_path / "p"), "--practice-name", "X", "--owner", "ana",
         "--time-zone", "UTC"],
        monkeypatch, capsys, password="short",
    )  # fmt: skip
    assert code == 1 and len(err.strip().splitlines()) == 1 and "15 characters" in err


def test_audit_verify_reports_intact_then_the_first_broken_entry(
    closed_practice: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["audit", "verify", "--data-dir", str(closed_practice), "--user", OWNER]
    code, out, _ = _run(args, monkeypatch, capsys, password=OWNER_PASSWORD)
    assert code == 0 and "intact" in out

    with (
        open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session,
        session._ctx.db.engine.begin() as connection,
    ):
        connection.execute(text("UPDATE audit_log SET summary = 'nothing to see' WHERE seq = 2"))
    code, _, err = _run(args, monkeypatch, capsys, password=OWNER_PASSWORD)
    assert code == 1 and "broken at entry 2" in err


def test_a_wrong_password_fails_in_one_sentence(
    closed_practice: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        ["audit", "verify", "--data-dir", str(closed_practice), "--user", OWNER],
        monkeypatch, capsys, password="not the right password",
    )  # fmt: skip
    assert code == 1
    assert err.strip() == "The user name or password is not right. Check them and try again."
    assert out == ""


def test_a_missing_folder_fails_with_the_folder_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(
        ["audit", "verify", "--data-dir", str(tmp_path / "gone"), "--user", OWNER],
        monkeypatch, capsys, password=OWNER_PASSWORD,
    )  # fmt: skip
    assert code == 2 and "is not there" in err and len(err.strip().splitlines()) == 1


def test_a_bug_is_one_sentence_pointing_at_the_log(
    closed_practice: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import practicedesk.api

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(practicedesk.api, "open_practice", broken)
    code, _, err = _run(
        ["audit", "verify", "--data-dir", str(closed_practice), "--user", OWNER],
        monkeypatch, capsys, password=OWNER_PASSWORD,
    )  # fmt: skip
    assert code == 70 and "unexpected problem" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_demo_is_reproducible_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    for folder in (first, second):
        code, out, _ = _run(
            ["demo", "--data-dir", str(folder), "--patients", "60", "--seed", "3", "--no-gui"],
            monkeypatch, capsys, password="",
        )  # fmt: skip
        assert code == 0 and "Created" in out and DEMO_PASSWORD in out
    code, out, _ = _run(
        ["demo", "--data-dir", str(first), "--no-gui"], monkeypatch, capsys, password=""
    )
    assert code == 0 and "Reusing" in out

    def patients(folder: Path) -> list[tuple[object, ...]]:
        with open_practice(folder, "owner", DEMO_PASSWORD) as session:
            return [
                (p.last_name, p.first_name, p.date_of_birth, p.phone, p.email)
                for p in session.patients.page(limit=1000)
            ]

    assert patients(first) == patients(second)
    assert len(patients(first)) == 60
    with open_practice(first, "frontdesk", DEMO_PASSWORD) as session:
        assert len(session.staff.providers()) == 3 and len(session.staff.rooms()) == 4


def test_day_sheet_prints_a_day_from_a_script(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.conftest import make_practice
    from tests.services.schedule_fixtures import set_up_office

    created = make_practice(data_dir)
    office = set_up_office(created.session)
    office.session.schedule.book(office.visit(office.ana, 0, 9))
    created.session.close()
    out = tmp_path / "sheet.pdf"
    args = ["day-sheet", "--data-dir", str(data_dir), "--user", OWNER, "--provider", "park",
            "--date", office.monday.isoformat(), "--out", str(out)]  # fmt: skip
    code, printed, err = _run(args, monkeypatch, capsys, password=OWNER_PASSWORD)
    assert code == 0, err
    assert str(out) in printed
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Dr. Ada Park" in text and "Alvarez, Ana" in text and "Page 1 of 1" in text
    assert "Hal Hughes" not in text

    args[args.index("park")] = "nobody"
    code, _, err = _run(args, monkeypatch, capsys, password=OWNER_PASSWORD)
    assert code == 1 and len(err.strip().splitlines()) == 1 and "Dr. Ada Park" in err
