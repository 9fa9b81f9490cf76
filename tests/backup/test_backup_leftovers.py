"""What a killed backup leaves is removed at the next start, and nothing else: this PC's
`.partial` files in its two places and staging folders in the data folder; never a finished
backup, another PC's backup in progress, or a file a person put there."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from practicedesk.backup import reading, writing
from practicedesk.services.session import PracticeSession

STAMP = ".PracticeDesk-backup-2026-11-28-101500Z"


def _device(session: PracticeSession) -> str:
    return session._ctx.db.clock.device


@pytest.fixture
def places(owner_session: PracticeSession, tmp_path: Path) -> tuple[Path, Path]:
    main, usb = tmp_path / "main", tmp_path / "usb"
    main.mkdir()
    usb.mkdir()
    owner_session.backup_schedule.set_places(main, usb)
    return main, usb


def _plant(session: PracticeSession, main: Path, usb: Path) -> tuple[list[Path], list[Path]]:
    """(ours, not ours) in both places and the data folder."""
    data_dir = session._ctx.folder.path
    ours = [
        main / f"{STAMP}-{_device(session)}-ab12cd34.partial",
        usb / f"{STAMP}-2-{_device(session)}-x_9yz0kk.partial",
        data_dir / ".backup-k2j3h4g5",
        data_dir / ".backup-empty001",
    ]
    not_ours = [
        usb / f"{STAMP}-0123456789abcdef-ab12cd34.partial",  # another PC's, in progress
        main / f"{STAMP}-ab12cd34.partial",  # untagged: whose is unknown
        main / f"PracticeDesk-backup-2026-11-28-101500Z-{_device(session)}-ab12cd34.pdbackup",
        main / "notes.partial",
        data_dir / ".backup-mine",  # a folder of that name holding something else
    ]
    for path in ours[:2] + not_ours[:4]:
        path.write_bytes(b"x")
    ours[2].mkdir()
    (ours[2] / "snapshot.db").write_bytes(b"encrypted pages")
    (ours[2] / "snapshot.db-journal").write_bytes(b"")
    ours[3].mkdir()
    not_ours[4].mkdir()
    (not_ours[4] / "letter.txt").write_text("kept")
    return ours, not_ours


def test_leftovers_of_this_pc_are_removed_and_nothing_else(
    owner_session: PracticeSession,
    places: tuple[Path, Path],
    caplog: pytest.LogCaptureFixture,
) -> None:
    ours, not_ours = _plant(owner_session, *places)
    with caplog.at_level(logging.INFO, logger="practicedesk.services.backup.schedule"):
        removed = owner_session.backup_schedule.remove_leftovers()
    assert sorted(removed) == sorted(ours)
    assert not any(path.exists() for path in ours)
    assert all(path.exists() for path in not_ours)
    assert "removed 4 leftovers of interrupted backups" in caplog.text
    assert owner_session.backup_schedule.remove_leftovers() == []


def test_the_first_scheduled_check_of_a_session_cleans_up_once(
    owner_session: PracticeSession, places: tuple[Path, Path]
) -> None:
    ours, _ = _plant(owner_session, *places)
    run = owner_session.backup_schedule.run_if_due()
    assert run is not None and not run.failed
    assert not any(path.exists() for path in ours)
    ours[0].write_bytes(b"x")  # once per session: later ones may be a backup under way
    owner_session.backup_schedule.run_if_due()
    assert ours[0].exists()


def test_an_interrupted_backup_leaves_a_partial_the_cleanup_recognises(
    owner_session: PracticeSession, places: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    main = places[0]
    seen: list[list[Path]] = []

    def interrupted(path: Path, key: bytes, progress: object) -> None:
        seen.append(writing.leftover_partials(main, _device(owner_session)))
        raise KeyboardInterrupt  # stands in for the kill: the file is removed on the way out

    monkeypatch.setattr(reading, "verify_with_key", interrupted)
    with pytest.raises(KeyboardInterrupt):
        owner_session.backup_schedule.run_now()
    assert len(seen) == 1 and len(seen[0]) == 1
    assert seen[0][0].name.endswith(".partial") and seen[0][0].parent == main
