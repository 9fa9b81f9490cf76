"""One part of the self-test, its result, and the verdict on them all.

A part is a function that takes its own empty folder and returns a short description of
what it found, or raises. Every failure is caught and reported, whatever it is: the point
of the self-test is to name every broken part at once, not to stop at the first.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from practicedesk.errors import PracticeDeskError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Part:
    name: str
    check: Callable[[Path], str]


@dataclass(frozen=True, slots=True)
class PartResult:
    name: str
    ok: bool
    detail: str
    seconds: float

    def line(self) -> str:
        mark = "ok  " if self.ok else "FAIL"
        return f"{mark}  {self.name}: {self.detail} ({self.seconds:.2f} s)"


def run_part(part: Part, folder: Path) -> PartResult:
    """Run one part in a fresh subfolder of `folder`; its failure becomes its result."""
    own = folder / re.sub(r"[^a-z0-9]+", "-", part.name.casefold()).strip("-")
    own.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        detail, ok = part.check(own), True
    except Exception as exc:  # reported as this part's line; the other parts still run
        log.warning("self-test part %r failed", part.name, exc_info=True)
        detail, ok = describe(exc), False
    return PartResult(part.name, ok, detail, time.perf_counter() - started)


def describe(exc: BaseException) -> str:
    if isinstance(exc, PracticeDeskError):
        return exc.message
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def verdict(results: Sequence[PartResult]) -> str:
    """The one line the About box shows and support asks for first."""
    failed = [result.name for result in results if not result.ok]
    if not failed:
        return f"Self-test passed: all {len(results)} parts work."
    return (
        f"Self-test FAILED: {len(failed)} of {len(results)} parts do not work "
        f"({', '.join(failed)})."
    )
