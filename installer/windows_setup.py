"""The Windows installer: Inno Setup's compiler run on installer/windows/practicedesk.iss.

Only on Windows (Inno Setup is a Windows program); installer/build.py calls it with
`--package`. Nothing here assumes a drive letter, a path without spaces or an English
Windows: the compiler is looked for on PATH and in the usual Program Files folders.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "windows" / "practicedesk.iss"


def find_compiler() -> Path:
    found = shutil.which("iscc")
    if found:
        return Path(found)
    for variable in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"):
        base = os.environ.get(variable)
        for folder in ("Inno Setup 6", "Programs/Inno Setup 6"):
            candidate = Path(base or "") / folder / "ISCC.exe"
            if base and candidate.is_file():
                return candidate
    raise SystemExit(
        "Inno Setup 6 is not installed: get it from jrsoftware.org (or `choco install "
        "innosetup`), then build again."
    )


def make_setup(bundle: Path, version: str, out_dir: Path) -> Path:
    subprocess.run(
        [str(find_compiler()), f"/DAppVersion={version}", f"/DBundleDir={bundle}",
         f"/DOutputDir={out_dir}", str(SCRIPT)],
        check=True,
    )  # fmt: skip
    return out_dir / f"PracticeDesk-{version}-setup.exe"
