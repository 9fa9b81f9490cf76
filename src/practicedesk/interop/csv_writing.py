"""The one way PracticeDesk writes a CSV file: reports, recall lists, A/R exports, whatever
comes next. Nothing else under src/ may call `csv.writer` (a test checks it).

A CSV file is opened in a spreadsheet by someone who trusts it, and a spreadsheet runs a cell
that starts with `=`, `+`, `-` or `@` as a formula: a patient "named" `=HYPERLINK(…)` or
`=cmd|' /C calc'!A0`, typed at the desk or imported from another system, would run on the
office manager's PC the day the list is exported (CSV or formula injection). So every text
cell that starts with one of those, or with a tab or carriage return (which some spreadsheets
skip before looking), is written with a `'` in front, as OWASP recommends: the spreadsheet
shows the text as typed and runs nothing. Numbers are passed as numbers (int, Decimal) and
written as such, so a negative balance stays a number a spreadsheet can add up; only text
is changed. Money is never a float (its cents would not survive), so floats are refused.

The file is UTF-8 with a byte-order mark, which is how Excel recognises UTF-8 (without it,
"Zoë" opens as "ZoÃ«"), with a header row, `\r\n` line ends and quotes where a value holds a
comma, a quote or a line break.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from practicedesk.atomic import write_atomically
from practicedesk.errors import InvalidInput

Cell = str | int | Decimal | date | None

# What a spreadsheet may take for the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    """Text as a spreadsheet will show it and never run: a `'` before a formula's start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # an int to Python, but "True" is text in a file
        raise TypeError("write a yes/no as the text the reader should see, not a bool")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralised(value)
    raise TypeError(f"a CSV cell is text, a whole number, a Decimal or a date, not {value!r}")


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The whole file: the byte-order mark, the header row, then a line per row."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([_cell(name) for name in header])
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"a row has {len(row)} cells but the header names {len(header)}")
        writer.writerow([_cell(value) for value in row])
    return codecs.BOM_UTF8 + text.getvalue().encode("utf-8")


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
    """Write the file whole or not at all (a full USB stick leaves no half a list)."""
    data = csv_bytes(header, rows)
    try:
        write_atomically(path, data)
    except FileNotFoundError:
        raise InvalidInput(f"The file cannot be written to {path}: no such folder.") from None
    except OSError as exc:
        raise InvalidInput(
            f"The file cannot be written to {path} ({exc.strerror or exc}); choose another folder."
        ) from None
