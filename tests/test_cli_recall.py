"""`practicedesk recall-list` and `practicedesk postcards` as a scheduled task or a script uses
them: the list to a CSV or PDF file, the month's postcards (and labels) for those due and not
sent one lately, each one noted in the patient's log; a failure as one sentence, an exit code
and no file."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import time, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from practicedesk.api import open_practice
from practicedesk.cli import main
from practicedesk.domain.hours import local_instant
from practicedesk.domain.new_patient import NewPatient
from practicedesk.domain.recall import add_months
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.schedule.records import RecordedVisit
from tests.conftest import OWNER, OWNER_PASSWORD, make_practice
from tests.services.schedule_fixtures import ZONE, practice_today, set_up_office


@pytest.fixture
def practice(data_dir: Path) -> Path:
    """A closed practice with Hygiene recalls: Olive and Oscar overdue (with addresses),
    Una not due for three months, and the office's three patients with no visit at all."""
    with make_practice(data_dir).session as session:
        office = set_up_office(session)
        session.recall_types.add_usual()
        for first, last, months_ago in (("Olive", "Oakes", 8), ("Oscar", "Orr", 7),
                                        ("Una", "Upton", 3)):  # fmt: skip
            person = session.patients.add(
                NewPatient(first, last, street="40 Alder St", city="Portland", region="OR",
                           postal_code="97201")
            )  # fmt: skip
            day = add_months(practice_today(), -months_ago)
            visit = replace(
                office.visit(person, 0, 9, kind=office.cleaning, minutes=60),
                starts_at=local_instant(day, time(9), ZONE),
            )
            session.schedule.record_many(
                [RecordedVisit(visit, VisitStatus.COMPLETED)], reason="test history"
            )
    return data_dir


def _run(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setenv("PRACTICEDESK_PASSWORD", OWNER_PASSWORD)
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _one_sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def _who(data_dir: Path) -> list[str]:
    return ["--data-dir", str(data_dir), "--user", OWNER]


def _text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_recall_list_is_written_as_csv_or_pdf_with_the_states_asked_for(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    out = tmp_path / "recall.csv"
    code, printed, err = _run(["recall-list", *_who(practice), "--out", str(out)], monkeypatch,
                              capsys)  # fmt: skip
    assert code == 0, err
    assert printed == f"The recall list was written to {out}.\n"
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    names = {row["Patient"] for row in rows}
    assert {"Oakes, Olive", "Orr, Oscar"} <= names and "Upton, Una" not in names
    pdf = tmp_path / "overdue.pdf"
    args = ["recall-list", *_who(practice), "--out", str(pdf), "--state", "overdue",
            "--type", "hygiene"]  # fmt: skip
    code, _, err = _run(args, monkeypatch, capsys)
    assert code == 0, err
    text = _text(pdf)
    assert "Oakes, Olive" in text and "Orr, Oscar" in text and "Overdue · Hygiene" in text
    assert "Alvarez" not in text  # registered today: due, not overdue


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--out", "recall.txt"], "Name the file .csv (for a spreadsheet) or .pdf"),
        (["--out", "no-such-folder/recall.csv"], "no such folder"),
        (["--out", "recall.csv", "--type", "Fluoride"], "the recalls are: Hygiene"),
    ],
)
def test_a_recall_list_that_cannot_be_made_fails_in_one_sentence_and_writes_nothing(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], extra: list[str], words: str,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(["recall-list", *_who(practice), *extra], monkeypatch, capsys)
    assert code == 1 and words in _one_sentence(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == [practice.name]


def test_postcards_go_to_those_due_once_a_month_with_labels_and_are_logged(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    cards, labels = tmp_path / "cards.pdf", tmp_path / "labels.pdf"
    due_by = (practice_today() + timedelta(days=14)).isoformat()
    args = ["postcards", *_who(practice), "--due-by", due_by, "--out", str(cards),
            "--labels", str(labels)]  # fmt: skip
    code, printed, err = _run(args, monkeypatch, capsys)
    assert code == 0, err
    lines = printed.splitlines()
    assert lines[0] == (f"2 postcards written to {cards}; each is noted in the patient's "
                        "communication log.")  # fmt: skip
    assert lines[1] == f"Their mailing labels were written to {labels}."
    assert lines[2] == ("Left out, with no mailing address on file: Alvarez, Ana; Brooks, Ben; "
                        "Chen, Cleo.")  # fmt: skip
    assert "Hello Olive," in _text(cards) and "Hello Oscar," in _text(cards)
    assert "Oscar Orr\n40 Alder St\nPortland, OR 97201" in _text(labels)
    with open_practice(practice, OWNER, OWNER_PASSWORD) as session:
        sent = [r for r in session.recall.list() if r.last_outcome == "postcard sent"]
        assert sorted(r.name for r in sent) == ["Oakes, Olive", "Orr, Oscar"]
        assert session.audit.count(AuditFilter(action=Action.RECALL_PRINTED)) == 1
    again = tmp_path / "again.pdf"
    code, printed, err = _run(
        ["postcards", *_who(practice), "--due-by", due_by, "--out", str(again)], monkeypatch,
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert printed.startswith(f"Nobody with a recall due by {due_by} is waiting for a postcard")
    assert not again.exists()


def test_postcards_that_cannot_be_written_fail_before_anything_is_logged(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    due_by = practice_today().isoformat()
    missing = tmp_path / "gone" / "labels.pdf"
    args = ["postcards", *_who(practice), "--due-by", due_by, "--out", str(tmp_path / "c.pdf"),
            "--labels", str(missing)]  # fmt: skip
    code, _, err = _run(args, monkeypatch, capsys)
    assert code == 1 and "no such folder" in _one_sentence(err)
    with pytest.raises(SystemExit) as stopped:
        main(["postcards", *_who(practice), "--due-by", "31/12/2026", "--out", "x.pdf"])
    assert stopped.value.code == 2 and "is not a date like 2026-03-17" in capsys.readouterr().err
    with open_practice(practice, OWNER, OWNER_PASSWORD) as session:
        assert session.audit.count(AuditFilter(action=Action.RECALL_PRINTED)) == 0
        assert not [r for r in session.recall.list() if r.attempts]
