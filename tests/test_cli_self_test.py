"""`practicedesk --self-test`: a line per part, a verdict, and exit 0 only when all pass."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from practicedesk.cli import main
from practicedesk.selftest import native

PARTS = ("Encryption", "Database migrations", "PDF fonts", "Time zones", "Resources",
         "Practice", "Window system", "PDF preview", "Printing")  # fmt: skip


def test_the_self_test_passes_here_and_prints_a_line_per_part(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k not in {"QT_QPA_PLATFORM", "DISPLAY"}}
    environment["TMPDIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "practicedesk", "--self-test"],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        check=False,
    )
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines[0].startswith("PracticeDesk ") and "self-test" in lines[0]
    assert [line.split(":")[0] for line in lines[1:-1]] == [f"ok    {part}" for part in PARTS]
    assert lines[-1] == f"Self-test passed: all {len(PARTS)} parts work."
    assert not any(tmp_path.iterdir()), "the self-test left files behind"


def test_a_broken_part_fails_the_self_test_and_is_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_zones(folder: Path) -> str:
        raise RuntimeError("only 0 time zones are known")

    monkeypatch.setattr(native, "check_time_zones", no_zones)
    assert main(["--self-test"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "FAIL  Time zones: RuntimeError: only 0 time zones are known" in lines[4]
    assert sum(line.startswith("ok    ") for line in lines) == len(PARTS) - 1
    assert lines[-1] == f"Self-test FAILED: 1 of {len(PARTS)} parts do not work (Time zones)."
