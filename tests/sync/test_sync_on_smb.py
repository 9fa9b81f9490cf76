"""Sync through a real SMB share: Samba on 127.0.0.1, each PC with its own connection.

These are the promises sync makes of a share (docs/sync.md, "What the shared folder must
do"), checked against a real SMB2/3 server through libsmbclient rather than a local folder:
a name created exclusively is refused to every other PC, a file renamed over another is read
whole by every PC, and two PCs syncing, claiming chart numbers and reading while the other
writes end up holding the same records. Run with `pytest -m smb` (tests/sync/smb_share.py
says what it needs); they are skipped, with the reason, where that cannot run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from practicedesk.atomic import write_atomically
from practicedesk.domain.chart_numbers import Block
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession
from practicedesk.sync.chart_numbers import FOLDER, claim_block
from tests.sync import smb_share
from tests.sync.smb_share import SmbShare
from tests.sync.sync_fixtures import contents, edit, first_pc, join, rounds

pytestmark = [
    pytest.mark.smb,
    pytest.mark.skipif(bool(smb_share.why_not_here()), reason=smb_share.why_not_here()),
]


@pytest.fixture
def smb(tmp_path: Path) -> Iterator[SmbShare]:
    with smb_share.served_and_mounted(tmp_path / "smb") as share:
        yield share


def _names(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


def test_a_folder_one_pc_made_is_refused_to_the_other_in_any_case(smb: SmbShare) -> None:
    """What a chart-number claim rests on (sync/chart_numbers.py)."""
    one, other = smb.mounts
    (one / "000051.claim").mkdir()
    with pytest.raises(FileExistsError):
        (other / "000051.claim").mkdir()
    with pytest.raises(FileExistsError):
        (other / "000051.CLAIM").mkdir()  # Windows and Samba ignore case
    assert _names(smb.served) == ["000051.claim"]


def test_a_file_replaced_through_one_pc_is_read_whole_by_the_other(smb: SmbShare) -> None:
    one, other = smb.mounts
    write_atomically(one / "pc.json", b'{"sent": 1}')
    assert (other / "pc.json").read_bytes() == b'{"sent": 1}'
    write_atomically(other / "pc.json", b'{"sent": 2}')  # over the file, from the other PC
    assert (one / "pc.json").read_bytes() == b'{"sent": 2}'
    assert _names(smb.served) == ["pc.json"]  # no temporary file left behind
    # The share's clock stamps the file: the clocks of PCs are compared through it.
    assert abs((one / "pc.json").stat().st_mtime - time.time()) < 5


def test_two_pcs_sync_through_a_samba_share(smb: SmbShare, tmp_path: Path) -> None:
    share_a, share_b = smb.mounts
    a = first_pc(tmp_path, share_a)
    ana = a.patients.add(NewPatient("Ana", "Alvarez", phone="(603) 555-0188"))
    a.sync.run_round()
    b = join(tmp_path, share_b, "b", "Hygiene")
    try:
        edit(a, ana.id, city="Rye")
        edit(b, ana.id, email="ana@rye.example")
        bo = b.patients.add(NewPatient("Bo", "Baker"))
        reports = rounds(a, b, times=3)

        assert [r.problems + r.blocked + r.clock_warnings for r in reports] == [[]] * 6
        assert contents(a) == contents(b)
        assert a.chart.read(bo.id).details.last_name == "Baker"
        assert (a.chart.read(ana.id).details.city, b.chart.read(ana.id).details.email) == (
            "Rye",
            "ana@rye.example",
        )
        numbers = {a.chart.read(p).summary.chart_number for p in (ana.id, bo.id)}
        assert None not in numbers and len(numbers) == 2
    finally:
        a.close()
        b.close()


def test_pcs_claiming_through_their_own_connections_get_different_blocks(
    smb: SmbShare,
) -> None:
    got: list[Block] = []
    start = threading.Barrier(6)

    def claim(share: Path, device: str) -> None:
        start.wait()
        for _ in range(5):
            got.append(claim_block(share, "practice", device, above=0))

    threads = [
        threading.Thread(target=claim, args=(smb.mounts[n % 2], f"pc-{n}")) for n in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == len(set(got)) == 30
    assert len(_names(smb.served / FOLDER)) == 30


def test_a_pc_reading_while_the_other_writes_takes_in_every_change_once(
    smb: SmbShare, tmp_path: Path
) -> None:
    a = first_pc(tmp_path, smb.mounts[0])
    a.sync.run_round()
    b = join(tmp_path, smb.mounts[1], "b", "Hygiene")
    added: list[str] = []
    failures: list[BaseException] = []

    def keep_writing(pc: PracticeSession) -> None:
        try:
            for n in range(12):
                added.append(str(pc.patients.add(NewPatient(f"Pat{n}", "Writer")).id))
                pc.sync.run_round()
        except BaseException as exc:  # reported below, in the test's own thread
            failures.append(exc)

    try:
        writer = threading.Thread(target=keep_writing, args=(b,))
        writer.start()
        reports = []
        while writer.is_alive():
            reports.append(a.sync.run_round())
        writer.join()
        reports += rounds(a, b)

        assert failures == []
        assert [text for r in reports for text in r.problems + r.blocked] == []
        assert contents(a) == contents(b)
        assert {str(p.id) for p in a.patients.page("Writer")} == set(added)
    finally:
        a.close()
        b.close()
