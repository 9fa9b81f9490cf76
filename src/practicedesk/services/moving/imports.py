"""What every import from the old system shares: its report, its preview, its mapping, the
permission to run it and its audit entry. Each kind (appointments.py, insurance.py,
recalls.py, balances.py) adds how its rows are checked against the practice and written.

An import reads and checks the whole file before it writes, then writes in one transaction:
a failure or a Cancel leaves nothing behind, and a dry run is the same reading with no
transaction. Rows keep the old system's ids, so importing a file again adds nothing and a
later export of the same rows updates them. The audit entry names the file and the counts,
never a patient.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence, Sized
from dataclasses import dataclass
from pathlib import PurePath
from typing import ClassVar, Protocol, TypeVar

from sqlalchemy.orm import Session

from practicedesk.interop.csv_fields import ColumnMapping, FieldSet
from practicedesk.interop.csv_reading import FirstLines, first_lines
from practicedesk.interop.moving.presets import GENERIC, preset
from practicedesk.interop.moving.rows import PREVIEW_ROWS, LegacyFile, RawRow, Refused, headers_of
from practicedesk.progress import Progress, stop_if_cancelled
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.context import Context
from practicedesk.services.moving import mappings
from practicedesk.services.moving.mappings import MoveMapping

FOUND_LIMIT = 200  # distinct values shown to be matched: more is not a list but a typo
RowCheck = Callable[[RawRow], str]  # a preview's verdict on a row: "ok", or why not
Record = TypeVar("Record")


@dataclass(frozen=True, slots=True)
class ReportLine:
    line: int  # as an editor numbers the file's lines (the header is line 1)
    text: str


@dataclass(frozen=True, slots=True)
class MoveReport:
    kind: str  # appointments, insurance, recalls, balances
    file_name: str
    encoding: str
    delimiter: str
    dry_run: bool  # True: the counts say what a real run would do
    added: int = 0
    updated: int = 0  # a later export changed rows imported before
    unchanged: int = 0  # already here as the file has them
    rejected: tuple[ReportLine, ...] = ()  # to fix in the file (or the mapping)
    left_out: tuple[ReportLine, ...] = ()  # not things to import (a planned visit, a note)
    conflicts: tuple[ReportLine, ...] = ()  # would double-book the book: not imported
    warnings: tuple[ReportLine, ...] = ()  # imported, with something to look at
    facts: tuple[str, ...] = ()  # what the counts do not say: "12 past visits…"
    # Visits only: the file's visits in PracticeDesk after the import, by month ("2026-03"),
    # to hold against the old system's own count of each month.
    by_month: tuple[tuple[str, int], ...] = ()

    @property
    def not_imported(self) -> int:
        return len(self.rejected) + len(self.conflicts)


@dataclass(frozen=True, slots=True)
class FoundValue:
    """A value the old system writes for a provider, chair, type, status or recall, how many
    rows have it, and what it is matched to now ("" for nothing)."""

    old: str
    rows: int
    matched: str


@dataclass(frozen=True, slots=True)
class PreviewRow:
    line: int
    values: Mapping[str, str]  # field → the text in the file
    verdict: str  # "ok", or why it would not be imported


@dataclass(frozen=True, slots=True)
class MovePreview:
    encoding: str
    delimiter: str  # comma, semicolon or tab
    mapping: ColumnMapping
    rows: tuple[PreviewRow, ...]
    found: Mapping[str, tuple[FoundValue, ...]]  # what → the file's values, most rows first
    choices: Mapping[str, tuple[str, ...]]  # what → PracticeDesk's names to match them to


class LegacyImport:
    """The shared half of one kind's import service."""

    kind: ClassVar[str]
    fields: ClassVar[FieldSet]
    matched: ClassVar[tuple[str, ...]] = ()  # what the mapping's values match
    permissions: ClassVar[tuple[Permission, ...]]

    def __init__(self, context: Context) -> None:
        self._ctx = context

    def _require(self) -> None:
        self._ctx.require(Permission.IMPORT_PATIENTS)
        for permission in self.permissions:
            self._ctx.require(permission)

    def first_lines(self, data: bytes, *, encoding: str | None = None) -> FirstLines:
        """The file's first lines as decoded, to see a wrong encoding before anything else."""
        self._require()
        return first_lines(data, encoding)

    def starting_mapping(self, preset_name: str | None = None) -> MoveMapping:
        """The mapping to start from: the one remembered from the last import of this kind
        (on any PC), or the preset's; with a preset named, the preset's columns and
        statuses with the remembered matches of providers, chairs and types."""
        self._require()
        with self._ctx.db.reading() as session:
            saved = mappings.read_saved(session, self.kind)
        if preset_name is None:
            return saved or mappings.from_preset(GENERIC, self.kind)
        chosen = mappings.from_preset(preset(preset_name), self.kind)
        if saved is None:
            return chosen
        values = {**saved.values, **chosen.values}
        return MoveMapping(chosen.columns, values, saved.day_first)

    def save_mapping(self, mapping: MoveMapping) -> None:
        self._require()
        with self._ctx.db.writing() as session:
            if mappings.save(session, self.kind, mapping):
                audit.record(
                    session, self._ctx.actor, audit.Action.SETTING_CHANGED,
                    f"the mapping for importing {self.kind} was saved",
                    subject_type="setting", subject_id=f"import-mapping:{self.kind}",
                )  # fmt: skip

    def open(self, data: bytes, mapping: MoveMapping, *, encoding: str | None = None) -> LegacyFile:
        """The file with the mapping's columns that it has (others found by their names)."""
        peek = LegacyFile(data, self.fields, None, encoding=encoding)
        columns = mappings.columns_in_file(peek.mapping.headers, mapping.columns)
        return LegacyFile(data, self.fields, columns, encoding=encoding)

    def preview(
        self,
        data: bytes,
        mapping: MoveMapping,
        *,
        encoding: str | None = None,
        rows: int = PREVIEW_ROWS,
    ) -> MovePreview:
        """The columns as read, the first rows with whether each would be imported, and the
        old system's values to match with PracticeDesk's; nothing stored."""
        self._require()
        opened = self.open(data, mapping, encoding=encoding)
        with self._ctx.db.reading() as session:
            checker = self._checker(session, mapping)
            shown = tuple(
                PreviewRow(raw.line, raw.values, checker(raw)) for raw in opened.preview(rows)
            )
            found, choices = self._found(session, opened, mapping)
        return MovePreview(opened.encoding, opened.delimiter, opened.mapping, shown, found, choices)

    def _checker(self, session: Session, mapping: MoveMapping) -> RowCheck:
        raise NotImplementedError

    def _found(
        self, session: Session, opened: LegacyFile, mapping: MoveMapping
    ) -> tuple[dict[str, tuple[FoundValue, ...]], dict[str, tuple[str, ...]]]:
        """The kinds with values to match override this; the others have none."""
        return {}, {}

    def _remember(
        self,
        session: Session,
        opened: LegacyFile,
        mapping: MoveMapping,
        values: Mapping[str, Mapping[str, str]],
    ) -> None:
        """After a real import: the columns as this file had them, with `values` matched,
        become the mapping the next file of this kind starts from."""
        remembered = MoveMapping(opened.mapping.as_dict(), values, mapping.day_first)
        mappings.save(session, self.kind, remembered)

    def _audit(self, session: Session, report: MoveReport) -> None:
        verb = "would add" if report.dry_run else "added"
        prefix = "dry run of " if report.dry_run else ""
        audit.record(
            session,
            self._ctx.actor,
            audit.Action.RECORDS_IMPORTED,
            f"{prefix}{self.kind} from {report.file_name}: {verb} {report.added}, "
            f"updated {report.updated}, unchanged {report.unchanged}, "
            f"{len(report.rejected)} rejected, {len(report.conflicts)} in conflict, "
            f"{len(report.left_out)} left out",
        )


_WHAT = {"appointments": "visits", "insurance": "policies", "recalls": "recalls",
         "balances": "balances"}  # fmt: skip


def describe(report: MoveReport) -> list[str]:
    """The report in words, as the import screen shows it and the command line prints it:
    the counts first, then every line not imported and why, by line number."""
    things = _WHAT[report.kind]
    add, update = ("Would add", "Would update") if report.dry_run else ("Added", "Updated")
    counts = [
        f"{add}: {report.added:,} {things}.",
        f"{update}: {report.updated:,}.",
        f"Already here: {report.unchanged:,}.",
        f"Rejected: {len(report.rejected):,}.",
    ]
    if report.conflicts:
        counts.append(f"Not booked (double bookings): {len(report.conflicts):,}.")
    if report.left_out:
        counts.append(f"Left out: {len(report.left_out):,}.")
    how = f"{report.encoding}, {report.delimiter} separated"
    lines = [
        f"Read {report.file_name} ({how})."
        + (" Dry run: nothing was stored." if report.dry_run else ""),
        " ".join(counts),
        *report.facts,
    ]
    if report.by_month:
        verb = "would be" if report.dry_run else "are"
        lines += ["", f"The file's {things} that {verb} in PracticeDesk, by month (compare "
                  "with the old system's count of each month):"]  # fmt: skip
        lines += [f"  {month}: {count:,}" for month, count in report.by_month]
    for title, found in (
        ("Rejected (fix these lines, or the mapping, and import the file again):",
         report.rejected),
        ("Not booked, they would double-book (free the time, or import them booked over):",
         report.conflicts),
        ("Imported, to look at:", report.warnings),
        (f"Left out (not {things} to import):", report.left_out),
    ):  # fmt: skip
        if found:
            lines += ["", title]
            lines += [f"  line {line.line}: {line.text}" for line in found]
    return lines


def open_export(
    data: bytes, fields: FieldSet, mapping: MoveMapping, *, encoding: str | None = None
) -> LegacyFile:
    """The file with the mapping's columns that it has (the others found by their names, as
    an older export may lack a column a preset names); refuses a file that is not this kind
    of export, before anything else is read."""
    columns = mappings.columns_in_file(headers_of(data, encoding), mapping.columns)
    return LegacyFile(data, fields, columns, encoding=encoding)


def read_records(
    opened: LegacyFile,
    read: Callable[[RawRow], Record | Refused],
    rejected: list[ReportLine],
    progress: Progress,
    things: str,
) -> Iterator[Record]:
    """The file's rows read as the kind's records, one at a time, with progress and Cancel
    ("Checking the file's policies…"); a row that cannot be read goes to `rejected` with its
    reasons, so every kind lists its unreadable lines alike."""
    lines = opened.line_count
    for raw in opened.rows():
        progress.report(min(raw.line, lines), lines, f"Checking the file's {things}…")
        stop_if_cancelled(progress)
        record = read(raw)
        if isinstance(record, Refused):
            rejected.append(ReportLine(record.line, " ".join(record.reasons)))
            continue
        yield record


class RowPlan(Protocol):
    """What an import that adds and updates rows has worked out before writing: the counts
    its report gives."""

    @property
    def inserts(self) -> Sized: ...

    @property
    def updates(self) -> Sized: ...

    @property
    def unchanged(self) -> int: ...

    @property
    def rejected(self) -> Sequence[ReportLine]: ...


def plan_report(
    kind: str,
    opened: LegacyFile,
    name: str,
    dry_run: bool,
    plan: RowPlan,
    *,
    facts: Sequence[str],
    warnings: Sequence[ReportLine] = (),
) -> MoveReport:
    """The report of an import that adds and updates rows, counted the same way for every
    kind: what the office compares with the old system must not depend on which file it is."""
    return MoveReport(
        kind=kind,
        file_name=name,
        encoding=opened.encoding,
        delimiter=opened.delimiter,
        dry_run=dry_run,
        added=len(plan.inserts),
        updated=len(plan.updates),
        unchanged=plan.unchanged,
        rejected=tuple(plan.rejected),
        warnings=tuple(warnings),
        facts=tuple(facts),
    )


def file_label(file_name: str) -> str:
    return PurePath(file_name).name[:200] or "a CSV file"


def counted(values: Counter[str], matched: Mapping[str, str]) -> tuple[FoundValue, ...]:
    """The values most rows have first, at most FOUND_LIMIT of them."""
    return tuple(
        FoundValue(old, rows, matched.get(old, "")) for old, rows in values.most_common(FOUND_LIMIT)
    )


def plural(count: int, word: str, many: str = "") -> str:
    """ "1 visit", "2 visits", "1,200 past visits"; `many` where "s" is not the plural."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"
