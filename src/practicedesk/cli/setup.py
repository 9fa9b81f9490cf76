"""Starting the program, and making a practice to start it on: the window itself (no
command), `--self-test`, `init` and `demo`.

These are the commands that reach Qt, and they reach it only through ui/ (an import-linter
contract), after checking that the system libraries Qt needs are installed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from practicedesk.cli.common import Commands, read_password
from practicedesk.errors import InvalidInput, MissingSystemLibraries

if TYPE_CHECKING:
    from practicedesk.services.session import PracticeSession


def run_gui(args: argparse.Namespace) -> int:
    _check_qt_libraries()
    from practicedesk.ui.app import run

    return run(args.data_dir)


def _check_qt_libraries() -> None:
    """Before Qt loads: its own message names a plugin, not the package to install."""
    from practicedesk.qt_libraries import advice, missing_packages

    missing = missing_packages()
    if missing:
        raise MissingSystemLibraries(advice(missing))


def self_test(args: argparse.Namespace) -> int:
    """Exit 0 only when every part works; what failed is in the lines printed."""
    from practicedesk.ui.self_test import run_self_test

    return run_self_test(lambda line: print(line, flush=True))


def add_init(commands: Commands) -> None:
    init = commands.add_parser("init", help="create a new practice without the window")
    init.add_argument("--data-dir", type=Path, required=True)
    init.add_argument("--practice-name", required=True)
    init.add_argument("--owner", required=True, metavar="USERNAME")
    init.add_argument("--owner-name", help="the owner's name as shown on screen")
    init.add_argument("--time-zone", metavar="TZ", help="IANA name, e.g. America/Chicago")
    init.add_argument("--emergency-kit", type=Path, metavar="FILE.pdf", help="write the kit here")
    init.set_defaults(handler=_init)


def _init(args: argparse.Namespace) -> int:
    from practicedesk.api import NewOwner, PracticeDetails, create_practice
    from practicedesk.services.practice.details import guess_time_zone

    time_zone = args.time_zone or guess_time_zone()
    if not time_zone:
        raise InvalidInput(
            "This PC's time zone is not known: add --time-zone, e.g. America/Chicago."
        )
    password = read_password(f"New password for {args.owner}: ", confirm=True)
    owner = NewOwner(args.owner, args.owner_name or args.owner, password)
    created = create_practice(args.data_dir, PracticeDetails(args.practice_name, time_zone), owner)
    with created.session as session:
        if args.emergency_kit:
            _write_emergency_kit(session, created.recovery_code, args.emergency_kit)
    print(f"Created the practice {args.practice_name!r} in {args.data_dir}.")
    print(f"Owner: {owner.username}")
    print()
    print("Recovery code (shown only this once; print the Emergency Kit or write it down):")
    print(f"  {created.recovery_code}")
    if args.emergency_kit:
        print(f"Emergency Kit written to {args.emergency_kit}.")
    return 0


def _write_emergency_kit(session: PracticeSession, recovery_code: str, target: Path) -> None:
    from practicedesk.documents.emergency_kit import EmergencyKit, render_emergency_kit

    details = session.practice.details()
    kit = EmergencyKit(
        practice_name=details.name,
        practice_address=details.address_lines,
        data_folder=str(session.data_dir),
        owner_username=session.user.username,
        recovery_code=recovery_code,
        created=session.today(),
    )
    target.write_bytes(render_emergency_kit(kit))


def add_demo(commands: Commands) -> None:
    demo = commands.add_parser("demo", help="make (or reopen) a demo practice and start it")
    demo.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS)
    demo.add_argument("--patients", type=int, default=500, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.add_argument("--no-gui", action="store_true", help="only create it and print the login")
    demo.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> int:
    from practicedesk.demo.builder import DEMO_LOGINS, DEMO_PASSWORD, ensure_demo
    from practicedesk.services.practice.folders import demo_data_dir

    data_dir = args.data_dir or demo_data_dir()
    created = ensure_demo(data_dir, patients=args.patients, seed=args.seed)
    print(("Created" if created else "Reusing") + f" the demo practice in {data_dir}.")
    print("Sign in as one of:")
    for username, role in DEMO_LOGINS:
        print(f"  {username:<10} ({role})")
    print(f"Password for all of them: {DEMO_PASSWORD}")
    if args.no_gui:
        return 0
    _check_qt_libraries()
    from practicedesk.ui.app import run

    return run(data_dir, suggested_user=DEMO_LOGINS[0][0])
