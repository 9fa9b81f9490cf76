"""The commands that print the money: `day-close` (the day's report and deposit slip, and
the close itself), `ar-aging` and `statements`.

Each checks the folder it writes to before it asks for the password: a close locks the day
and statements are recorded as sent, so neither may happen for a file that cannot be written.
An amount typed here is read by domain/money.py, as the window reads one.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from practicedesk.cli.common import (
    Commands,
    check_folder,
    iso_date,
    make_folder,
    read_password,
    table_file_kind,
    write_file,
)
from practicedesk.errors import InvalidAmount, InvalidInput


def add_day_close(commands: Commands) -> None:
    day_close = commands.add_parser(
        "day-close", help="print a day's report and deposit slip (and close the day)"
    )
    day_close.add_argument("--data-dir", type=Path, required=True)
    day_close.add_argument("--user", required=True, metavar="USERNAME")
    day_close.add_argument("--date", required=True, type=iso_date, metavar="YYYY-MM-DD")
    day_close.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    day_close.add_argument(
        "--close", action="store_true", help="close the day first: it then takes no new entries"
    )
    day_close.add_argument(
        "--counted-cash", metavar="AMOUNT", help="with --close: the cash in the drawer, e.g. 212.50"
    )
    day_close.set_defaults(handler=_day_close)


def _day_close(args: argparse.Namespace) -> int:
    """With --close the day is closed first (refused if it is already), then printed: the
    report on paper is then the one the close locked."""
    from practicedesk.api import open_practice
    from practicedesk.domain.money import format_cents, parse_cents

    if args.counted_cash is not None and not args.close:
        raise InvalidInput("--counted-cash goes with --close: the drawer is counted at the close.")
    counted = None
    if args.counted_cash is not None:
        try:
            counted = parse_cents(args.counted_cash, allow_zero=True)
        except InvalidAmount as exc:
            raise InvalidAmount(f"--counted-cash {args.counted_cash!r}: {exc.message}") from None
    check_folder(args.out.parent, f"The day's report cannot be written to {args.out}")
    password = read_password(f"Password for {args.user}: ")
    with open_practice(args.data_dir, args.user, password) as session:
        if args.close:
            session.day_close.close(args.date, counted)
        pdf = session.money_print.day_report(args.date)
        report = session.day_close.report(args.date)
    write_file(args.out, pdf, "The day's report")
    state = "closed" if report.closed else "still open"
    print(f"The day's report for {args.date.isoformat()} ({state}) was written to {args.out}.")
    line = f"Charges {format_cents(report.charges)}; collected {format_cents(report.collected)}"
    if report.cash_difference:
        word = "over" if report.cash_difference > 0 else "short"
        line += f"; the drawer is {word} by {format_cents(abs(report.cash_difference))}"
    print(line + ".")
    return 0


def add_ar_aging(commands: Commands) -> None:
    ar_aging = commands.add_parser("ar-aging", help="write the A/R aging report to CSV or PDF")
    ar_aging.add_argument("--data-dir", type=Path, required=True)
    ar_aging.add_argument("--user", required=True, metavar="USERNAME")
    ar_aging.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", help="default: today")
    ar_aging.add_argument("--out", required=True, type=Path, metavar="FILE.csv|FILE.pdf")
    ar_aging.set_defaults(handler=_ar_aging)


def _ar_aging(args: argparse.Namespace) -> int:
    from practicedesk.api import open_practice
    from practicedesk.domain.money import format_cents

    kind = table_file_kind(args.out)
    check_folder(args.out.parent, f"The A/R report cannot be written to {args.out}")
    password = read_password(f"Password for {args.user}: ")
    with open_practice(args.data_dir, args.user, password) as session:
        report = session.receivables.aging(args.as_of)
        printing = session.money_print
        data = (
            printing.ar_aging_csv(report.as_of)
            if kind == ".csv"
            else printing.ar_aging(report.as_of)
        )
    write_file(args.out, data, "The A/R report")
    print(f"A/R aging as of {report.as_of.isoformat()} was written to {args.out}: "
          f"{len(report.rows)} accounts, {format_cents(report.total)} receivable.")  # fmt: skip
    return 0


def add_statements(commands: Commands) -> None:
    statements = commands.add_parser(
        "statements", help="print the statements due into a folder and record them as sent"
    )
    statements.add_argument("--data-dir", type=Path, required=True)
    statements.add_argument("--user", required=True, metavar="USERNAME")
    statements.add_argument("--out", required=True, type=Path, metavar="FOLDER")
    statements.add_argument(
        "--labels", action="store_true", help="also a sheet of mailing labels (30 to a page)"
    )
    statements.set_defaults(handler=_statements)


def _statements(args: argparse.Namespace) -> int:
    """The statements due, in one PDF named for the day (and the labels beside it). They are
    recorded as sent when they are made, so the folder is checked before anything is."""
    from datetime import datetime

    from practicedesk.api import open_practice
    from practicedesk.domain.money import format_cents

    if not args.out.exists():
        check_folder(args.out.parent, f"The folder {args.out} cannot be made")
        make_folder(args.out)
    check_folder(args.out, f"The statements cannot be written to {args.out}")
    password = read_password(f"Password for {args.user}: ")
    with open_practice(args.data_dir, args.user, password) as session:
        due = [row.account_id for row in session.receivables.statements_due()]
        if not due:
            print("No statement is due: nobody owes more than the minimum without one lately.")
            return 0
        today = datetime.now(session.schedule.zone()).date()
        batch = session.money_print.statements(due, record=False)
        addressed = len(due) - len(batch.without_address)
        labels = session.money_print.labels(due) if args.labels and addressed else None
        target = args.out / f"statements-{today.isoformat()}.pdf"
        write_file(target, batch.pdf, "The statements (not recorded as sent)")
        session.receivables.record_statements(batch.amounts)  # once they are on disk
    print(f"{batch.count} statement{'s' * (batch.count != 1)} ({format_cents(batch.amount_due)} "
          f"due) written to {target} and recorded as sent.")  # fmt: skip
    if labels is not None:
        sheet = args.out / f"labels-{today.isoformat()}.pdf"
        write_file(sheet, labels, "The labels")
        print(f"{addressed} mailing label{'s' * (addressed != 1)} written to {sheet}.")
    if batch.without_address:
        print("No mailing address on file (hand these over or add the address): "
              + "; ".join(batch.without_address) + ".")  # fmt: skip
    return 0
