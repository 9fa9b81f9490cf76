"""What the command families share: the password, a date typed on the command line, and a
file or folder checked and written with a sentence that says what could not be done.

Passwords come from PRACTICEDESK_PASSWORD or a hidden prompt, never from the command line
where other users could see them.
"""

from __future__ import annotations

import argparse
import getpass
import os
from datetime import date
from pathlib import Path
from typing import TypeAlias

from practicedesk.errors import InvalidInput

# argparse's class is generic only to the type checker, so the alias is spelt as a string.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

PASSWORD_VARIABLE = "PRACTICEDESK_PASSWORD"


def read_password(prompt: str = "Password: ", *, confirm: bool = False) -> str:
    from_environment = os.environ.get(PASSWORD_VARIABLE)
    if from_environment is not None:
        return from_environment
    password = getpass.getpass(prompt)
    if confirm and getpass.getpass("Type it again: ") != password:
        raise InvalidInput("The two passwords are not the same.")
    return password


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-17") from None


def table_file_kind(out: Path) -> str:
    """ ".csv" or ".pdf": what the commands that write a table (a report, the A/R aging,
    the recall list) can write, told apart by the name the user gave."""
    kind = out.suffix.lower()
    if kind not in (".csv", ".pdf"):
        raise InvalidInput(
            f"Name the file .csv (for a spreadsheet) or .pdf (to print), not {out.name}."
        )
    return kind


def write_file(path: Path, data: bytes, what: str) -> None:
    """Written whole (write_atomically): an interrupted write leaves no half file behind
    under the name asked for; `what` names the file in the sentence if it cannot be."""
    from practicedesk.atomic import write_atomically

    try:
        write_atomically(path, data)
    except OSError as exc:
        raise InvalidInput(f"{what} cannot be written to {path} ({exc.strerror or exc}).") from exc


def check_folder(folder: Path, what: str) -> None:
    """Refuse a folder that is not there or not writable before anything is made or
    recorded; `what` says what could not be done."""
    if not folder.is_dir():
        raise InvalidInput(f"{what}: no such folder.")
    if not os.access(folder, os.W_OK):
        raise InvalidInput(f"{what}: the folder is read-only.")


def make_folder(folder: Path) -> None:
    """The output folder a command was asked to fill, made if it is not there yet."""
    try:
        folder.mkdir()
    except OSError as exc:
        raise InvalidInput(f"The folder {folder} cannot be made ({exc.strerror or exc}).") from exc
