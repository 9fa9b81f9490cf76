"""The writer the backup kill test kills: it signs in and makes backups into one folder in a
loop, printing each file's name only after `backups.make` has returned (when the program
would tell a person the backup is done). Run as
`python -m tests.backup.backup_writer DATA_DIR FOLDER`."""

from __future__ import annotations

import sys
from pathlib import Path

from practicedesk.api import open_practice
from tests.conftest import OWNER, OWNER_PASSWORD


def _confirm(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(data_dir: str, folder: str) -> None:
    session = open_practice(Path(data_dir), OWNER, OWNER_PASSWORD)
    _confirm("ready")
    while True:
        made = session.backups.make(Path(folder))
        _confirm(f"made {made.path.name}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
