"""The `practicedesk` command: starts the program, and runs the scripted subcommands.

Each command's options and its code live together in the module of its family (setup,
printing, money, records, moving, backups, sharing); this module only puts the parser
together, in the order `practicedesk --help` lists the commands, and runs the one chosen.

Every failure ends with one plain sentence on stderr and a non-zero exit code, never a
traceback: a `PracticeDeskError` prints its message; anything else is a bug, logged in full
to the log file whose path is printed.

Heavy modules (SQLAlchemy, Qt, reportlab) are imported inside the commands that use them,
so `--version` and the login window appear quickly.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from practicedesk import __version__
from practicedesk.cli import backups, money, moving, printing, records, setup, sharing
from practicedesk.errors import PracticeDeskError

log = logging.getLogger(__name__)

EXIT_BUG = 70
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a command cut off by `head`


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
    except BrokenPipeError:
        # Whoever read the output stopped reading (`| head -1`): not a bug, and nothing to
        # say. Python would fail again flushing stdout at exit, so it goes nowhere now.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
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
    moving.add_commands(commands)
    records.add_export_patient(commands)
    backups.add_backup(commands)
    backups.add_verify_backup(commands)
    backups.add_restore(commands)
    sharing.add_sync(commands)
    sharing.add_join(commands)
    sharing.add_send_reminders(commands)
    records.add_audit(commands)
    return parser
