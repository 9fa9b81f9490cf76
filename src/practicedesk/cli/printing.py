"""The commands that print what the front desk hands out or files, to a PDF (or a CSV where
a spreadsheet is wanted): `day-sheet`, `packet`, `recall-list`, `postcards` and `report`.

What the money prints (the day's close, the A/R aging, the statements) is in money.py.
"""

from __future__ import annotations

import argparse
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from practicedesk.cli.common import (
    Commands,
    check_folder,
    iso_date,
    make_folder,
    read_password,
    table_file_kind,
    write_file,
)
from practicedesk.errors import InvalidInput

if TYPE_CHECKING:
    from practicedesk.services.session import PracticeSession


def add_day_sheet(commands: Commands) -> None:
    sheet = commands.add_parser("day-sheet", help="print a day's schedule to a PDF")
    sheet.add_argument("--data-dir", type=Path, required=True)
    sheet.add_argument("--user", required=True, metavar="USERNAME")
    sheet.add_argument("--date", required=True, type=iso_date, metavar="YYYY-MM-DD")
    sheet.add_argument("--provider", metavar="NAME", help="one provider (default: all)")
    sheet.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    sheet.add_argument(
        "--whole-office", action="store_true",
        help="every provider's visits on one sheet in time order (default: a page each)",
    )  # fmt: skip
    sheet.set_defaults(handler=_day_sheet)


def _day_sheet(args: argparse.Namespace) -> int:
    from practicedesk.api import open_practice
    from practicedesk.security.roles import Permission

    check_folder(args.out.parent, f"The day sheet cannot be written to {args.out}")
    password = read_password(f"Password for {args.user}: ")
    with open_practice(args.data_dir, args.user, password) as session:
        provider_id = _provider_id(session, args.provider) if args.provider else None
        printouts = session.money_print if session.can(Permission.VIEW_MONEY) else session.printouts
        pdf = printouts.day_sheet(args.date, provider_id, whole_office=args.whole_office)
    write_file(args.out, pdf, "The day sheet")
    print(f"Day sheet for {args.date.isoformat()} written to {args.out}.")
    return 0


def _provider_id(session: PracticeSession, name: str) -> uuid.UUID:
    """The one provider whose name holds `name` ("park" for Dr. Ada Park)."""
    wanted = name.casefold()
    matches = [p for p in session.staff.providers(include_inactive=True)
               if wanted in p.name.casefold()]  # fmt: skip
    if len(matches) != 1:
        names = ", ".join(p.name for p in session.staff.providers()) or "none"
        raise InvalidInput(f"No single provider matches {name!r}; the providers are: {names}.")
    return matches[0].id


def add_packet(commands: Commands) -> None:
    packet = commands.add_parser("packet", help="print a visit's packet (or a day's) to PDF")
    packet.add_argument("--data-dir", type=Path, required=True)
    packet.add_argument("--user", required=True, metavar="USERNAME")
    visits = packet.add_mutually_exclusive_group(required=True)
    visits.add_argument("--appointment", metavar="ID", help="the appointment's id (a UUID)")
    visits.add_argument(
        "--date", type=iso_date, metavar="YYYY-MM-DD", help="every surgical packet of the day"
    )
    packet.add_argument("--packet", default="", metavar="NAME", help="default: the type's own")
    packet.add_argument(
        "--out", required=True, type=Path, metavar="FILE.pdf", help="with --date: a folder"
    )
    packet.set_defaults(handler=_packet)


def _packet(args: argparse.Namespace) -> int:
    """One visit's packet to a file, or with --date every surgical packet of the day into a
    folder; each file is written whole (write_atomically) only after its packet was made."""
    from practicedesk.api import open_practice

    appointment_id = _appointment_id(args.appointment) if args.appointment else None
    folder = args.out if appointment_id is None else args.out.parent
    if appointment_id is None and args.out.exists() and not args.out.is_dir():
        raise InvalidInput(f"With --date, --out names a folder, and {args.out} is a file.")
    if appointment_id is None and not args.out.exists():
        make_folder(args.out)
    if not folder.is_dir():  # found out before a packet is made and audited
        raise InvalidInput(f"The packet cannot be written to {args.out}: no such folder.")
    password = read_password(f"Password for {args.user}: ")
    with open_practice(args.data_dir, args.user, password) as session:
        if appointment_id is not None:
            write_file(args.out, session.forms.packet(appointment_id, args.packet), "The packet")
            print(f"The packet was written to {args.out}.")
            return 0
        zone = session.schedule.zone()
        types = session.schedule_setup.appointment_types(include_inactive=True)
        packets: dict[uuid.UUID | None, str] = {t.id: t.packet for t in types}
        written = 0
        for visit in session.forms.surgical_visits(args.date):
            starts = visit.starts_at.astimezone(zone)
            packet_id = args.packet or packets.get(visit.type_id, "")
            name = f"{starts:%Y-%m-%d-%H%M}-{packet_id}-{str(visit.id)[:8]}.pdf"
            write_file(args.out / name, session.forms.packet(visit.id, args.packet), "The packet")
            written += 1
    print(f"{written} packet{'' if written == 1 else 's'} for {args.date.isoformat()} written "
          f"to {args.out}.")  # fmt: skip
    return 0


def _appointment_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise InvalidInput(
            f"{text!r} is not an appointment id; it looks like 3f2b8c1e-0d4a-4e8b-9a61-…"
        ) from None


_RECALL_STATES = {"overdue": "overdue", "due": "due", "due-soon": "due_soon"}


def add_recall_list(commands: Commands) -> None:
    recall = commands.add_parser("recall-list", help="write the recall list to a CSV or PDF")
    recall.add_argument("--data-dir", type=Path, required=True)
    recall.add_argument("--user", required=True, metavar="USERNAME")
    recall.add_argument("--out", required=True, type=Path, metavar="FILE.csv|FILE.pdf")
    recall.add_argument(
        "--state", action="append", choices=tuple(_RECALL_STATES), help="default: all three"
    )
    recall.add_argument("--type", metavar="NAME", help="one recall, such as Hygiene")
    recall.set_defaults(handler=_recall_list)


def _recall_list(args: argparse.Namespace) -> int:
    from practicedesk.api import open_practice
    from practicedesk.domain.recall import RecallState
    from practicedesk.services.recall.lists import LISTED, RecallFilter

    kind = table_file_kind(args.out)
    _check_target(args.out)
    states = frozenset(RecallState(_RECALL_STATES[s]) for s in args.state or ()) or LISTED
    password = read_password(f"Password for {args.user}: ")
    with open_practice(args.data_dir, args.user, password) as session:
        type_id = None
        if args.type:
            kinds = session.recall_types.list()
            wanted = [k for k in kinds if k.name.casefold() == args.type.casefold()]
            if len(wanted) != 1:
                names = ", ".join(k.name for k in kinds) or "none"
                raise InvalidInput(f"No recall is called {args.type!r}; the recalls are: {names}.")
            type_id = wanted[0].id
        where = RecallFilter(states=frozenset(states), recall_type_id=type_id)
        printer = session.recall_print
        data = printer.recall_list_csv(where) if kind == ".csv" else printer.recall_list_pdf(where)
    write_file(args.out, data, "The recall list")
    print(f"The recall list was written to {args.out}.")
    return 0


def add_postcards(commands: Commands) -> None:
    cards = commands.add_parser("postcards", help="print recall postcards for those due")
    cards.add_argument("--data-dir", type=Path, required=True)
    cards.add_argument("--user", required=True, metavar="USERNAME")
    cards.add_argument("--due-by", required=True, type=iso_date, metavar="YYYY-MM-DD")
    cards.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    cards.add_argument("--labels", type=Path, metavar="LABELS.pdf", help="a label for each card")
    cards.set_defaults(handler=_postcards)


def _postcards(args: argparse.Namespace) -> int:
    """The files are written after the mailing is logged, so both places are checked first."""
    from practicedesk.api import open_practice
    from practicedesk.services.recall.printing import RESEND_AFTER_DAYS

    for target in (args.out, *([args.labels] if args.labels else [])):
        _check_target(target)
    password = read_password(f"Password for {args.user}: ")
    with open_practice(args.data_dir, args.user, password) as session:
        mailing = session.recall_print.postcards_due_by(args.due_by, labels=bool(args.labels))
    if mailing.postcards is None:
        print(f"Nobody with a recall due by {args.due_by.isoformat()} is waiting for a "
              f"postcard (none sent in the last {RESEND_AFTER_DAYS} days); no file was "
              "written.")  # fmt: skip
    else:
        count = len(mailing.mailed)
        write_file(args.out, mailing.postcards, "The postcards (already logged as sent)")
        print(f"{count} postcard{'s' * (count != 1)} written to {args.out}; each is noted in "
              "the patient's communication log.")  # fmt: skip
        if args.labels and mailing.labels is not None:
            write_file(args.labels, mailing.labels, "The labels")
            print(f"Their mailing labels were written to {args.labels}.")
    if mailing.no_address:
        print(f"Left out, with no mailing address on file: {'; '.join(mailing.no_address)}.")
    return 0


def _check_target(target: Path) -> None:
    """Found out before the password is asked for and anything is printed or logged."""
    if not target.parent.is_dir():
        raise InvalidInput(f"The file cannot be written to {target}: no such folder.")
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder; --out names the file to write.")


def add_report(commands: Commands) -> None:
    report = commands.add_parser(
        "report", help="write a practice report (patient flow, no-shows…) to CSV or PDF"
    )
    report.add_argument("name", nargs="?", metavar="NAME", help="the report; --list names them")
    report.add_argument("--list", action="store_true", help="list the reports and stop")
    report.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS)
    report.add_argument("--user", metavar="USERNAME")
    report.add_argument(
        "--from", dest="first", type=iso_date, metavar="YYYY-MM-DD",
        help="default: 90 days back, or 12 months for the trends",
    )  # fmt: skip
    report.add_argument("--to", dest="last", type=iso_date, metavar="YYYY-MM-DD",
                        help="default: today")  # fmt: skip
    report.add_argument("--provider", metavar="NAME", help="one provider (default: all)")
    report.add_argument("--out", type=Path, metavar="FILE.csv|FILE.pdf")
    report.set_defaults(handler=_report)


def _report(args: argparse.Namespace) -> int:
    """A report as the Reports page counts it, to a file. The name, the dates and the
    folder are checked before the password is asked; a report naming patients is audited
    as it is written, as from the page."""
    from datetime import datetime

    from practicedesk.api import open_practice
    from practicedesk.security.roles import Permission
    from practicedesk.services.reports.catalog import KINDS, Filter, default_period, kind_of
    from practicedesk.services.reports.period import Period

    if args.list or not args.name:
        width = max(len(kind.key) for kind in KINDS)
        for kind in KINDS:
            owner = "  (owner only)" if kind.permission is Permission.VIEW_MONEY_REPORTS else ""
            print(f"{kind.key:<{width}}  {kind.title}{owner}")
        return 0
    kind = kind_of(args.name)
    missing = [flag for flag, value in (("--data-dir", args.data_dir), ("--user", args.user),
                                        ("--out", args.out)) if value is None]  # fmt: skip
    if missing:
        raise InvalidInput(f"A report needs {', '.join(missing)}.")
    suffix = table_file_kind(args.out)
    if args.provider and Filter.PROVIDER not in kind.filters:
        raise InvalidInput(f"The {kind.key} report counts the whole practice, not one provider.")
    check_folder(args.out.parent, f"The report cannot be written to {args.out}")
    password = read_password(f"Password for {args.user}: ")
    with open_practice(args.data_dir, args.user, password) as session:
        today = datetime.now(session.schedule.zone()).date()
        usual = default_period(today, kind.key)
        last = args.last or (usual.last if args.first is None else max(args.first, today))
        first = args.first or usual.first
        provider_id = _provider_id(session, args.provider) if args.provider else None
        report = session.reports.run(kind.key, Period(first, last, provider_id=provider_id))
        data = session.reports.csv(report) if suffix == ".csv" else session.reports.pdf(report)
    write_file(args.out, data, "The report")
    print(f"{report.title}, {report.first.isoformat()} to {report.last.isoformat()}, "
          f"was written to {args.out}.")  # fmt: skip
    for figure in report.figures:
        print(f"  {figure.label}: {figure.value}")
    return 0
