"""Every CSV file PracticeDesk writes opens in a spreadsheet as the text that was typed, with
numbers as numbers, and never runs a cell as a formula; and there is only one writer."""

from __future__ import annotations

import ast
import codecs
import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practicedesk.errors import InvalidInput
from practicedesk.interop.csv_writing import FORMULA_STARTS, csv_bytes, write_csv

SRC = Path(__file__).resolve().parents[2] / "src" / "practicedesk"
HEADER = ("Chart", "First name", "Last name", "Born", "Balance", "Note")


def _read_back(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_a_file_opens_as_typed_with_formulas_turned_into_text(tmp_path: Path) -> None:
    path = tmp_path / "recall.csv"
    rows = [
        (12, "=cmd|' /C calc'!A0", "Smith", date(1980, 1, 2), Decimal("-12.50"), "+1 call"),
        (13, "Zoë", "O'Brien, Jr.", None, -450, 'said "later"\non the phone'),
        (14, "@SUM(A1:A2)", "-Dash", date(2001, 12, 31), 0, "\tindented"),
        (15, "\rCarriage", "Lee", None, Decimal("3.10"), "-"),
    ]
    write_csv(path, HEADER, rows)
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)  # how Excel knows the file is UTF-8
    assert _read_back(data) == [
        list(HEADER),
        ["12", "'=cmd|' /C calc'!A0", "Smith", "1980-01-02", "-12.50", "'+1 call"],
        ["13", "Zoë", "O'Brien, Jr.", "", "-450", 'said "later"\non the phone'],
        ["14", "'@SUM(A1:A2)", "'-Dash", "2001-12-31", "0", "'\tindented"],
        ["15", "'\rCarriage", "Lee", "", "3.10", "'-"],
    ]
    assert b"\r\n13,Zo\xc3\xab," in data  # numbers stay bare, so a spreadsheet adds them up


def test_a_header_that_looks_like_a_formula_is_neutralised_too() -> None:
    assert _read_back(csv_bytes(["=Total", "-Owed"], []))[0] == ["'=Total", "'-Owed"]


@given(st.lists(st.text(), min_size=1, max_size=6))
def test_no_text_cell_is_read_back_starting_as_a_formula(cells: list[str]) -> None:
    header = [f"c{n}" for n in range(len(cells))]
    [_, row] = _read_back(csv_bytes(header, [cells]))
    for written, read in zip(cells, row, strict=True):
        assert not read.startswith(FORMULA_STARTS)
        assert read in (written, "'" + written)


def test_a_float_or_a_bool_is_refused_as_a_mistake_in_the_program() -> None:
    with pytest.raises(TypeError):
        csv_bytes(["Balance"], [[12.5]])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        csv_bytes(["Consents"], [[True]])


def test_a_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match="2 cells but the header names 3"):
        csv_bytes(["a", "b", "c"], [["1", "2"]])


def test_a_folder_that_is_not_there_is_said_in_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such folder"):
        write_csv(tmp_path / "gone" / "list.csv", ["a"], [])
    assert not (tmp_path / "gone").exists()


def _csv_writers(path: Path) -> list[int]:
    """Lines where a module makes a csv writer: csv.writer(…), csv.DictWriter(…), or either
    imported from csv by name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("writer", "DictWriter")
            and isinstance(node.value, ast.Name)
            and node.value.id == "csv"
        ):
            lines.append(node.lineno)
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "csv"
            and any(alias.name in ("writer", "DictWriter") for alias in node.names)
        ):
            lines.append(node.lineno)
    return lines


def test_no_module_but_the_csv_writer_writes_csv() -> None:
    found = {
        str(path.relative_to(SRC)): lines
        for path in sorted(SRC.rglob("*.py"))
        if (lines := _csv_writers(path)) and path.name != "csv_writing.py"
    }
    assert found == {}, "write CSV through practicedesk.interop.csv_writing only"
    assert _csv_writers(SRC / "interop" / "csv_writing.py")  # the check sees a real writer
