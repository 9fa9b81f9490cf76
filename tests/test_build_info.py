"""Which build is running: a release bundle says when it was built; a checkout says it is
run from source, so support can tell the two apart."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from practicedesk import __version__, build_info, resources


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    build_info.build_info.cache_clear()
    yield
    build_info.build_info.cache_clear()


def test_run_from_source_it_says_so() -> None:
    info = build_info.build_info()
    assert info.version == __version__
    assert info.describe() == "run from source (not a release build)"


def test_a_release_build_tells_its_date_and_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / build_info.FILE_NAME).write_text(
        json.dumps({"version": "1.2.0", "built_at": "2026-11-30T14:05:00+00:00",
                    "commit": "0123456789abcdef"}),
        encoding="utf-8",
    )  # fmt: skip
    monkeypatch.setattr(resources, "resources_dir", lambda: tmp_path)
    info = build_info.build_info()
    assert info.version == "1.2.0"
    assert info.describe() == "built 2026-11-30 14:05 UTC, commit 0123456789"
