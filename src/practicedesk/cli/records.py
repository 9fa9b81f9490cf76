"""The commands over the practice's records as a whole: patients brought in from a CSV file
(`import-patients`), one patient's record written out (`export-patient`), and the audit log
checked (`audit verify`).

The rest of an old system's data, which comes after its patients, is moving.py's.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from practicedesk.cli.common import Commands, read_password, write_file
from practicedesk.errors import InvalidInput


def add_import_patients(commands: Commands) -> None:
    imports = commands.add_parser("import-patients", help="add patients from a CSV file")
    imports.add_argument("file", type=Path, metavar="FILE")
    imports.add_argument("--data-dir", type=Path, required=True)
    imports.add_argument("--user", required=True, metavar="USERNAME")
    imports.add_argument(
        "--mapping",
        type=Path,
        metavar="MAPPING.json",
        help='which column holds which field: {"first_name": "Given Name"}',
    )
    imports.add_argument("--dry-run", action="store_true", help="check the file, store nothing")
    imports.add_argument(
        "--day-first",
        action="store_true",
        help="dates are day first (31/12/1980); default month first",
    )
    imports.add_argument(
        "--encoding",
        metavar="NAME",
        help="the file's encoding, such as Shift-JIS or Windows-1250 (default: found from the "
        "file; docs/patient-import.md lists the names)",
    )
    imports.set_defaults(handler=_import_patients)


def _import_patients(args: argparse.Namespace) -> int:
    """The file and the mapping are checked before the password is asked for: a wrong file
    is found out without opening the practice. Rejected rows are part of the report, not a
    failure: the exit code is 0 once the import has run."""
    from practicedesk.api import open_practice
    from practicedesk.interop.csv_fields import load_mapping
    from practicedesk.interop.csv_import import PatientFile
    from practicedesk.interop.csv_reading import read_file

    data = read_file(args.file)
    mapping = None
    if args.mapping:
        try:
            mapping = load_mapping(args.mapping.read_bytes())
        except OSError as exc:
            raise InvalidInput(
                f"The mapping file {args.mapping} cannot be read ({exc.strerror or exc})."
            ) from exc
    # Refuses a file that is no patient list, or not in the encoding named.
    PatientFile(data, mapping, day_first=args.day_first, encoding=args.encoding)
    password = read_password(f"Password for {args.user}: ")
    with open_practice(args.data_dir, args.user, password) as session:
        if not args.dry_run:
            session.patient_import.first_lines(data)  # refuses one who may not import
            backup = session.backup_schedule.before_import(f"patients from {args.file.name}")
            print(
                f"Backed up first to {backup}; restore it to go back to before the import.",
                file=sys.stderr,
            )
        report = session.patient_import.run(
            data,
            mapping,
            dry_run=args.dry_run,
            day_first=args.day_first,
            file_name=args.file.name,
            encoding=args.encoding,
        )
    print(f"Read {args.file.name} ({report.encoding}, {report.delimiter} separated).")
    if report.dry_run:
        print("Dry run: nothing was stored.")
    print(
        f"{'Would add' if report.dry_run else 'Added'}: {report.added}. "
        f"Skipped, already in the practice: {report.skipped}. "
        f"Possible duplicates, not added: {len(report.possible_duplicates)}. "
        f"Rejected: {len(report.rejected)}. "
        f"With a phone or e-mail to check: {len(report.warnings)}."
    )
    if report.warnings:
        print("Added with a value to check (a task on each chart says which):")
        for warning in report.warnings:
            print(f"  line {warning.line}: {warning.name}. {' '.join(warning.reasons)}")
    if report.possible_duplicates:
        print("Possible duplicates (add them by hand if they are new patients):")
        for duplicate in report.possible_duplicates:
            print(f"  line {duplicate.line}: {duplicate.name}. {duplicate.reason}")
    if report.rejected:
        print("Rejected (fix these lines and import the file again):")
        for row in report.rejected:
            print(f"  line {row.line}: {' '.join(row.reasons)}")
    return 0


def add_export_patient(commands: Commands) -> None:
    export = commands.add_parser("export-patient", help="write one patient's record to a file")
    export.add_argument("--data-dir", type=Path, required=True)
    export.add_argument("--user", required=True, metavar="USERNAME")
    export.add_argument("--chart", required=True, type=_chart_number, metavar="NUMBER")
    export.add_argument("--format", required=True, choices=("fhir", "pdf"))
    export.add_argument("--out", required=True, type=Path, metavar="FILE")
    export.set_defaults(handler=_export_patient)


def _chart_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a chart number like 1042")
    return int(text)


def _export_patient(args: argparse.Namespace) -> int:
    """The file is written only after the export succeeded (and was audited), and whole:
    an interrupted write never leaves half a record behind under the name asked for."""
    from practicedesk.api import open_practice

    if not args.out.parent.is_dir():  # found out before an export is made and audited
        raise InvalidInput(f"The record cannot be written to {args.out}: no such folder.")
    password = read_password(f"Password for {args.user}: ")
    with open_practice(args.data_dir, args.user, password) as session:
        patient_id = session.record_export.find_by_chart_number(args.chart)
        if args.format == "pdf":
            data = session.record_export.summary_pdf(patient_id)
        else:
            data = session.record_export.fhir_bundle(patient_id).encode("utf-8")
    write_file(args.out, data, "The record")
    what = "chart summary" if args.format == "pdf" else "FHIR record"
    print(f"The {what} of chart {args.chart} was written to {args.out}.")
    return 0


def add_audit(commands: Commands) -> None:
    audit = commands.add_parser("audit", help="the audit log")
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_commands.add_parser("verify", help="check that no entry was removed or changed")
    verify.add_argument("--data-dir", type=Path, required=True)
    verify.add_argument("--user", required=True, metavar="USERNAME")
    verify.set_defaults(handler=_audit_verify)


def _audit_verify(args: argparse.Namespace) -> int:
    from practicedesk.api import open_practice

    password = read_password(f"Password for {args.user}: ")
    with open_practice(args.data_dir, args.user, password) as session:
        result = session.audit.verify()
    if result.ok:
        print(f"The audit log is intact: {result.entries} entries, every link checked.")
        return 0
    broken = result.broken
    assert broken is not None
    print(
        f"The audit log is broken at entry {broken.seq}: {broken.reason}. "
        f"{result.entries} entries were read.",
        file=sys.stderr,
    )
    return 1
