"""Where things live on this PC when nobody says otherwise (platformdirs)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from practicedesk.store.data_folder import DataFolder, not_local_reason

APP_NAME = "PracticeDesk"
LAST_USER_FILE = "last-user.txt"


def default_data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "practice"


def demo_data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "demo"


def has_practice(data_dir: Path) -> bool:
    """A key file without its database is a practice too: a damaged one, which signing in
    explains, rather than an empty folder to set up again (that is refused anyway)."""
    if DataFolder(data_dir).has_practice():
        return True
    # Only now: the keystore module brings `cryptography` (30 ms), and this runs at every
    # start, before the sign-in window's first paint.
    from practicedesk.security import keystore

    return (data_dir / keystore.FILE_NAME).is_file()


def why_not_usable(data_dir: Path) -> str | None:
    """For the set-up wizard's folder field: a reason to refuse, before anything is written."""
    reason = not_local_reason(data_dir)
    return f"This folder is {reason}; choose a folder on this PC's own disk." if reason else None


def check_not_in_use(data_dir: Path) -> None:
    """At start: say at once if another PracticeDesk holds the folder, before any password."""
    folder = DataFolder(data_dir)
    if not folder.path.is_dir():
        return
    folder.lock().release()


def last_user(data_dir: Path) -> str:
    """Who signed in last on this PC, for the sign-in window to offer: a desk where one
    coordinator works all day should not retype their name after every lock or sign-out."""
    try:
        text = (data_dir / LAST_USER_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    name = text.strip()
    return name if name.isprintable() and len(name) <= 64 else ""


def remember_last_user(data_dir: Path, username: str) -> None:
    """Best effort: a folder that cannot take it only costs the next person some typing."""
    target = data_dir / LAST_USER_FILE
    scratch = target.with_suffix(".tmp")
    try:
        scratch.write_text(username + "\n", encoding="utf-8")
        scratch.replace(target)
    except OSError:
        scratch.unlink(missing_ok=True)
