"""Claims of chart-number blocks in the shared folder: one PC per block, whatever the timing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from practicedesk.domain.chart_numbers import Block
from practicedesk.sync import chart_numbers
from practicedesk.sync.chart_numbers import FOLDER, NOTE, claim_block, claimed_above
from practicedesk.sync.folder import list_batches


def test_claims_follow_each_other_above_the_highest_number_known(tmp_path: Path) -> None:
    first = claim_block(tmp_path, "practice", "pc-a", above=137)
    second = claim_block(tmp_path, "practice", "pc-b", above=0)
    assert first == Block(151, 200)
    assert second == Block(201, 250)
    assert claimed_above(tmp_path) == 250
    assert '"device": "pc-a"' in (tmp_path / FOLDER / "000151.claim" / NOTE).read_text()


def test_a_claim_left_empty_by_a_pc_switched_off_still_stands(tmp_path: Path) -> None:
    (tmp_path / FOLDER / "000001.claim").mkdir(parents=True)
    assert claim_block(tmp_path, "practice", "pc-a", above=0) == Block(51, 100)


def test_a_claim_made_as_a_file_still_holds_its_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Claims were files before they were folders; a listing that lags must not hide one."""
    (tmp_path / FOLDER).mkdir()
    (tmp_path / FOLDER / "000051.claim").write_text('{"device": "pc-old"}')
    monkeypatch.setattr(chart_numbers, "claimed_above", lambda share: 0)
    assert claim_block(tmp_path, "practice", "pc-a", above=0) == Block(1, 50)
    assert claim_block(tmp_path, "practice", "pc-a", above=0) == Block(101, 150)


def test_a_stale_listing_costs_attempts_never_a_shared_block(tmp_path: Path) -> None:
    """A share whose listing lags behind: the file someone else made is still refused."""
    taken = claim_block(tmp_path, "practice", "pc-a", above=0)
    (tmp_path / FOLDER / "000051.claim").touch()  # made by another PC, listed late or not
    assert claim_block(tmp_path, "practice", "pc-b", above=0) not in (taken, Block(51, 100))


def test_pcs_claiming_at_the_same_moment_get_different_blocks(tmp_path: Path) -> None:
    got: list[Block] = []
    start = threading.Barrier(8)

    def claim(device: str) -> None:
        start.wait()
        for _ in range(5):
            got.append(claim_block(tmp_path, "practice", device, above=0))

    threads = [threading.Thread(target=claim, args=(f"pc-{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == len(set(got)) == 40


def test_the_claims_folder_is_no_stray_in_the_share(tmp_path: Path) -> None:
    claim_block(tmp_path, "practice", "pc-a", above=0)
    assert list_batches(tmp_path).strays == []
