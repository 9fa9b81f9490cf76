"""The commands that bring the rest of the old system after its patients:
`import-appointments`, `import-insurance`, `import-recalls` and `import-balances`.

Each reads a CSV export with a mapping: `--preset` (generic or open-dental), a `--mapping`
file (as the import screen saves it) over it, or else the one remembered from the last import
of that kind. The file and the mapping are checked before the password is asked for. A real
import makes a backup first and says where it is (on stderr; stdout is the report):
restoring it is how to go back. Rows not imported are part of the report, not a failure: the
exit code is 0 once the import has run.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from practicedesk.cli.common import Commands, iso_date, read_password
from practicedesk.errors import InvalidInput

if TYPE_CHECKING:
    from practicedesk.services.moving.imports import LegacyImport
    from practicedesk.services.moving.mappings import MoveMapping


@dataclass(frozen=True, slots=True)
class _Command:
    name: str
    kind: str  # as services/moving names it
    attribute: str  # the session's service
    help: str
    as_of: bool = False  # takes the day the export was made
    book_over: bool = False


_COMMANDS = (
    _Command("import-appointments", "appointments", "appointment_import",
             "bring the old system's visits: past ones as history, future ones into the book",
             book_over=True),
    _Command("import-insurance", "insurance", "insurance_import",
             "bring the old system's insurance policies into the charts"),
    _Command("import-recalls", "recalls", "recall_import",
             "bring the old system's recall due dates and intervals", as_of=True),
    _Command("import-balances", "balances", "balance_import",
             "bring the old system's balances forward, aged as it aged them (owners only)",
             as_of=True),
)  # fmt: skip


def add_commands(commands: Commands) -> None:
    """Add the four commands to the `practicedesk` command's subparsers."""
    for command in _COMMANDS:
        parser = commands.add_parser(command.name, help=command.help)
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument("--data-dir", type=Path, required=True)
        parser.add_argument("--user", required=True, metavar="USERNAME")
        parser.add_argument(
            "--preset",
            metavar="NAME",
            help="generic or open-dental (default: the mapping remembered from the last import)",
        )
        parser.add_argument(
            "--mapping", type=Path, metavar="MAPPING.json", help="the columns and values to use"
        )
        parser.add_argument("--dry-run", action="store_true", help="check the file, store nothing")
        parser.add_argument(
            "--day-first", action="store_true", help="dates are day first (31/12/2026)"
        )
        parser.add_argument("--encoding", metavar="NAME", help="the file's encoding")
        if command.as_of:
            parser.add_argument(
                "--as-of",
                type=iso_date,
                metavar="YYYY-MM-DD",
                help="the day the old system's figures were true (default: today)",
            )
        if command.book_over:
            parser.add_argument(
                "--book-over-conflicts",
                action="store_true",
                help="book visits that would double-book anyway, noting it on each",
            )
        parser.set_defaults(handler=_run, move=command)


def _run(args: argparse.Namespace) -> int:
    from practicedesk.api import open_practice
    from practicedesk.interop.csv_reading import read_file
    from practicedesk.interop.moving.presets import preset
    from practicedesk.services.moving import mappings
    from practicedesk.services.moving.imports import describe, open_export

    command: _Command = args.move
    service_class = _service_class(command.kind)
    data = read_file(args.file)
    given = None
    if args.preset:
        given = mappings.from_preset(preset(args.preset), command.kind)
    if args.mapping:
        try:
            loaded = mappings.load_file(
                args.mapping.read_bytes(), service_class.fields, service_class.matched
            )
        except OSError as exc:
            raise InvalidInput(
                f"The mapping file {args.mapping} cannot be read ({exc.strerror or exc})."
            ) from exc
        from practicedesk.interop.moving.rows import LegacyFile

        LegacyFile(data, service_class.fields, loaded.columns, encoding=args.encoding)
        given = _over(given, loaded)
    if given is not None:
        open_export(data, service_class.fields, given, encoding=args.encoding)
    password = read_password(f"Password for {args.user}: ")
    with open_practice(args.data_dir, args.user, password) as session:
        service: Any = getattr(session, command.attribute)
        mapping = given or service.starting_mapping(None)
        if args.day_first:
            mapping = mappings.MoveMapping(mapping.columns, mapping.values, True)
        service.preview(data, mapping, encoding=args.encoding, rows=1)  # refuses a bad file
        options: dict[str, object] = {}
        if command.as_of:
            options["as_of"] = args.as_of
        if command.book_over:
            options["book_over_conflicts"] = args.book_over_conflicts
        if not args.dry_run:
            backup = session.backup_schedule.before_import(f"{command.kind} from {args.file.name}")
            print(
                f"Backed up first to {backup}; restore it to go back to before the import.",
                file=sys.stderr,
            )
        report = service.run(
            data, mapping, dry_run=args.dry_run, file_name=args.file.name,
            encoding=args.encoding, **options,
        )  # fmt: skip
    print("\n".join(describe(report)))
    return 0


def _over(base: MoveMapping | None, top: MoveMapping) -> MoveMapping:
    """A mapping file over a preset: its columns and values win, the preset fills the rest."""
    from practicedesk.services.moving.mappings import MoveMapping

    if base is None:
        return top
    values = {**base.values, **{w: {**base.values.get(w, {}), **v} for w, v in top.values.items()}}
    return MoveMapping({**base.columns, **top.columns}, values, top.day_first or base.day_first)


def _service_class(kind: str) -> type[LegacyImport]:
    from practicedesk.services.moving.appointments import AppointmentImportService
    from practicedesk.services.moving.balances import BalanceImportService
    from practicedesk.services.moving.insurance import InsuranceImportService
    from practicedesk.services.moving.recalls import RecallImportService

    return {
        "appointments": AppointmentImportService,
        "insurance": InsuranceImportService,
        "recalls": RecallImportService,
        "balances": BalanceImportService,
    }[kind]
