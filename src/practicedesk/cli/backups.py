"""The backup commands: `backup` writes one, `verify-backup` checks every byte of one, and
`restore` puts one into a data folder.

A backup opens with an owner's password or with the practice's recovery code, which comes,
like a password, from the environment (PRACTICEDESK_RECOVERY_CODE) or a hidden prompt. A
file that is no backup, and a folder that is not there, are found out before either is asked.
"""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path
from typing import TYPE_CHECKING

from practicedesk.cli.common import Commands, read_password
from practicedesk.errors import InvalidInput

if TYPE_CHECKING:
    from practicedesk.services.backup.files import OwnerPassword, RecoveryCode

RECOVERY_CODE_VARIABLE = "PRACTICEDESK_RECOVERY_CODE"


def add_backup(commands: Commands) -> None:
    backup = commands.add_parser("backup", help="write a verified backup into a folder")
    backup.add_argument("--data-dir", type=Path, required=True)
    backup.add_argument("--user", required=True, metavar="USERNAME", help="an owner")
    backup.add_argument("--to", required=True, type=Path, metavar="FOLDER")
    backup.set_defaults(handler=_backup)


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


def add_verify_backup(commands: Commands) -> None:
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
        default=argparse.SUPPRESS,
        help="record the result in this practice's audit log (needs --user: the owner signs "
        "in with the same password, so it must open both the practice and the backup)",
    )
    check.set_defaults(handler=_verify_backup)


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


def add_restore(commands: Commands) -> None:
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
