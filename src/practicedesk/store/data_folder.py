"""The data folder: which files live in it, whether it may hold a database, and who holds it.

A practice's database must sit on a local disk. On a network share SQLite's locking and
WAL shared memory are unreliable, and a cloud-sync client (OneDrive, Dropbox…) copies the
file while it is being written: both are how small offices corrupt their data. Those places
are refused with an explanation; sharing between PCs is what sync is for.

Only one running program may use a folder at a time: an OS file lock on `practicedesk.lock`
is held for as long as the practice is open and is released by the OS if the program dies.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from practicedesk.errors import (
    DataFolderInUse,
    DataFolderMissing,
    DataFolderNotLocal,
    DataFolderReadOnly,
    PracticeNotFound,
)

if TYPE_CHECKING:
    from filelock import FileLock

DB_FILE = "practice.db"
LOCK_FILE = "practicedesk.lock"
SAFETY_DIR = "safety-copies"

_NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "afs",
        "ncpfs",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "davfs",
        "fuse.sshfs",
        "sshfs",
        "fuse.rclone",
        "fuse.davfs2",
        "fuse.gvfsd-fuse",
        "fuse.s3fs",
        "fuse.gcsfuse",
    }
)
_CLOUD_FOLDERS = {
    "onedrive": "OneDrive",
    "dropbox": "Dropbox",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "box": "Box",
    "box sync": "Box",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "pcloud drive": "pCloud",
}


@dataclass(frozen=True, slots=True)
class DataFolder:
    path: Path

    @property
    def database(self) -> Path:
        return self.path / DB_FILE

    @property
    def safety_dir(self) -> Path:
        return self.path / SAFETY_DIR

    def file(self, name: str) -> Path:
        return self.path / name

    def has_practice(self) -> bool:
        return self.database.exists()

    def require_practice(self) -> None:
        if not self.path.exists():
            raise DataFolderMissing(
                f"The data folder {self.path} is not there. If it is on a USB drive or another "
                "disk, connect it and try again; otherwise choose the right folder."
            )
        if not self.has_practice():
            raise PracticeNotFound(
                f"There is no practice in {self.path}. Choose the folder that holds "
                f"{DB_FILE}, or set up a new practice."
            )

    def check_local(self) -> None:
        reason = not_local_reason(self.path)
        if reason:
            raise DataFolderNotLocal(
                f"The data folder {self.path} is {reason}. A practice database must be on "
                "this PC's own disk: network and cloud folders damage databases that are in "
                "use. Choose a local folder; to share data between PCs, use Settings → Sync."
            )

    def check_writable(self) -> None:
        probe = self.path / ".practicedesk-write-test"
        try:
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise DataFolderReadOnly(
                f"PracticeDesk cannot write in the data folder {self.path}. Check that the "
                "disk is not full or write-protected and that your Windows account may change "
                "files there."
            ) from exc

    def lock(self) -> FileLock:
        """Hold the folder for this process; `release()` it when the practice closes."""
        from filelock import FileLock, Timeout  # not needed before the sign-in window shows

        # Not thread-local: the GUI opens the practice on a worker and closes it on the UI thread.
        lock = FileLock(self.path / LOCK_FILE, timeout=0, is_singleton=False, thread_local=False)
        try:
            lock.acquire()
        except Timeout:
            raise DataFolderInUse(
                f"PracticeDesk is already open with the data folder {self.path}, in another "
                "window or program on this PC. Switch to that window, or close it first."
            ) from None
        return lock


def not_local_reason(path: Path) -> str | None:
    """Why this folder cannot hold a database, or None if it is on a local disk."""
    service = cloud_service(path)
    if service:
        return f"inside a {service} folder"
    if is_network_path(path):
        return "on a network drive"
    return None


def cloud_service(path: PurePath) -> str | None:
    for part in path.parts:
        name = part.casefold().strip()
        if name in _CLOUD_FOLDERS:
            return _CLOUD_FOLDERS[name]
        for prefix in ("onedrive - ", "dropbox ("):
            if name.startswith(prefix):
                return _CLOUD_FOLDERS[prefix.split()[0]]
    for variable in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        root = os.environ.get(variable)
        if root and _is_within(path, Path(root)):
            return "OneDrive"
    return None


def is_network_path(path: Path) -> bool:
    if sys.platform == "win32":
        return _windows_is_network(path)
    return filesystem_type(path) in _NETWORK_FILESYSTEMS


def filesystem_type(path: Path, mounts_file: Path = Path("/proc/self/mounts")) -> str | None:
    """The type of the file system holding `path`, from the longest matching mount point."""
    try:
        lines = mounts_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target = _existing_ancestor(path)
    best: tuple[int, str] | None = None
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = fields[1].replace("\\040", " ")
        if _is_within(target, Path(mount_point)) and (best is None or len(mount_point) > best[0]):
            best = (len(mount_point), fields[2])
    return best[1] if best else None


def _windows_is_network(path: Path) -> bool:
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    import ctypes

    drive = Path(text).drive
    if not drive:
        return False
    drive_remote = 4
    return bool(ctypes.windll.kernel32.GetDriveTypeW(f"{drive}\\") == drive_remote)  # type: ignore[attr-defined]


def _existing_ancestor(path: Path) -> Path:
    current = path.absolute()
    while not current.exists() and current != current.parent:
        current = current.parent
    return current.resolve()


def _is_within(path: PurePath, root: PurePath) -> bool:
    try:
        Path(path).resolve().relative_to(Path(root).resolve())
    except ValueError:
        return False
    return True
