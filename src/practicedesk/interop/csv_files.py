"""An opened export, whatever it lists: how it is written, its header, and each row's text by
field with the reasons it cannot be read at all.

The patient list (csv_import.py) and every kind of the old system's exports
(moving/rows.py) are opened and cut into fields the same way, so a file that one import
reads the other reads alike, and a row is refused for the same reasons in the same words.
What the text means is the kind's own business; nothing here knows about patients.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from practicedesk.errors import InvalidInput
from practicedesk.interop.csv_fields import ColumnMapping, FieldSet
from practicedesk.interop.csv_reading import CsvText, lines, open_text


class CsvFile:
    """The decoded file and its header row; refuses an empty one."""

    def __init__(self, data: bytes, encoding: str | None = None) -> None:
        self._source: CsvText = open_text(data, encoding)
        first = next(lines(self._source), None)
        if first is None:
            raise InvalidInput("The file is empty.")
        self.headers: list[str] = first[1]

    @property
    def encoding(self) -> str:
        return self._source.encoding

    @property
    def delimiter(self) -> str:
        return self._source.delimiter_name

    @property
    def line_count(self) -> int:
        return self._source.line_count

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """Every record after the header with its line, read afresh from the text each call."""
        return islice(lines(self._source), 1, None)


def row_text(
    fields: FieldSet, mapping: ColumnMapping, values: list[str]
) -> tuple[dict[str, str], list[str]]:
    """A record's text by field, trimmed, and why it cannot be read at all: more values than
    the header names, a value longer than its field allows, or one that runs over several
    lines (most often a quote left open)."""
    width = len(mapping.headers)
    raw = {
        name: values[column].strip() if column < len(values) else ""
        for name, column in mapping.columns
    }
    problems: list[str] = []
    if any(value.strip() for value in values[width:]):
        problems.append(f"The line has {len(values)} values but the header names {width} columns.")
    for name, value in raw.items():
        field = fields.field(name)
        if len(value) > field.max_length:
            problems.append(f"{sentence(field.label)} is over {field.max_length} characters.")
        elif "\n" in value or "\r" in value:
            problems.append(
                f"{sentence(field.label)} runs over several lines; check the quotes on this line."
            )
    return raw, problems


def sentence(label: str) -> str:
    """A field's label ("the first name") as the start of a sentence."""
    return label[0].upper() + label[1:]
