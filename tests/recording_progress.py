"""A fake `Progress` for long work tested without a screen (as Orange tests its long work with
a mock task state): it keeps every report, and turns "cancelled" once a given step has been
reported a given number of times, which is "the person pressed Cancel midway"."""

from __future__ import annotations


class RecordingProgress:
    def __init__(self, cancel_in: str = "", after: int = 1) -> None:
        self.reports: list[tuple[int, int, str]] = []
        self._cancel_in = cancel_in
        self._after = after

    def report(self, done: int, total: int, text: str) -> None:
        self.reports.append((done, total, text))

    @property
    def cancelled(self) -> bool:
        seen = sum(1 for _done, _total, text in self.reports if text == self._cancel_in)
        return bool(self._cancel_in) and seen >= self._after

    def steps(self) -> list[str]:
        """What the person was told, each step once, in order."""
        return list(dict.fromkeys(text for _done, _total, text in self.reports))

    def of(self, step: str) -> list[tuple[int, int]]:
        return [(done, total) for done, total, text in self.reports if text == step]
