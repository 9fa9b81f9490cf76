"""`practicedesk import-appointments|import-insurance|import-recalls|import-balances` as an
office's script uses them after `import-patients`: the report on stdout, the backup made
first on stderr, a second run adding nothing, and a bad file or mapping refused in one
sentence before anything is stored."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from practicedesk.api import open_practice
from practicedesk.services.practice.staff import ProviderKind
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.test_cli_import import _one_sentence, _run

PATIENTS = (
    "PatNum,First Name,Last Name,DOB\r\n201,Dana,Reyes,1/2/1980\r\n202,Eli,Reyes,3/4/2012\r\n"
)


def _command(name: str, folder: Path, file: Path, *extra: str) -> list[str]:
    return [name, str(file), "--data-dir", str(folder), "--user", OWNER, *extra]


@pytest.fixture
def moved_patients(
    closed_practice: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Path:
    """The practice with a dentist and a chair, and the old system's patients imported."""
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        session.staff.add_provider("Dr. Ada Park", ProviderKind.DENTIST, "#1E88E5")
        session.staff.add_room("Chair 1", "#90CAF9")
        session.staff.add_room("Chair 2", "#A5D6A7")
    patients = tmp_path / "patient.csv"
    patients.write_text(PATIENTS, "utf-8")
    code, _out, err = _run(
        ["import-patients", str(patients), "--data-dir", str(closed_practice), "--user", OWNER],
        monkeypatch,
        capsys,
    )
    assert code == 0, err
    return closed_practice


def test_visits_come_in_with_a_preset_and_a_mapping_file_and_a_rerun_adds_nothing(
    moved_patients: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    past, coming = date(2025, 3, 4), date.today() + timedelta(days=30)
    export = tmp_path / "appointment.txt"
    export.write_text(
        "AptNum,PatNum,AptDateTime,Pattern,ProvNum,Op,ProcDescript,AptStatus,Note\r\n"
        f"1,201,{past} 09:00:00,//XXXX//,1,1,Ex,2,seen\r\n"
        f"2,202,{coming} 10:00:00,XXXXXX,1,1,Pro,1,\r\n"
        f"3,999,{coming} 11:00:00,XXXXXX,1,1,Pro,1,\r\n",
        "utf-8",
    )
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps({"values": {"provider": {"1": "Dr. Ada Park"}, "chair": {"1": "Chair 1"}}})
    )
    args = _command(
        "import-appointments", moved_patients, export, "--preset", "open-dental",
        "--mapping", str(mapping),
    )  # fmt: skip
    code, out, err = _run([*args, "--dry-run"], monkeypatch, capsys)
    assert (code, err) == (0, "")
    assert "Dry run: nothing was stored." in out and "Would add: 2 visits." in out
    assert "  line 4: No patient has the old system's id 999" in out

    code, out, err = _run(args, monkeypatch, capsys)
    assert code == 0 and err.startswith("Backed up first to ")
    assert "Added: 2 visits." in out
    assert "1 past visit went to the history and 1 visit to the book." in out
    code, out, _err = _run(args, monkeypatch, capsys)
    assert code == 0 and "Added: 0 visits." in out and "Already here: 2." in out
    with open_practice(moved_patients, OWNER, OWNER_PASSWORD) as session:
        eli = session.patients.search("Eli Reyes")[0].id
        [visit] = session.schedule.for_patient(eli)
        [park] = session.staff.providers()
        chairs = {room.id: room.name for room in session.staff.rooms()}
    assert (visit.provider_id, chairs[visit.room_id], visit.minutes) == (park.id, "Chair 1", 30)


def test_balances_are_brought_as_of_the_day_given(
    moved_patients: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    export = tmp_path / "aging.csv"
    export.write_text(
        "PatNum,BalTotal,Bal_0_30,Bal_31_60,Bal_61_90,BalOver90\r\n"
        "201,150.00,100.00,50.00,0,0\r\n"
        "202,10.00,1.00,1.00,1.00,1.00\r\n",
        "utf-8",
    )
    args = _command("import-balances", moved_patients, export, "--as-of", "2026-11-30")
    code, out, _err = _run(args, monkeypatch, capsys)
    assert code == 0
    assert "Added: 1 balances." in out and "Rejected: 1." in out
    assert "$150.00 owed" in out
    assert "  line 3: The balance does not add up." in out


@pytest.mark.parametrize(
    ("mapping", "refusal"),
    [
        ('{"columns": {"shoe_size": "Op"}}', "that PracticeDesk does not have"),
        ('{"values": {"provider": ["Dr. Park"]}}', "must be pairs of text"),
        ("[1, 2]", "must hold one JSON object"),
        ("{", "is not valid JSON"),
    ],
)
def test_a_bad_mapping_file_is_refused_in_one_sentence_before_the_password(
    closed_practice: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    mapping: str,
    refusal: str,
) -> None:
    export = tmp_path / "appointment.txt"
    export.write_text("AptNum,PatNum,AptDateTime\r\n1,201,2026-01-05 09:00:00\r\n", "utf-8")
    given = tmp_path / "mapping.json"
    given.write_text(mapping)
    args = _command("import-appointments", closed_practice, export, "--mapping", str(given))
    code, out, err = _run(args, monkeypatch, capsys, password=None)
    assert code != 0 and out == ""
    assert refusal in _one_sentence(err)


def test_a_file_that_is_not_this_kind_of_export_is_refused_in_one_sentence(
    closed_practice: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    export = tmp_path / "patients.csv"
    export.write_text("Shoe Size,Favourite Colour\r\n9,blue\r\n", "utf-8")
    code, _out, err = _run(
        _command("import-insurance", closed_practice, export, "--preset", "generic"),
        monkeypatch,
        capsys,
        password=None,
    )
    assert code != 0
    assert _one_sentence(err).startswith("No column holds the insurance company; the file's")
