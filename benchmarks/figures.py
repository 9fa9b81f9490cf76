"""What a figure is: a measured median beside a baseline median, and the target it must meet."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Figure:
    name: str
    what: str
    samples: list[float]
    baseline_samples: list[float]
    unit: str  # "s" or "MiB"
    target: float
    ratio: bool  # True: the target is a ratio to the baseline; False: an absolute limit
    extra: dict[str, list[float]] = field(default_factory=dict)  # context, kept in the JSON

    @property
    def runs(self) -> int:
        return len(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def baseline(self) -> float | None:
        return statistics.median(self.baseline_samples) if self.baseline_samples else None

    @property
    def value(self) -> float:
        """What is compared with the target: the ratio of medians, or the median itself."""
        if self.ratio:
            assert self.baseline
            return self.median / self.baseline
        return self.median

    @property
    def passed(self) -> bool:
        return self.value <= self.target

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "runs": self.runs, "median": self.median,
                "baseline": self.baseline, "value": self.value, "passed": self.passed}  # fmt: skip


def interleave(runs: int, *measures: Any) -> list[list[Any]]:
    """Run each measurement `runs` times, alternating, so drift hits all of them alike."""
    results: list[list[Any]] = [[] for _ in measures]
    for _ in range(runs):
        for index, measure in enumerate(measures):
            results[index].append(measure())
    return results
