"""Reading a CSV file another program wrote: its encoding, its separator, and its lines.

Other systems export UTF-8 (with or without the byte-order mark Excel adds), Windows-1252
(older Windows programs), UTF-16 (Excel's "Unicode Text", with or without a byte-order mark)
or another code page such as Shift-JIS (text_encodings.py finds which, or the person names
it), separated by commas, semicolons (Excel where the comma is the decimal sign) or tabs.
Nothing here knows about patients: csv_import.py gives the columns their meaning. A file that
cannot be a table of text at all is refused whole, in one sentence; the sentence never quotes
the file's contents.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from practicedesk.errors import InvalidInput
from practicedesk.interop.text_encodings import decode

# A small practice's whole patient list is a few megabytes; anything far larger is not one.
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_ROWS = 250_000
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_SNIFFED_LINES = 50


@dataclass(frozen=True, slots=True)
class CsvText:
    """The decoded text of a file and how it was written."""

    text: str
    encoding: str  # as text_encodings names it: "UTF-8", "UTF-8 with BOM", "Shift-JIS"…
    delimiter: str

    @property
    def delimiter_name(self) -> str:
        return DELIMITERS[self.delimiter]

    @property
    def line_count(self) -> int:
        """The file's lines as a row's line number counts them: how far through it a reader is."""
        return self.text.count("\n") + (not self.text.endswith("\n"))


@dataclass(frozen=True, slots=True)
class FirstLines:
    """The start of a file as decoded, whatever its columns: where a person sees at once
    whether the encoding is right (a wrong one garbles the names)."""

    encoding: str
    lines: tuple[str, ...]


def first_lines(data: bytes, encoding: str | None = None, count: int = 6) -> FirstLines:
    """The first `count` lines that hold anything, each cut at 300 characters."""
    check_size(data)
    text, found = decode(data, encoding)
    shown: list[str] = []
    for line in io.StringIO(text, newline=None):
        if line.strip():
            shown.append(line.rstrip("\n")[:300])
        if len(shown) == count:
            break
    return FirstLines(found, tuple(shown))


def read_file(path: Path) -> bytes:
    """The file's bytes, refusing one too large before reading it into memory."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InvalidInput(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder, not a CSV file.") from None
    except OSError as exc:
        raise InvalidInput(f"The file {path} cannot be read ({exc.strerror}).") from None
    check_size(data)
    return data


def check_size(data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(
            f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, far more than any "
            "practice's patient list; split it into smaller files."
        )


def open_text(data: bytes, encoding: str | None = None) -> CsvText:
    """Decode (as `encoding`, or as found) and sniff; refuses an empty, binary or oversized
    file."""
    check_size(data)
    text, encoding = decode(data, encoding)
    if not text.strip():
        raise InvalidInput("The file is empty.")
    return CsvText(text, encoding, _sniff_delimiter(text))


def lines(source: CsvText) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on (1 = the first line), blank lines left out.

    Line numbers count the file's physical lines, as an editor shows them, even when a quoted
    value spans several lines.
    """
    reader = csv.reader(io.StringIO(source.text, newline=""), delimiter=source.delimiter)
    start, records = 1, 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidInput(
                f"Line {start} of the file cannot be read as CSV ({exc}); "
                "check the file was saved as CSV."
            ) from None
        if any(value.strip() for value in values):
            records += 1
            if records > MAX_ROWS + 1:  # the header row is not a patient
                raise InvalidInput(
                    f"The file has more than {MAX_ROWS:,} rows; split it into smaller files."
                )
            yield start, values
        start = reader.line_num + 1


def _sniff_delimiter(text: str) -> str:
    """The separator that splits the header into most columns and the next lines alike.

    csv.Sniffer guesses wrong on short files and on addresses full of commas; counting how
    many of the first lines have the header's number of columns does not.
    """
    sample = [line for line in text[: 64 * 1024].splitlines()[:_SNIFFED_LINES] if line.strip()]
    best, best_score = "", (0, 0)
    for delimiter in DELIMITERS:
        rows = list(csv.reader(sample, delimiter=delimiter))
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        score = (sum(len(row) == width for row in rows), width)
        if score > best_score:
            best, best_score = delimiter, score
    if not best:
        raise InvalidInput(
            "The first line of the file has only one column; PracticeDesk reads files whose "
            "columns are separated by commas, semicolons or tabs, with a header row first."
        )
    return best
