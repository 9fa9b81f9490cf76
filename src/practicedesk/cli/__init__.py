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
import getpass
import logging
import os
import platform
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from practicedesk import __version__
from practicedesk.cli import money, printing, records, setup
from practicedesk.cli.common import read_password
from practicedesk.errors import InvalidInput, PracticeDeskError

if TYPE_CHECKING:
    from practicedesk.services.backup.files import OwnerPassword, RecoveryCode

log = logging.getLogger(__name__)

RECOVERY_CODE_VARIABLE = "PRACTICEDESK_RECOVERY_CODE"
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
    backup = commands.add_parser("backup", help="write a verified backup into a folder")
    backup.add_argument("--data-dir", type=Path, required=True)
    backup.add_argument("--user", required=True, metavar="USERNAME", help="an owner")
    backup.add_argument("--to", required=True, type=Path, metavar="FOLDER")
    backup.set_defaults(handler=_backup)

    check = commands.add_parser(
        "verify-backup",
        help="check every byte of a backup file",
        description="Check every byte of a backup file. With --data-dir, the result, good or "
        "failed, is recorded as 'backup verified' in that practice's audit log; without it, "
        "no practice is opened and nothing is recorded.",
    )
    check.add_argument("file", type=Path, metavar="FILE")
    _add_backup_secret(check)
    check.add_argument(
        "--data-dir",
        type=Path,
        help="record the result in this practice's audit log (needs --user: the owner signs "
        "in with the same password, so it must open both the practice and the backup)",
    )
    check.set_defaults(handler=_verify_backup)

    restore = commands.add_parser("restore", help="put a backup into a data folder")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--data-dir", type=Path, required=True)
    _add_backup_secret(restore)
    restore.add_argument(
        "--replace", action="store_true", help="replace the practice there (a copy is kept)"
    )
    restore.add_argument(
        "--other-practice",
        action="store_true",
        help="with --replace: the backup is of a different practice, replace it anyway",
    )
    restore.set_defaults(handler=_restore)

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


def _add_backup_secret(parser: argparse.ArgumentParser) -> None:
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--user", metavar="USERNAME", help="an owner, with their password")
    who.add_argument(
        "--recovery-code",
        action="store_true",
        help=f"open it with the recovery code ({RECOVERY_CODE_VARIABLE} or a hidden prompt)",
    )


def _backup_secret(args: argparse.Namespace) -> OwnerPassword | RecoveryCode:
    from practicedesk.services.backup.files import OwnerPassword, RecoveryCode

    if args.recovery_code:
        code = os.environ.get(RECOVERY_CODE_VARIABLE)
        return RecoveryCode(code if code is not None else getpass.getpass("Recovery code: "))
    return OwnerPassword(args.user, read_password(f"Password for {args.user}: "))


def _backup(args: argparse.Namespace) -> int:
    from practicedesk.api import open_practice

    if not args.to.is_dir():  # found out before the password is asked for
        raise InvalidInput(
            f"The backup folder {args.to} is not there. If it is on a USB drive or another "
            "disk, connect it; otherwise choose another folder."
        )
    password = read_password(f"Password for {args.user}: ")
    with open_practice(args.data_dir, args.user, password) as session:
        info = session.backups.make(args.to)
    print(f"Backup written and verified: {info.path}")
    print(f"{info.practice_name}, {info.summary}.")
    return 0


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


def _verify_backup(args: argparse.Namespace) -> int:
    from practicedesk.services.backup.files import OwnerPassword, read_backup_header, verify_backup

    if args.data_dir is not None and args.recovery_code:
        raise InvalidInput(
            "--data-dir records the check in that practice's audit log, which takes an "
            "owner's sign-in: use --user instead of --recovery-code."
        )
    read_backup_header(args.file)  # a file that is no backup is found out before any password
    secret = _backup_secret(args)
    if args.data_dir is None:
        info = verify_backup(args.file, secret)
    else:
        from practicedesk.api import open_practice

        assert isinstance(secret, OwnerPassword)
        with open_practice(args.data_dir, secret.username, secret.password) as session:
            info = session.backups.verify(args.file, secret.password)  # audited, good or not
    print(f"The backup {args.file.name} is good: every piece decrypts and its database is sound.")
    print(f"{info.practice_name}, made {info.created_at:%Y-%m-%d %H:%M} UTC: {info.summary}.")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from practicedesk.services.backup.files import read_backup_header, restore_backup

    read_backup_header(args.file)
    result = restore_backup(
        args.file,
        args.data_dir,
        _backup_secret(args),
        replace=args.replace,
        other_practice=args.other_practice,
    )
    info = result.backup
    print(f"Restored {info.practice_name} as it was at {info.created_at:%Y-%m-%d %H:%M} UTC "
          f"into {args.data_dir}: {info.summary}.")  # fmt: skip
    if result.safety_copy:
        print(f"The practice that was there is kept in {result.safety_copy}.")
    return 0
