"""Which build this is: the version, and for a release build its date and commit.

A release build (installer/build.py) writes `build-info.json` into the bundle's resources;
a program run from source has none and says so, so that support can tell a packaged
PracticeDesk from a developer's checkout at a glance.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from practicedesk import __version__
from practicedesk.resources import resource

FILE_NAME = "build-info.json"


@dataclass(frozen=True, slots=True)
class BuildInfo:
    version: str
    built_at: datetime | None  # None: run from source, not a release build
    commit: str = ""

    def describe(self) -> str:
        if self.built_at is None:
            return "run from source (not a release build)"
        commit = f", commit {self.commit[:10]}" if self.commit else ""
        return f"built {self.built_at:%Y-%m-%d %H:%M} UTC{commit}"


@cache
def build_info() -> BuildInfo:
    path = resource(FILE_NAME)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return BuildInfo(
            str(data["version"]), datetime.fromisoformat(data["built_at"]), str(data["commit"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return BuildInfo(__version__, None)
