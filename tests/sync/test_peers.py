"""What PCs read of each other in the share: which snapshots are newest, and which may go."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from practicedesk.sync import peers
from practicedesk.sync.peers import Snapshot, superseded
from tests.sync.share_shim import QuirkyShare


def _snap(name: str, **covers: int) -> Snapshot:
    return Snapshot(Path(name), name.split("-")[0], dict(covers))


def test_a_snapshot_is_superseded_only_by_a_newer_one_holding_all_it_does() -> None:
    newest = _snap("c-3", a=5, b=1)  # written by a PC that lagged behind on b
    middle = _snap("b-2", a=4, b=6)  # the only copy of b's batches 2 to 6, once removed
    oldest = _snap("a-1", a=3, b=2)
    assert superseded([newest, middle, oldest]) == [oldest]
    assert superseded([newest]) == []
    assert superseded([_snap("a-2", a=2), _snap("a-1", a=2)]) == [_snap("a-1", a=2)]


def test_snapshots_of_one_second_are_ordered_the_same_on_every_pc(tmp_path: Path) -> None:
    folder = peers.snapshot_folder(tmp_path)
    folder.mkdir()
    for device in ("bbbb", "aaaa", "cccc"):
        written = folder / f"{device}-20261129T101500Z.pdbackup"
        written.write_bytes(b"")
        peers.record_snapshot(written, {device: 1})
    found, problems = peers.snapshots(tmp_path)
    assert problems == []
    assert [snap.device for snap in found] == ["cccc", "bbbb", "aaaa"]
    assert json.loads((folder / "aaaa-20261129T101500Z.json").read_text())["covers"] == {"aaaa": 1}


def test_a_snapshot_shown_in_capitals_is_still_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A share, or a copy of it made with another tool, may show names in another case."""
    QuirkyShare(tmp_path, monkeypatch, ignore_case=True)
    folder = peers.snapshot_folder(tmp_path)
    folder.mkdir()
    written = folder / "aaaa-20261129T101500Z.pdbackup"
    written.write_bytes(b"")
    peers.record_snapshot(written, {"aaaa": 3})
    written.rename(folder / written.name.upper())
    written.with_suffix(".json").rename(folder / written.with_suffix(".JSON").name.upper())
    found, problems = peers.snapshots(tmp_path)
    assert problems == []
    assert [(snap.device, snap.covers) for snap in found] == [("aaaa", {"aaaa": 3})]


def _pc_file(share: Path, device: str) -> Path:
    return share / device / "pc.json"


def test_a_pc_file_being_put_in_place_is_waited_for_not_taken_for_missing(
    tmp_path: Path,
) -> None:
    """Moved aside by its writer (a share refused the rename over it), then back a moment later."""
    state = peers.PcState("aaaa1111", "Front desk", {"aaaa1111": 3}, 3, 1)
    peers.write_pc_state(tmp_path, state)
    path = _pc_file(tmp_path, "aaaa1111")
    aside = path.with_name(".pc.json.1234.old.tmp")
    path.replace(aside)
    timer = threading.Timer(0.1, aside.replace, args=(path,))
    timer.start()
    try:
        found, problems = peers.read_pc_states(tmp_path)
    finally:
        timer.join()
    assert problems == []
    assert found["aaaa1111"].state == state


def test_a_pc_file_that_stays_away_mid_replace_is_reported_and_one_never_written_is_not(
    tmp_path: Path,
) -> None:
    (tmp_path / "bbbb2222").mkdir()  # a PC that has not published yet
    stuck = tmp_path / "aaaa1111"
    stuck.mkdir()
    (stuck / ".pc.json.1234.old.tmp").write_text("{}")  # its writer stopped mid-way
    found, problems = peers.read_pc_states(tmp_path)
    assert found == {}
    assert len(problems) == 1 and problems[0].startswith("aaaa1111/pc.json cannot be read")
