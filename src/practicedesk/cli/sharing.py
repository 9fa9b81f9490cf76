"""The commands that reach past this PC: `sync` exchanges changes through the shared folder,
`join` makes this PC's practice from that folder, and `send-reminders` sends the e-mail
reminders that are due.

`sync` on a PC where sync is off, and `send-reminders` on one that does not send, end with a
sentence and a non-zero exit code, so that a scheduled task put on the wrong PC is noticed.
"""

from __future__ import annotations

import argparse
import platform
from pathlib import Path

from practicedesk.cli.common import Commands, read_password
from practicedesk.errors import InvalidInput


def add_sync(commands: Commands) -> None:
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


def add_join(commands: Commands) -> None:
    join = commands.add_parser("join", help="make this PC's practice from the shared folder")
    join.add_argument("--data-dir", type=Path, required=True)
    join.add_argument("--share", type=Path, required=True, metavar="PATH")
    join.add_argument("--user", required=True, metavar="USERNAME")
    join.add_argument("--name", metavar="PC_NAME", help="this PC's name (default: host name)")
    join.set_defaults(handler=_join)


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


def add_send_reminders(commands: Commands) -> None:
    remind = commands.add_parser(
        "send-reminders", help="send the e-mail reminders that are due (for a scheduled task)"
    )
    remind.add_argument("--data-dir", type=Path, required=True)
    remind.add_argument("--user", required=True, metavar="USERNAME")
    remind.set_defaults(handler=_send_reminders)


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
