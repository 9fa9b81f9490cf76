"""The `practicedesk` command: starts the program, and runs the scripted subcommands.

Every failure ends with one plain sentence on stderr and a non-zero exit code, never a
traceback: a `PracticeDeskError` prints its message; anything else is a bug, logged in full
to the log file whose path is printed. Passwords come from PRACTICEDESK_PASSWORD or a hidden
prompt, never from the command line where other users could see them.

Heavy modules (SQLAlchemy, Qt, reportlab) are imported inside the commands that use them,
so `--version` and the login window appear quickly.
"""

from __future__ import annotations

import argparse
import logging
import platform
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from practicedesk import __version__
from practicedesk.cli import backups, money, printing, records, setup
from practicedesk.cli.common import read_password
from practicedesk.errors import InvalidInput, PracticeDeskError

log = logging.getLogger(__name__)

EXIT_BUG = 70
EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    from practicedesk.logfile import configure_logging

    log_file = configure_logging()
    handler: Callable[[argparse.Namespace], int] = (
        setup.self_test if args.self_test else args.handler
    )
    try:
        return handler(args)
    except PracticeDeskError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception:
        log.exception("unexpected error in %s", getattr(args, "command", "gui"))
        print(
            f"PracticeDesk hit an unexpected problem and stopped; nothing was lost. "
            f"The details are in {log_file}.",
            file=sys.stderr,
        )
        return EXIT_BUG


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="practicedesk",
        description="PracticeDesk: the front desk of a small dental or medical office.",
    )
    parser.add_argument("--version", action="version", version=f"PracticeDesk {__version__}")
    parser.add_argument("--data-dir", type=Path, help="the practice's data folder")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check every part the program needs on this PC and print the result",
    )
    parser.set_defaults(handler=setup.run_gui)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    setup.add_init(commands)
    setup.add_demo(commands)
    printing.add_day_sheet(commands)
    printing.add_packet(commands)
    printing.add_recall_list(commands)
    printing.add_postcards(commands)
    money.add_day_close(commands)
    money.add_ar_aging(commands)
    printing.add_report(commands)
    money.add_statements(commands)
    records.add_import_patients(commands)
    from practicedesk.cli.moving import add_commands

    add_commands(commands)

    records.add_export_patient(commands)
    backups.add_backup(commands)
    backups.add_verify_backup(commands)
    backups.add_restore(commands)
    sync = commands.add_parser("sync", help="exchange changes with the practice's other PCs")
    sync.add_argument("--data-dir", type=Path, required=True)
    sync.add_argument("--user", required=True, metavar="USERNAME")
    sync.add_argument(
        "--share", type=Path, metavar="PATH", help="the shared folder (starts sync if it is off)"
    )
    sync.add_argument("--name", metavar="PC_NAME", help="this PC's name when sync starts")
    sync.add_argument(
        "--every", type=float, metavar="SECONDS", help="keep syncing, a round every SECONDS"
    )
    sync.set_defaults(handler=_sync)

    join = commands.add_parser("join", help="make this PC's practice from the shared folder")
    join.add_argument("--data-dir", type=Path, required=True)
    join.add_argument("--share", type=Path, required=True, metavar="PATH")
    join.add_argument("--user", required=True, metavar="USERNAME")
    join.add_argument("--name", metavar="PC_NAME", help="this PC's name (default: host name)")
    join.set_defaults(handler=_join)

    remind = commands.add_parser(
        "send-reminders", help="send the e-mail reminders that are due (for a scheduled task)"
    )
    remind.add_argument("--data-dir", type=Path, required=True)
    remind.add_argument("--user", required=True, metavar="USERNAME")
    remind.set_defaults(handler=_send_reminders)

    records.add_audit(commands)
    return parser


def _sync(args: argparse.Namespace) -> int:
    """One round (or one every `--every` seconds until stopped), printed as it went."""
    import time

    from practicedesk.api import open_practice

    password = read_password(f"Password for {args.user}: ")
    with open_practice(args.data_dir, args.user, password) as session:
        current = session.sync.settings().share
        if args.share is not None and Path(current) != args.share.absolute():
            if current:
                raise InvalidInput(
                    f"This PC already syncs with {current}. Stop syncing in Settings → Sync "
                    "before choosing another folder."
                )
            session.sync.start(args.share, args.name or platform.node() or "This PC")
            print(f"This PC now syncs with {args.share}.")
        elif not current:
            raise InvalidInput("Sync is off on this PC: give --share PATH to start it.")
        while True:
            report = session.sync.run_round()
            for line in report.lines():
                print(line, flush=True)
            if args.every is None:
                return 0 if report.reachable else 1
            time.sleep(max(args.every, 0.2))


def _send_reminders(args: argparse.Namespace) -> int:
    """One sending round, as the window's background sender runs it; exit 1 on a PC that
    does not send (reminders off, or another PC chosen), so a misplaced task is noticed."""
    from practicedesk.api import open_practice

    password = read_password(f"Password for {args.user}: ")
    with open_practice(args.data_dir, args.user, password) as session:
        report = session.reminders.send_due()
        if not session.reminder_setup.sender().sends_here:
            raise InvalidInput(f"{report.state} Nothing was sent (Settings → Reminders).")
    for line in report.lines():
        print(line)
    return 0


def _join(args: argparse.Namespace) -> int:
    from practicedesk.services.joining import join_practice

    password = read_password(f"Password for {args.user}: ")
    name = args.name or platform.node() or "This PC"
    session, report = join_practice(args.data_dir, args.share, args.user, password, name)
    with session:
        print(f"This PC ({name}) joined the practice's sync; its data folder is {args.data_dir}.")
        for line in report.lines():
            print(line)
    return 0
