"""Claiming blocks of chart numbers in the shared folder (domain/chart_numbers.py says why).

```
<share>/chart-numbers/000151.claim/claim.json    numbers 151–200 belong to the PC named inside
```

A claim is made by creating its folder, which fails if anything of that name exists: every
file system and every SMB client grants that to one PC alone, so two PCs asking at once can
never both get a block, and no lock file is needed. A folder, not a file created with
`O_EXCL`: Samba and Windows honour an exclusive create, but not every client passes it on
(smbnetfs, a FUSE client, gave one name to two PCs in tests/sync/test_sync_on_smb.py), while
making a folder is atomic through all of them. A file of the name (an earlier PracticeDesk
claimed with files) holds its block just the same. `claim.json` only says who claimed it,
for a person looking; a claim whose note was never written (a PC switched off mid-claim)
still stands, which wastes fifty numbers and harms nothing. Listing the folder only tells
where to start looking; a stale listing costs a few extra attempts, never a collision.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from practicedesk.domain.chart_numbers import BLOCK_SIZE, Block, block_at, first_block_above

FOLDER = "chart-numbers"
NOTE = "claim.json"
_CLAIM = re.compile(r"(\d{1,9})\.claim", re.IGNORECASE)
_MAX_ATTEMPTS = 10_000


def claimed_above(share: Path) -> int:
    """The highest number any claim in the share reaches (0 if none)."""
    folder = share / FOLDER
    if not folder.is_dir():
        return 0
    firsts = [
        int(match.group(1)) for entry in folder.iterdir() if (match := _CLAIM.fullmatch(entry.name))
    ]
    return max(firsts, default=1 - BLOCK_SIZE) + BLOCK_SIZE - 1


def claim_block(share: Path, practice_id: str, device: str, above: int) -> Block:
    """Claim the first free block holding only numbers above `above` and above every claim
    the share lists; raises OSError when the share cannot be written."""
    folder = share / FOLDER
    folder.mkdir(exist_ok=True)
    index = first_block_above(max(above, claimed_above(share)))
    for _ in range(_MAX_ATTEMPTS):
        block = block_at(index)
        path = folder / f"{block.first:06d}.claim"
        try:
            path.mkdir()
        except FileExistsError:
            index += 1
            continue
        with (path / NOTE).open("wb") as handle:
            note = {"practice_id": practice_id, "device": device, "first": block.first,
                    "last": block.last}  # fmt: skip
            handle.write(json.dumps(note, sort_keys=True).encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        return block
    raise OSError(f"no free block of chart numbers found in {folder}")
