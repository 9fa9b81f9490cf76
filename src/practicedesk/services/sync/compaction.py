"""Keeping the shared folder from growing without end: snapshots, and removing batches.

A snapshot is a whole copy of the practice (a backup file) with a note of which batches of
each PC it holds. A PC removes its own batches once some snapshot holds them and every PC
that publishes a `pc.json` has taken them in; a forgotten PC's batches any PC removes on the
same terms. A snapshot goes only once a newer one holds all it does, so a PC that comes back
after its batches went can still catch up (services/sync/catch_up.py).
"""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.backup import writing
from practicedesk.security import keystore
from practicedesk.services.context import Context
from practicedesk.store.database import get_meta, set_meta
from practicedesk.store.models import SyncPeer
from practicedesk.sync import folder, peers

LAST_SNAPSHOT = "sync.last_snapshot"  # when this PC last wrote one (Unix seconds)
SNAPSHOT_EVERY_S = 24 * 3600


def taken_in(session: Session) -> dict[str, int]:
    """Device -> the highest of its batches this PC has taken in (its own: written)."""
    return {row.device_id: row.applied_seq for row in session.scalars(select(SyncPeer))}


def write_snapshot(ctx: Context, master_key: bytes, share: Path) -> Path:
    """A whole copy of the practice for joining PCs, saying which batches it holds."""
    device = ctx.db.clock.device
    with ctx.db.reading() as session:
        covers = taken_in(session)
    target = peers.snapshot_folder(share)
    target.mkdir(exist_ok=True)
    written = writing.write(
        ctx.db.engine,
        master_key,
        ctx.folder.file(keystore.FILE_NAME),
        target,
        writer=device,
    )
    stamp = written.header.created_at.strftime("%Y%m%dT%H%M%SZ")
    final = target / f"{device}-{stamp}.pdbackup"
    written.path.replace(final)
    peers.record_snapshot(final, covers)
    with ctx.db.writing() as session:
        set_meta(session, LAST_SNAPSHOT, str(int(time.time())))
    return final


def compact(
    ctx: Context,
    master_key: bytes,
    share: Path,
    device: str,
    listing: folder.Listing,
    seen: dict[str, peers.SeenPc],
    unreadable: list[str],
) -> None:
    """Remove this PC's batches that a snapshot holds and every PC has taken in (and a
    forgotten PC's on the same terms), and snapshots a newer one holds all of; write a
    new snapshot once a day when there is something new to fold."""
    found, _ = peers.snapshots(share)
    with ctx.db.reading() as session:
        last = int(get_meta(session, LAST_SNAPSHOT) or 0)
        applied = taken_in(session)
    sent = applied.get(device, 0)
    if (
        sent
        and time.time() - last > SNAPSHOT_EVERY_S
        and (not found or found[0].covers.get(device, 0) < sent)
    ):
        write_snapshot(ctx, master_key, share)
        found, _ = peers.snapshots(share)
    if not found or unreadable:
        # A PC whose pc.json cannot be read this round may not have taken these batches in
        # yet: removing them would leave it to catch up from a snapshot. Next round.
        return
    # Held by some snapshot: none is removed before a newer one holds all it does.
    held = {d: max(snap.covers.get(d, 0) for snap in found) for d in listing.batches}
    others = [pc for other, pc in seen.items() if other != device]
    safe = min([held.get(device, 0)] + [pc.state.applied.get(device, 0) for pc in others])
    for batch_file in listing.batches.get(device, []):  # as listed at the round's start
        if batch_file.seq <= safe:
            batch_file.path.unlink(missing_ok=True)
    for gone, files in listing.batches.items():
        if gone in seen:
            continue  # a PC that still syncs removes its own batches
        safe = min(
            [held.get(gone, 0), applied.get(gone, 0)]
            + [pc.state.applied.get(gone, 0) for pc in seen.values()]
        )
        for batch_file in files:
            if batch_file.seq <= safe:
                batch_file.path.unlink(missing_ok=True)
    for old in peers.superseded(found):
        old.path.unlink(missing_ok=True)
        old.path.with_suffix(".json").unlink(missing_ok=True)
