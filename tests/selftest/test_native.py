"""The self-test's parts that need no Qt pass on a sound installation, and each one fails,
naming what is wrong, when the thing it checks is broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from practicedesk import resources
from practicedesk.security import keystore
from practicedesk.selftest import native
from practicedesk.selftest.parts import run_part
from practicedesk.store.data_folder import DB_FILE


@pytest.mark.parametrize("part", native.native_parts(), ids=lambda part: part.name)
def test_every_part_passes_on_this_installation(part: native.Part, tmp_path: Path) -> None:
    result = run_part(part, tmp_path)
    assert result.ok, result.line()


@pytest.fixture
def copied_resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of resources/ that a test may break, found as a bundle's would be."""
    copy = tmp_path / "bundle" / "resources"
    shutil.copytree(resources.resources_dir(), copy)
    monkeypatch.setattr(resources, "resources_dir", lambda: copy)
    return copy


def test_a_missing_icon_fails_the_resources_part(copied_resources: Path, tmp_path: Path) -> None:
    (copied_resources / "icons" / "practicedesk-48.png").unlink()
    result = run_part(native.Part("Resources", native.check_resources), tmp_path / "run")
    assert not result.ok
    assert "practicedesk-48.png" in result.detail


def test_a_broken_form_template_fails_the_resources_part(
    copied_resources: Path, tmp_path: Path
) -> None:
    (copied_resources / "forms" / "consent-to-treatment.yaml").write_text("id: [", "utf-8")
    result = run_part(native.Part("Resources", native.check_resources), tmp_path / "run")
    assert not result.ok
    assert "consent-to-treatment.yaml" in result.detail


def test_the_sample_page_prints_names_in_chinese_japanese_and_korean() -> None:
    from io import BytesIO

    from pypdf import PdfReader

    text = PdfReader(BytesIO(native.sample_pdf())).pages[0].extract_text()
    for name in ("王小明", "花子", "김민준", "Zoë Müller-Østergaard"):
        assert name in text


def test_the_practice_part_leaves_no_practice_behind(tmp_path: Path) -> None:
    assert run_part(native.Part("Practice", native.check_practice), tmp_path).ok
    left = {path.name for path in tmp_path.rglob("*")}
    assert keystore.FILE_NAME not in left and DB_FILE not in left
    assert any(name.endswith(".pdbackup") for name in left)  # the backup it made and checked
