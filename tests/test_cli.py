"""The `practicedesk` command as scripts use it: the exact subcommands, passwords from the
environment, and every failure as one plain sentence on stderr with a non-zero exit code."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from practicedesk import __version__
from practicedesk.api import open_practice, recover_access
from practicedesk.cli import main
from practicedesk.demo.builder import DEMO_LOGINS, DEMO_PASSWORD
from practicedesk.errors import WrongPassword
from practicedesk.security import kdf
from tests.conftest import FAST_KDF, OWNER, OWNER_PASSWORD, make_practice

NEW_OWNER_PASSWORD = "tidal pools and quiet gulls"


@pytest.fixture(autouse=True)
def fast_key_tuning(monkeypatch: pytest.MonkeyPatch) -> None:
    """New practices tune Argon2id to half a second on this PC; the tests need no such cost."""
    monkeypatch.setattr(kdf, "calibrate", lambda *args, **kwargs: FAST_KDF)


def _run(
    args: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *,
    password: str | None,
) -> tuple[int, str, str]:
    if password is None:
        monkeypatch.delenv("PRACTICEDESK_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("PRACTICEDESK_PASSWORD", password)
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _one_sentence(err: str) -> str:
    """A failure is one line on stderr and never a traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and 'File "' not in err
    return lines[0]


def _init_args(folder: Path, *extra: str) -> list[str]:
    return ["init", "--data-dir", str(folder), "--practice-name", "Bayview Dental",
            "--owner", "ana", "--time-zone", "America/Denver", *extra]  # fmt: skip


def _verify_args(folder: Path, user: str = OWNER) -> list[str]:
    return ["audit", "verify", "--data-dir", str(folder), "--user", user]


# -- --version ---------------------------------------------------------------------------------


def test_version_prints_the_program_and_its_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"PracticeDesk {__version__}"


def test_python_dash_m_practicedesk_works_like_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "practicedesk", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"PracticeDesk {__version__}"


# -- init --------------------------------------------------------------------------------------


def test_init_creates_a_practice_prints_the_recovery_code_once_and_writes_the_kit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, kit = tmp_path / "office", tmp_path / "emergency-kit.pdf"
    code, out, err = _run(
        _init_args(folder, "--emergency-kit", str(kit)),
        monkeypatch,
        capsys,
        password=NEW_OWNER_PASSWORD,
    )
    assert code == 0, err
    assert err == ""
    [recovery] = [line.strip() for line in out.splitlines() if line.strip().count("-") == 7]
    assert out.count(recovery) == 1
    assert NEW_OWNER_PASSWORD not in out

    assert kit.read_bytes().startswith(b"%PDF")
    printed = "".join(page.extract_text() for page in PdfReader(kit).pages)
    assert recovery in printed and "Bayview Dental" in printed

    with open_practice(folder, "ana", NEW_OWNER_PASSWORD) as session:
        details = session.practice.details()
        assert (details.name, details.time_zone) == ("Bayview Dental", "America/Denver")
    # The printed code is the real one: it opens the practice.
    recover_access(folder, "ana", recovery, "granite lanterns along the pier").close()


def test_init_without_the_variable_asks_twice_and_refuses_a_mismatch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter([NEW_OWNER_PASSWORD, "tidal pools and quiet gull"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, _, err = _run(_init_args(tmp_path / "office"), monkeypatch, capsys, password=None)
    assert code == 1 and "not the same" in _one_sentence(err)
    assert not (tmp_path / "office").exists()


def test_init_over_an_existing_practice_fails_in_one_sentence(
    closed_practice: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (closed_practice / "keystore.json").read_bytes()
    code, out, err = _run(
        _init_args(closed_practice), monkeypatch, capsys, password=NEW_OWNER_PASSWORD
    )
    assert code == 2
    assert "already a practice" in _one_sentence(err)
    assert "Traceback" not in out
    assert (closed_practice / "keystore.json").read_bytes() == before
    open_practice(closed_practice, OWNER, OWNER_PASSWORD).close()


def test_init_with_a_weak_password_fails_in_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(_init_args(tmp_path / "p"), monkeypatch, capsys, password="short")
    assert code == 1 and "15 characters" in _one_sentence(err)
    assert not (tmp_path / "p").exists()


# -- audit verify and the failures every subcommand shares ---------------------------------------


def test_audit_verify_reports_intact_then_the_first_broken_entry(
    closed_practice: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        _verify_args(closed_practice), monkeypatch, capsys, password=OWNER_PASSWORD
    )
    assert (code, err) == (0, "")
    assert "intact" in out

    with (
        open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session,
        session._ctx.db.engine.begin() as connection,
    ):
        connection.execute(text("UPDATE audit_log SET summary = 'nothing to see' WHERE seq = 3"))
    code, out, err = _run(
        _verify_args(closed_practice), monkeypatch, capsys, password=OWNER_PASSWORD
    )
    assert code == 1 and out == ""
    assert "broken at entry 3" in _one_sentence(err)


def test_a_wrong_password_fails_in_one_sentence(
    closed_practice: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        _verify_args(closed_practice), monkeypatch, capsys, password="not the right password"
    )
    assert code == 1 and out == ""
    assert _one_sentence(err) == WrongPassword().message
    assert err.strip() == "The user name or password is not right. Check them and try again."
    code, _, unknown = _run(
        _verify_args(closed_practice, "nobody"), monkeypatch, capsys, password=OWNER_PASSWORD
    )
    assert code != 0 and unknown == err


def test_a_missing_folder_fails_in_one_sentence_with_the_folder_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "gone"
    code, _, err = _run(_verify_args(folder), monkeypatch, capsys, password=OWNER_PASSWORD)
    assert code == 2 and str(folder) in _one_sentence(err) and "is not there" in err


def test_a_folder_in_use_fails_in_one_sentence(
    owner_session: object,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = _run(_verify_args(data_dir), monkeypatch, capsys, password=OWNER_PASSWORD)
    assert code == 2 and "already open" in _one_sentence(err)


def test_a_newer_database_fails_in_one_sentence(
    closed_practice: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with (
        open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session,
        session._ctx.db.engine.begin() as connection,
    ):
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    code, _, err = _run(_verify_args(closed_practice), monkeypatch, capsys, password=OWNER_PASSWORD)
    assert code == 2 and "newer version of PracticeDesk" in _one_sentence(err)


def test_a_damaged_keystore_fails_in_one_sentence(
    closed_practice: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (closed_practice / "keystore.json").write_text("{not json")
    code, _, err = _run(_verify_args(closed_practice), monkeypatch, capsys, password=OWNER_PASSWORD)
    assert code == 2 and "keystore.json" in _one_sentence(err)


def test_a_bug_is_one_sentence_pointing_at_the_log_which_has_the_details(
    closed_practice: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import practicedesk.api

    def broken(*args: object) -> None:
        raise RuntimeError("an unforeseen fault")

    monkeypatch.setattr(practicedesk.api, "open_practice", broken)
    code, _, err = _run(_verify_args(closed_practice), monkeypatch, capsys, password=OWNER_PASSWORD)
    assert code == 70
    sentence = _one_sentence(err)
    assert "unexpected problem" in sentence and "an unforeseen fault" not in sentence
    log_file = Path(sentence.rsplit(" in ", 1)[1].rstrip("."))
    assert "RuntimeError: an unforeseen fault" in log_file.read_text(encoding="utf-8")


def test_output_cut_off_by_its_reader_is_not_called_a_bug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`practicedesk report --list | head -1`: the pipe closes under the command's printing."""

    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    code = main(["report", "--list"])
    assert code == 141
    assert "unexpected problem" not in capsys.readouterr().err


# -- demo --------------------------------------------------------------------------------------


def _demo(
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    folder_first: bool = False,
) -> str:
    # The folder may be named before the command too (`practicedesk --data-dir X demo`).
    where = (
        ["--data-dir", str(folder), "demo"] if folder_first else ["demo", "--data-dir", str(folder)]
    )
    code, out, err = _run(
        [*where, "--no-gui", "--patients", "50", "--seed", "3"],
        monkeypatch,
        capsys,
        password=None,  # the demo needs no password from anyone
    )
    assert code == 0, err
    return out


def _patients(folder: Path) -> list[tuple[object, ...]]:
    with open_practice(folder, "owner", DEMO_PASSWORD) as session:
        return [
            (p.last_name, p.first_name, p.date_of_birth, p.phone, p.email)
            for p in session.patients.page(limit=1000)
        ]


def test_demo_creates_a_practice_prints_its_login_and_is_reused_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "demo"
    out = _demo(folder, monkeypatch, capsys)
    assert out.startswith(f"Created the demo practice in {folder}")
    assert DEMO_PASSWORD in out and all(username in out for username, _ in DEMO_LOGINS)
    first = _patients(folder)
    assert len(first) == 50

    again = _demo(folder, monkeypatch, capsys, folder_first=True)
    assert again.startswith(f"Reusing the demo practice in {folder}")
    assert _patients(folder) == first
    for username, role in DEMO_LOGINS:
        with open_practice(folder, username, DEMO_PASSWORD) as session:
            assert session.user.role.value == role
            assert len(session.staff.providers()) == 3 and len(session.staff.rooms()) == 4


@pytest.mark.slow
def test_two_demos_with_the_same_seed_have_the_same_patients(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _demo(tmp_path / "one", monkeypatch, capsys)
    _demo(tmp_path / "two", monkeypatch, capsys)
    one, two = _patients(tmp_path / "one"), _patients(tmp_path / "two")
    assert one == two and len(one) == 50
    assert len({(last, first) for last, first, *_ in one}) > 40, "not one name fifty times"
    assert all(born is not None for _, _, born, *_ in one)


# -- day-sheet -------------------------------------------------------------------------------


def test_day_sheet_prints_one_providers_day_from_a_script(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
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
    sheet = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Dr. Ada Park" in sheet and "Alvarez, Ana" in sheet and "Page 1 of 1" in sheet
    assert "Hal Hughes" not in sheet

    args[args.index("park")] = "nobody"
    code, _, err = _run(args, monkeypatch, capsys, password=OWNER_PASSWORD)
    assert code == 1 and "Dr. Ada Park" in _one_sentence(err)


def test_day_sheet_to_a_missing_folder_is_refused_before_the_password(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_practice(data_dir).session.close()
    out = tmp_path / "no such folder" / "sheet.pdf"
    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": asked.append(prompt) or "")
    args = ["day-sheet", "--data-dir", str(data_dir), "--user", OWNER, "--date", "2026-12-07",
            "--out", str(out)]  # fmt: skip
    code, _, err = _run(args, monkeypatch, capsys, password=None)
    assert code == 1 and "The day sheet cannot be written to" in _one_sentence(err)
    assert "no such folder" in err and asked == [] and not out.exists()


def test_a_days_packets_into_a_folder_that_cannot_be_made_say_why_before_the_password(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_practice(data_dir).session.close()
    out = tmp_path / "no such folder" / "packets"
    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": asked.append(prompt) or "")
    args = ["packet", "--data-dir", str(data_dir), "--user", OWNER, "--date", "2026-12-07",
            "--out", str(out)]  # fmt: skip
    code, _, err = _run(args, monkeypatch, capsys, password=None)
    said = _one_sentence(err)
    assert code == 1 and f"The folder {out} cannot be made (No such file or directory)" in said
    assert asked == [] and not out.exists()
