"""`practicedesk day-close`, `ar-aging` and `statements` as an office's script runs them at the
end of a day or a month: the files written, what is recorded, and a failure as one sentence
with a non-zero exit code and nothing written."""

from __future__ import annotations

import csv
import io
import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from practicedesk.api import open_practice
from practicedesk.cli import main
from practicedesk.domain.ledger import EntryKind
from practicedesk.security.roles import Role
from practicedesk.services.money.desk import NewPayment
from practicedesk.services.money.printing import AR_AGING_COLUMNS
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD, make_practice
from tests.services.money.ledger_history import post_days_ago
from tests.services.money.money_fixtures import set_up_money
from tests.services.schedule_fixtures import practice_today
from tests.sync.sync_fixtures import edit

TODAY = practice_today().isoformat()


@pytest.fixture
def practice(data_dir: Path) -> Path:
    """A closed practice where Ben owes $120 (of $175 charged) and paid $55 today, in cash,
    and Cleo owes $65 with no address on file; and a clinician, who may not see money."""
    with make_practice(data_dir).session as session:
        office = set_up_money(session).office
        edit(session, office.ben.id, street="7 Harbour View Road", city="Portsmouth",
             region="NH", postal_code="03801")  # fmt: skip
        post_days_ago(session, office.ben.id, EntryKind.CHARGE, 17_500, 40, procedure_code="D2391")
        session.desk.take_payment(NewPayment(office.ben.id, 5_500, "cash"))
        post_days_ago(session, office.cleo.id, EntryKind.CHARGE, 6_500, 2, procedure_code="D0150")
        session.users.add("kim", "Dr. Kim", Role.CLINICIAN, OTHER_PASSWORD,
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


def _one_sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))


def _day_close(data_dir: Path, out: Path, *extra: str, user: str = OWNER) -> list[str]:
    return ["day-close", "--data-dir", str(data_dir), "--user", user, "--date", TODAY,
            "--out", str(out), *extra]  # fmt: skip


def test_the_days_report_and_deposit_slip_print_without_closing_the_day(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    out = tmp_path / "day.pdf"
    code, printed, err = _run(_day_close(practice, out), monkeypatch, capsys)
    assert code == 0, err
    assert "still open" in printed and str(out) in printed
    text = _text(out)
    assert "Open: not closed yet" in text and "Deposit slip" in text
    assert "Cash posted $55.00" in text and "Total collected $55.00" in text
    with open_practice(practice, OWNER, OWNER_PASSWORD) as session:
        assert not session.day_close.report(practice_today()).closed


def test_closing_the_day_counts_the_drawer_and_a_second_close_is_refused(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    out = tmp_path / "closed.pdf"
    args = _day_close(practice, out, "--close", "--counted-cash", "60.00")
    code, printed, err = _run(args, monkeypatch, capsys)
    assert code == 0, err
    assert "(closed)" in printed and "the drawer is over by $5.00" in printed
    text = _text(out)
    assert "Closed by olive" in text and "Cash counted $60.00" in text and "over by $5.00" in text

    again = tmp_path / "again.pdf"
    code, _, err = _run(_day_close(practice, again, "--close"), monkeypatch, capsys)
    assert code == 1 and "already closed" in _one_sentence(err)
    assert not again.exists()


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (["--counted-cash", "60"], "goes with --close"),
        (["--close", "--counted-cash", "60.505"], "two digits after the point"),
        (["--close", "--counted-cash", "sixty"], "--counted-cash 'sixty'"),
    ],
    ids=["cash without closing", "three decimals", "letters"],
)
def test_a_counted_cash_that_cannot_be_right_closes_nothing(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], extra: list[str], said: str,
) -> None:  # fmt: skip
    out = tmp_path / "day.pdf"
    code, _, err = _run(_day_close(practice, out, *extra), monkeypatch, capsys)
    assert code == 1 and said in _one_sentence(err)
    assert not out.exists()
    with open_practice(practice, OWNER, OWNER_PASSWORD) as session:
        assert not session.day_close.report(practice_today()).closed


def _ar_aging(data_dir: Path, out: Path, *extra: str, user: str = OWNER) -> list[str]:
    return ["ar-aging", "--data-dir", str(data_dir), "--user", user, "--out", str(out), *extra]


def test_the_ar_report_is_written_as_a_csv_or_a_pdf_by_the_files_name(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    sheet = tmp_path / "ar.CSV"
    code, printed, err = _run(_ar_aging(practice, sheet), monkeypatch, capsys)
    assert code == 0, err
    assert "2 accounts, $185.00 receivable" in printed
    rows = list(csv.reader(io.StringIO(sheet.read_bytes().decode("utf-8-sig"))))
    assert tuple(rows[0]) == AR_AGING_COLUMNS
    assert [(row[0], row[AR_AGING_COLUMNS.index("Total")]) for row in rows[1:]] == [
        ("Brooks, Ben", "120.00"),
        ("Chen, Cleo", "65.00"),
    ]

    paper = tmp_path / "ar.pdf"
    code, _, err = _run(_ar_aging(practice, paper, "--as-of", TODAY), monkeypatch, capsys)
    assert code == 0, err
    assert "Total owed $185.00 $0.00 $185.00" in _text(paper)


def test_an_ar_report_to_a_file_of_another_kind_is_refused_before_anything_is_read(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    out = tmp_path / "ar.xlsx"
    code, _, err = _run(_ar_aging(practice, out), monkeypatch, capsys, password="not asked")
    assert code == 1 and "ar.xlsx" in _one_sentence(err)
    assert not out.exists()


def _statements(data_dir: Path, out: Path, *extra: str, user: str = OWNER) -> list[str]:
    return ["statements", "--data-dir", str(data_dir), "--user", user, "--out", str(out), *extra]


def test_the_statements_due_are_printed_with_their_labels_and_recorded_as_sent(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    folder = tmp_path / "statements"
    code, printed, err = _run(_statements(practice, folder, "--labels"), monkeypatch, capsys)
    assert code == 0, err
    assert "2 statements ($185.00 due)" in printed and "recorded as sent" in printed
    assert "1 mailing label" in printed and "Cleo Chen" in printed  # no address on file
    batch = folder / f"statements-{TODAY}.pdf"
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(batch).pages]
    assert len(pages) == 2
    assert "Statement · Ben Brooks" in pages[0] and "Amount due $120.00" in pages[0]
    assert "Statement · Cleo Chen" in pages[1] and "Amount due $65.00" in pages[1]
    (label,) = PdfReader(BytesIO((folder / f"labels-{TODAY}.pdf").read_bytes())).pages
    assert "Ben Brooks" in label.extract_text() and "Cleo" not in label.extract_text()

    code, printed, err = _run(_statements(practice, folder), monkeypatch, capsys)
    assert code == 0, err
    assert "No statement is due" in printed
    with open_practice(practice, OWNER, OWNER_PASSWORD) as session:
        assert session.receivables.statements_due() == []


def test_statements_into_a_folder_that_cannot_be_made_record_nothing(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    folder = tmp_path / "no such folder" / "statements"
    code, _, err = _run(_statements(practice, folder), monkeypatch, capsys)
    assert code == 1 and "no such folder" in _one_sentence(err)
    with open_practice(practice, OWNER, OWNER_PASSWORD) as session:
        assert len(session.receivables.statements_due()) == 2


def test_statements_that_could_not_be_written_are_not_recorded_as_sent(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    import errno

    from practicedesk import atomic

    def disk_full(_path: Path, _data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "write_atomically", disk_full)
    code, _, err = _run(_statements(practice, tmp_path), monkeypatch, capsys)
    assert code == 1 and "not recorded as sent" in _one_sentence(err)
    with open_practice(practice, OWNER, OWNER_PASSWORD) as session:
        assert len(session.receivables.statements_due()) == 2


@pytest.mark.parametrize("command", ["day-close", "ar-aging", "statements"])
def test_a_clinician_gets_the_permission_exit_code(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], command: str,
) -> None:  # fmt: skip
    out = tmp_path / ("folder" if command == "statements" else "out.pdf")
    args = {
        "day-close": _day_close(practice, out, user="kim"),
        "ar-aging": _ar_aging(practice, out, user="kim"),
        "statements": _statements(practice, out, user="kim"),
    }[command]
    code, _, err = _run(args, monkeypatch, capsys, password=OTHER_PASSWORD)
    assert code == 3, err
    _one_sentence(err)
    assert not out.exists() or not any(out.iterdir())
