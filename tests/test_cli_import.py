"""`practicedesk import-patients` as a script uses it: the counts and the rejected lines on
stdout, every failure as one sentence on stderr with the usual exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from practicedesk.api import open_practice
from practicedesk.cli import main
from practicedesk.errors import WrongPassword
from practicedesk.security.roles import Role
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD

OLD_SYSTEM = (
    "First Name,Last Name,DOB,Cell\r\n"
    "Zoë,Müller,3/14/1985,(503) 234-1111\r\n"
    "Ida,Novak,2/29/1960,\r\n"
    "Bad,,1/2/1980,\r\n"
    "Ann,Lee,1/2/1990,12\r\n"
)


def _run(
    args: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *,
    password: str | None = OWNER_PASSWORD,
) -> tuple[int, str, str]:
    if password is None:
        monkeypatch.delenv("PRACTICEDESK_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("PRACTICEDESK_PASSWORD", password)
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _one_sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def _import(folder: Path, file: Path, *extra: str, user: str = OWNER) -> list[str]:
    return ["import-patients", str(file), "--data-dir", str(folder), "--user", user, *extra]


@pytest.fixture
def old_system(tmp_path: Path) -> Path:
    path = tmp_path / "old-system.csv"
    path.write_bytes(OLD_SYSTEM.encode("cp1252"))
    return path


def test_a_dry_run_then_the_import_then_a_rerun_print_their_counts_and_rejected_lines(
    closed_practice: Path,
    old_system: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(_import(closed_practice, old_system, "--dry-run"), monkeypatch, capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[:3] == [
        "Read old-system.csv (Windows-1252, comma separated).",
        "Dry run: nothing was stored.",
        "Would add: 3. Skipped, already in the practice: 0. Possible duplicates, not added: 0. "
        "Rejected: 1. With a phone or e-mail to check: 1.",
    ]
    assert "  line 4: The last name is missing." in out
    assert "  line 5: Lee, Ann. 12 is not a valid phone number" in out  # added, to check

    code, out, _ = _run(_import(closed_practice, old_system), monkeypatch, capsys)
    assert (
        code == 0
        and "Added: 3. Skipped, already in the practice: 0." in out
        and "Dry run" not in out
    )
    code, out, _ = _run(_import(closed_practice, old_system), monkeypatch, capsys)
    assert code == 0 and "Added: 0. Skipped, already in the practice: 3." in out
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        names = sorted(p.display_name for p in session.patients.page())
    assert names == ["Lee, Ann", "Müller, Zoë", "Novak, Ida"]


def test_a_mapping_file_and_day_first_dates(
    closed_practice: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    export = tmp_path / "export.csv"
    export.write_text("Vorname;Nachname;Geburtsdatum\r\nJonas;Weber;31.12.1980\r\n", "utf-8-sig")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps(
            {"first_name": "Vorname", "last_name": "Nachname", "date_of_birth": "Geburtsdatum"}
        )
    )
    args = _import(closed_practice, export, "--mapping", str(mapping), "--day-first")
    code, out, err = _run(args, monkeypatch, capsys)
    assert code == 0, err
    assert "(UTF-8 with BOM, semicolon separated)" in out and "Added: 1." in out
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        [jonas] = session.patients.page()
    assert str(jonas.date_of_birth) == "1980-12-31"


def test_the_encoding_named_on_the_command_line_is_used(
    closed_practice: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    export = tmp_path / "export.csv"
    export.write_bytes("First Name,Last Name\r\nMichał,Wójcik\r\n".encode("cp1250"))
    code, out, err = _run(
        _import(closed_practice, export, "--encoding", "windows-1250"), monkeypatch, capsys
    )
    assert code == 0, err
    assert out.startswith("Read export.csv (Windows-1250, comma separated).")
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        [patient] = session.patients.page()
    assert patient.display_name == "Wójcik, Michał"


def test_a_bad_file_or_mapping_fails_in_one_sentence_before_asking_for_a_password(
    closed_practice: Path,
    tmp_path: Path,
    old_system: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def no_prompt(prompt: str = "") -> str:
        raise AssertionError("asked for a password")

    monkeypatch.setattr("getpass.getpass", no_prompt)
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    bad_mapping = tmp_path / "mapping.json"
    bad_mapping.write_text('{"birthday": "DOB"}')
    cases = [
        (_import(closed_practice, tmp_path / "missing.csv"), "There is no file"),
        (_import(closed_practice, binary), "binary data"),
        (_import(closed_practice, old_system, "--mapping", str(bad_mapping)), "'birthday'"),
        (
            _import(closed_practice, old_system, "--mapping", str(tmp_path / "none.json")),
            "mapping file",
        ),
        (
            _import(closed_practice, old_system, "--encoding", "klingon"),
            "does not know the encoding 'klingon'",
        ),
        (
            _import(closed_practice, old_system, "--encoding", "UTF-8"),
            "The file is not UTF-8 text (line 2 holds bytes UTF-8 does not have)",
        ),
    ]
    for args, expected in cases:
        code, out, err = _run(args, monkeypatch, capsys, password=None)
        assert code == 1 and out == ""
        assert expected in _one_sentence(err)


def test_wrong_password_and_a_role_without_the_permission_fail_in_one_sentence(
    closed_practice: Path,
    old_system: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = _run(
        _import(closed_practice, old_system), monkeypatch, capsys, password="not the password"
    )
    assert code != 0 and _one_sentence(err) == WrongPassword().message

    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        session.users.add(
            "kim", "Dr. Kim", Role.CLINICIAN, OTHER_PASSWORD, must_change_password=False
        )
    code, out, err = _run(
        _import(closed_practice, old_system, user="kim"),
        monkeypatch,
        capsys,
        password=OTHER_PASSWORD,
    )
    assert code == 3 and out == ""
    assert "may not import patients" in _one_sentence(err)
