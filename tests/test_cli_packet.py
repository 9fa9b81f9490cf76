"""`practicedesk packet` as a script uses it: a visit's packet (by default the one its type
prints) to a PDF, or a day's surgical packets into a folder, the password from the
environment, and a failure as one sentence with a non-zero exit code and no file."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from practicedesk.api import open_practice
from practicedesk.cli import main
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD, make_practice
from tests.services.schedule_fixtures import set_up_office


@dataclass(frozen=True)
class Booked:
    surgery: uuid.UUID  # Ana's extraction, Monday 9:00
    exam: uuid.UUID  # Ben's exam, Monday 10:00 (its type prints no packet)
    monday: date


@pytest.fixture
def booked(data_dir: Path) -> Booked:
    """A closed practice with two surgeries and an exam on Monday, and a clinician."""
    with make_practice(data_dir).session as session:
        office = set_up_office(session)
        book = session.schedule.book
        surgery = book(office.visit(office.ana, 0, 9, kind=office.extraction, minutes=60))
        book(office.visit(office.cleo, 0, 13, kind=office.extraction, minutes=60))
        exam = book(office.visit(office.ben, 0, 10))
        session.users.add(
            "kim", "Dr. Kim", Role.CLINICIAN, OTHER_PASSWORD, must_change_password=False
        )
    return Booked(surgery.id, exam.id, office.monday)


def _packet(data_dir: Path, out: Path, *extra: str, user: str = OWNER) -> list[str]:
    return ["packet", "--data-dir", str(data_dir), "--user", user, *extra, "--out", str(out)]


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


def _prints(data_dir: Path) -> int:
    with open_practice(data_dir, OWNER, OWNER_PASSWORD) as session:
        return session.audit.count(AuditFilter(action=Action.FORM_PRINTED))


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_a_visits_own_packet_is_written_by_default(
    data_dir: Path,
    booked: Booked,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "ana.pdf"
    args = _packet(data_dir, out, "--appointment", str(booked.surgery))
    code, printed, err = _run(args, monkeypatch, capsys)
    assert code == 0, err
    assert str(out) in printed
    text = _text(out)
    assert "Packet pre-surgery" in text and "Ana Alvarez" in text and "Page 1 of" in text
    assert "Dr. Ada Park" in text and "8:30 AM" in text
    assert not list(tmp_path.glob(".*.tmp"))
    assert _prints(data_dir) == 1


def test_a_named_packet_is_written(
    data_dir: Path,
    booked: Booked,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "after.pdf"
    args = _packet(
        data_dir, out, "--appointment", str(booked.surgery), "--packet", "post-op-extraction"
    )
    code, _, err = _run(args, monkeypatch, capsys)
    assert code == 0, err
    assert "Packet post-op-extraction" in _text(out)


def test_a_days_surgical_packets_are_written_into_a_folder(
    data_dir: Path,
    booked: Booked,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "monday"
    args = _packet(data_dir, folder, "--date", booked.monday.isoformat())
    code, printed, err = _run(args, monkeypatch, capsys)
    assert code == 0, err
    assert printed.startswith("2 packets for")
    files = sorted(p.name for p in folder.iterdir())
    day = booked.monday.isoformat()
    assert [name[:15] for name in files] == [f"{day}-0900", f"{day}-1300"]
    assert all("-pre-surgery-" in name and name.endswith(".pdf") for name in files)
    assert "Ana Alvarez" in _text(folder / files[0])
    assert "Cleo Chen" in _text(folder / files[1])
    assert _prints(data_dir) == 2


def test_a_day_without_surgeries_writes_nothing(
    data_dir: Path,
    booked: Booked,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "sunday"
    args = _packet(data_dir, folder, "--date", "2020-01-05")
    code, printed, err = _run(args, monkeypatch, capsys)
    assert code == 0, err
    assert printed.startswith("0 packets for 2020-01-05")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--appointment", "not-a-uuid"], "is not an appointment id"),
        (["--appointment", str(uuid.UUID(int=7))], "no longer exists"),
        (["--appointment", "SURGERY", "--packet", "no-such-packet"], "no-such-packet"),
        (["--appointment", "EXAM"], "has no packet to print"),
    ],
)
def test_what_cannot_be_printed_fails_in_one_sentence_and_writes_nothing(
    data_dir: Path,
    booked: Booked,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    words: str,
) -> None:
    ids = {"SURGERY": str(booked.surgery), "EXAM": str(booked.exam)}
    out = tmp_path / "packet.pdf"
    args = _packet(data_dir, out, *(ids.get(item, item) for item in extra))
    code, _, err = _run(args, monkeypatch, capsys)
    assert code == 1
    assert words in _one_sentence(err)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [data_dir]


def test_a_file_that_cannot_be_written_fails_in_one_sentence(
    data_dir: Path,
    booked: Booked,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    missing = tmp_path / "no-such-folder" / "ana.pdf"
    args = _packet(data_dir, missing, "--appointment", str(booked.surgery))
    code, _, err = _run(args, monkeypatch, capsys)
    assert code == 1 and "no such folder" in _one_sentence(err)
    assert _prints(data_dir) == 0  # refused before anything was printed
    taken = tmp_path / "a-folder.pdf"
    taken.mkdir()
    args = _packet(data_dir, taken, "--appointment", str(booked.surgery))
    code, _, err = _run(args, monkeypatch, capsys)
    assert code == 1 and "cannot be written to" in _one_sentence(err)
    assert list(taken.iterdir()) == [] and not list(tmp_path.glob(".*.tmp"))
    file = tmp_path / "a-file"
    file.write_bytes(b"")
    code, _, err = _run(_packet(data_dir, file, "--date", "2020-01-05"), monkeypatch, capsys)
    assert code == 1 and "names a folder" in _one_sentence(err)


def test_a_role_without_the_permission_gets_the_permission_exit_code(
    data_dir: Path,
    booked: Booked,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "ana.pdf"
    args = _packet(data_dir, out, "--appointment", str(booked.surgery), user="kim")
    code, _, err = _run(args, monkeypatch, capsys, OTHER_PASSWORD)
    assert code == 3
    _one_sentence(err)
    assert not out.exists()


def test_appointment_and_date_are_not_given_together(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _packet(
        data_dir, tmp_path / "x.pdf", "--appointment", str(uuid.UUID(int=1)), "--date",
        "2026-12-07",
    )  # fmt: skip
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
