"""What PCs read of each other in the share: which snapshots are newest, and which may go."""

from __future__ import annotations

import json
from pathlib import Path

from practicedesk.sync import peers
from practicedesk.sync.peers import Snapshot, superseded


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
