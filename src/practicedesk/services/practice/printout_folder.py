"""Where printouts are saved without a file dialog: a folder the owner chose for this PC.

Kept in this copy's `local_meta`, never synced: each PC has its own disks and paths. A name
already taken is never overwritten: "Packet … 2026-12-07 (2).pdf" follows the first.
"""

from __future__ import annotations

import re
from pathlib import Path

from practicedesk.atomic import write_atomically
from practicedesk.errors import InvalidInput
from practicedesk.security.roles import Permission
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.store.database import get_meta, set_meta

FOLDER_KEY = "printouts.folder"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def free_path(folder: Path, stem: str) -> Path:
    """`stem`.pdf in `folder`, or the first of "`stem` (2).pdf", "(3)", … not yet there."""
    clean = _UNSAFE.sub(" ", stem).strip(" .") or "Printout"
    path, number = folder / f"{clean}.pdf", 1
    while path.exists():
        number += 1
        path = folder / f"{clean} ({number}).pdf"
    return path


class PrintoutFolderService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def folder(self) -> Path | None:
        """The folder chosen, or None: then saving asks where, as before."""
        with self._ctx.db.reading() as session:
            value = get_meta(session, FOLDER_KEY) or ""
        return Path(value) if value else None

    def set_folder(self, folder: Path | None) -> None:
        """The owner's choice (as the practice's details are); None asks each time again."""
        self._ctx.require(Permission.EDIT_PRACTICE)
        if folder is not None and not folder.is_dir():
            raise InvalidInput(f"There is no folder {folder}: choose one that exists.")
        with self._ctx.db.writing() as session:
            set_meta(session, FOLDER_KEY, str(folder) if folder else "")
        self._ctx.announce(Area.SETTINGS)

    def save(self, pdf: bytes, stem: str) -> Path:
        """Write the printout into the chosen folder under a name not yet taken."""
        folder = self.folder()
        if folder is None or not folder.is_dir():
            raise InvalidInput(
                "No folder for printouts is set on this PC, or it is gone: "
                "choose one in Settings → Practice."
            )
        path = free_path(folder, stem)
        try:
            write_atomically(path, pdf)
        except OSError as error:
            raise InvalidInput(
                f"The printout could not be saved in {folder} ({error.strerror or error}): "
                "check the folder in Settings → Practice."
            ) from error
        return path
