"""The program's log file: rotating, in the platformdirs log folder, never holding PHI.

Only ids, counts, timings and error types are logged (see STYLE.md); SQL parameters are
hidden by the engine. The crash dialog points the user to this file.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import platformdirs

_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def log_path() -> Path:
    return platformdirs.user_log_path("PracticeDesk", appauthor=False) / "practicedesk.log"


def configure_logging(level: int = logging.INFO) -> Path:
    path = log_path()
    root = logging.getLogger()
    root.setLevel(level)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()  # a log that cannot be written must not stop the desk
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    return path
