"""Catching up from a snapshot, when batches this PC still needs are gone from the share.

Each PC removes its batches once the newest snapshot holds them and every PC that publishes
a `pc.json` has taken them in. A PC that was forgotten while it was away, or whose `pc.json`
could not be read for a while, can therefore come back to find the next batch it needs
removed. The snapshot's change log holds those changes: since the merge ignores order and
repeats, taking in the log's entries this PC lacks is the same as reading the lost batches.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, select

from practicedesk.backup import reading
from practicedesk.domain.merge import Change
from practicedesk.store import sync_log
from practicedesk.store.engine import make_engine
from practicedesk.store.models import ChangeEntry
from practicedesk.sync import folder, peers

CHUNK = 5_000  # changes held in memory at once: a practice's whole history may be large


def gaps(
    applied: dict[str, int],
    listing: folder.Listing,
    device: str,
    seen: dict[str, peers.SeenPc],
) -> dict[str, int]:
    """Device -> the first batch of it this PC needs, where that batch is gone. `applied`:
    device -> the highest of its batches this PC has taken in."""
    behind: dict[str, int] = {}
    for other in set(listing.batches) | set(seen):
        if other == device:
            continue
        files = listing.batches.get(other, [])
        need = applied.get(other, 0) + 1
        first = files[0].seq if files else (seen[other].state.sent + 1 if other in seen else 0)
        if first > need:
            behind[other] = need
    return behind


def catch_up(
    share: Path,
    still_behind: Callable[[], dict[str, int]],
    take_in: Callable[[peers.Snapshot], bool],
) -> None:
    """Take in snapshots that hold batches this PC needs and that are gone from the share:
    first the one bridging the most gaps (the newest may come from a PC that lagged too),
    then any other that bridges one still open. A gap no snapshot bridges is reported by
    the batch loop. `take_in` returns False for a snapshot it could not use."""
    try:
        found, _ = peers.snapshots(share)
    except OSError:
        return
    for _ in found:  # each snapshot at most once: taking one in closes what it bridges
        behind = still_behind()

        def bridged(snap: peers.Snapshot, behind: dict[str, int] = behind) -> int:
            return sum(1 for d, n in behind.items() if snap.covers.get(d, 0) >= n)

        snapshot = max(found, key=bridged, default=None)  # newest first: ties go to it
        if snapshot is None or not bridged(snapshot):
            return
        if not take_in(snapshot):
            return


@contextmanager
def snapshot_changes(path: Path, master_key: bytes) -> Iterator[Iterator[list[Change]]]:
    """The snapshot's change log, oldest first, in chunks. The snapshot is unpacked into a
    private temporary folder and checked whole (reading.unpack) on entering, before the
    caller opens its write transaction: a slow share never holds the database's write lock,
    and a damaged or foreign file raises DamagedBackup before one entry is taken in."""
    with tempfile.TemporaryDirectory(prefix="practicedesk-catch-up-") as staging:
        unpacked = reading.unpack(path, master_key, Path(staging))
        engine = make_engine(unpacked.database, master_key)
        try:
            yield _chunks(engine)
        finally:
            engine.dispose()


def _chunks(engine: Engine) -> Iterator[list[Change]]:
    with engine.connect() as connection:
        rows = connection.execution_options(yield_per=CHUNK).execute(
            select(*sync_log.LOGGED).order_by(ChangeEntry.seq)
        )
        for part in rows.partitions():
            yield [sync_log.to_change(row) for row in part]
