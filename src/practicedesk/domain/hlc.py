"""Hybrid logical clocks: the order of changes across the office's PCs.

A stamp is (wall milliseconds, counter, device id). It never goes backwards on one device,
even when the PC's clock is set back, and after seeing another device's stamp every later
local stamp sorts after it. Stamps encode to fixed-width strings so that the database can
compare them as text; the device id breaks ties so two PCs never produce equal stamps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

_WALL_DIGITS = 15
_COUNTER_DIGITS = 6
MAX_COUNTER = 10**_COUNTER_DIGITS - 1


@dataclass(frozen=True, slots=True, order=True)
class Stamp:
    wall_ms: int
    counter: int
    device: str

    def encode(self) -> str:
        return f"{self.wall_ms:0{_WALL_DIGITS}d}.{self.counter:0{_COUNTER_DIGITS}d}.{self.device}"

    @classmethod
    def decode(cls, text: str) -> Stamp:
        wall, counter, device = text.split(".", 2)
        # int() would also take signs, spaces, underscores and non-ASCII digits; such text
        # does not re-encode to itself and would sort wrongly where stamps compare as text.
        if not (
            len(wall) == _WALL_DIGITS
            and len(counter) == _COUNTER_DIGITS
            and _is_ascii_digits(wall + counter)
            and device
            and "." not in device
        ):
            raise ValueError(f"not a clock stamp: {text!r}")
        return cls(int(wall), int(counter), device)


class HybridClock:
    """Issues stamps for one device; `now_ms` is injected so the rules are testable."""

    def __init__(self, device: str, now_ms: Callable[[], int], last: Stamp | None = None) -> None:
        if not device or "." in device:
            raise ValueError("a device id must be non-empty and contain no dots")
        self.device = device
        self._now_ms = now_ms
        self._wall = last.wall_ms if last else 0
        self._counter = last.counter if last else 0

    @property
    def last(self) -> Stamp:
        return Stamp(self._wall, self._counter, self.device)

    def tick(self) -> Stamp:
        """A stamp for a local change: later than every stamp this clock has issued or seen."""
        now = self._now_ms()
        if now > self._wall:
            self._wall, self._counter = now, 0
        else:
            self._advance_counter()
        return self.last

    def observe(self, remote: Stamp) -> Stamp:
        """Fold in a stamp received from another device, so later local stamps sort after it."""
        now = self._now_ms()
        wall = max(now, self._wall, remote.wall_ms)
        if wall == self._wall == remote.wall_ms:
            self._counter = max(self._counter, remote.counter)
            self._advance_counter()
        elif wall == self._wall:
            self._advance_counter()
        elif wall == remote.wall_ms:
            self._wall, self._counter = wall, remote.counter
            self._advance_counter()
        else:
            self._wall, self._counter = wall, 0
        return self.last

    def _advance_counter(self) -> None:
        if self._counter >= MAX_COUNTER:
            # A million changes in one millisecond means the wall time is stuck: borrow
            # the next millisecond rather than overflow the fixed-width encoding.
            self._wall += 1
            self._counter = 0
        else:
            self._counter += 1


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()
