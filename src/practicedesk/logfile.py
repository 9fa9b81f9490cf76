"""The program's log file, in the platformdirs log folder, never holding PHI.

Only ids, counts, timings and error types are logged (see STYLE.md); SQL parameters are
hidden by the engine. The crash dialog points the user to this file. Old logs are rotated
once at start (`logging.handlers` alone costs more start-up time than the sign-in window).
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

import platformdirs

_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
_MAX_BYTES = 2_000_000
_KEEP = 5


def log_path() -> Path:
    return platformdirs.user_log_path("PracticeDesk", appauthor=False) / "practicedesk.log"


def rotate(path: Path, max_bytes: int = _MAX_BYTES, keep: int = _KEEP) -> None:
    """practicedesk.log → .1 → .2 … when it has grown past `max_bytes`."""
    if not path.exists() or path.stat().st_size <= max_bytes:
        return
    for number in range(keep - 1, 0, -1):
        older = path.with_name(f"{path.name}.{number}")
        if older.exists():
            older.replace(path.with_name(f"{path.name}.{number + 1}"))
    path.replace(path.with_name(f"{path.name}.1"))


def configure_logging(level: int = logging.INFO) -> Path:
    path = log_path()
    root = logging.getLogger()
    root.setLevel(level)
    handler: logging.Handler = logging.NullHandler()
    with contextlib.suppress(OSError):  # a log that cannot be written must not stop the desk
        path.parent.mkdir(parents=True, exist_ok=True)
        rotate(path)
        handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    return path
