"""Writing small files whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from practicedesk.atomic import write_atomically


def test_the_new_content_replaces_the_old(tmp_path: Path) -> None:
    target = tmp_path / "keystore.json"
    target.write_bytes(b"old")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["keystore.json"]


def test_a_failure_midway_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "keystore.json"
    target.write_bytes(b"old")

    def power_cut(self: Path, other: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", power_cut)
    with pytest.raises(OSError):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["keystore.json"]
