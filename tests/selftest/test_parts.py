"""The self-test names every part that does not work, in words support can act on, and
goes on to the next part after one fails."""

from __future__ import annotations

from pathlib import Path

from practicedesk.errors import DataFolderMissing
from practicedesk.selftest.parts import Part, PartResult, run_part, verdict


def _fails(folder: Path) -> str:
    raise OSError(28, "No space left on device")


def test_a_part_that_raises_is_reported_with_the_reason_and_its_name(tmp_path: Path) -> None:
    result = run_part(Part("Encryption", _fails), tmp_path)
    assert not result.ok
    assert result.line().startswith("FAIL  Encryption: OSError: ")
    assert "No space left on device" in result.line()


def test_an_error_meant_for_a_person_is_reported_as_its_sentence(tmp_path: Path) -> None:
    def missing(folder: Path) -> str:
        raise DataFolderMissing("The folder X is not there.")

    assert run_part(Part("Practice", missing), tmp_path).detail == "The folder X is not there."


def test_each_part_gets_its_own_empty_folder(tmp_path: Path) -> None:
    seen: list[Path] = []

    def look(folder: Path) -> str:
        assert folder.is_dir() and not any(folder.iterdir())
        seen.append(folder)
        return "fine"

    first = run_part(Part("PDF fonts", look), tmp_path)
    second = run_part(Part("Time zones", look), tmp_path)
    assert first.ok and second.ok, (first, second)
    assert seen[0] != seen[1] and all(tmp_path in folder.parents for folder in seen)


def test_the_verdict_passes_only_when_every_part_works() -> None:
    good = PartResult("Encryption", True, "fine", 0.1)
    bad = PartResult("Printing", False, "no printer", 0.1)
    worse = PartResult("Time zones", False, "none", 0.1)
    assert verdict([good, good]) == "Self-test passed: all 2 parts work."
    assert verdict([good, bad, worse]) == (
        "Self-test FAILED: 2 of 3 parts do not work (Printing, Time zones)."
    )
