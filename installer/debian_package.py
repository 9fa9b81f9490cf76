"""The .deb for Debian and Ubuntu, made from the one-folder bundle with dpkg-deb.

The bundle goes to /opt/practicedesk, `practicedesk` to /usr/bin as a link, a desktop entry
and the icon into the applications menu. Qt's window-system libraries are not in the
bundle: they are the package's dependencies, so `apt install ./practicedesk_*.deb` brings
them. There are no maintainer scripts: dpkg's triggers refresh the menu and the icon cache,
and nothing run at install or removal ever goes near a practice's data folder, which lives
in the user's home (or where the owner put it) and is never the package's.
"""

from __future__ import annotations

import platform
import shutil
import stat
import subprocess
from pathlib import Path

NAME = "practicedesk"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)

# What Qt's xcb window system, its OpenGL and fonts need from the system: run.py's and
# .ci/run's list, and what `ldd` finds the bundle's libraries link to outside the bundle.
# Debian 13 and Ubuntu 24.04 renamed some with a t64 suffix.
DEPENDS = [
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libfreetype6",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libdbus-1-3",
    "libglib2.0-0t64 | libglib2.0-0",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-randr0",
    "libxcb-xkb1",
    # Qt's Wayland plugin, for desktops that run Wayland (Ubuntu's and GNOME's default).
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
    "fonts-dejavu-core",
]

DESKTOP_ENTRY = """\
[Desktop Entry]
Type=Application
Name=PracticeDesk
GenericName=Front desk for a dental or medical office
Comment=Appointments, patient charts, forms and backups, kept encrypted on this PC
Exec=practicedesk
Icon=practicedesk
Terminal=false
Categories=Office;
Keywords=dental;dentist;medical;appointments;schedule;patients;
StartupNotify=true
StartupWMClass=PracticeDesk
"""


def make_deb(bundle: Path, version: str, maintainer: str, out_dir: Path) -> Path:
    """Lay out the package's files under a fresh root, write DEBIAN/control, and build."""
    resources = bundle / "_internal" / "resources"
    root = out_dir / "deb-root"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(bundle, root / "opt" / NAME, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / NAME).symlink_to(f"/opt/{NAME}/{NAME}")
    applications = root / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    (applications / f"{NAME}.desktop").write_text(DESKTOP_ENTRY, encoding="utf-8")
    icons = root / "usr" / "share" / "icons" / "hicolor"
    for size in ICON_SIZES:
        target = icons / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copyfile(resources / "icons" / f"{NAME}-{size}.png", target / f"{NAME}.png")
    (icons / "scalable" / "apps").mkdir(parents=True)
    shutil.copyfile(
        resources / "icons" / f"{NAME}.svg", icons / "scalable" / "apps" / f"{NAME}.svg"
    )
    doc = root / "usr" / "share" / "doc" / NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "PracticeDesk. Bundled fonts: DejaVu (see /opt/practicedesk/_internal/resources/fonts/"
        "LICENSE-DejaVu.txt) and Droid Sans Fallback (Apache 2.0, LICENSE-DroidSansFallback.txt"
        ").\n",
        encoding="utf-8",
    )
    _normalise_modes(root)
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text(
        control(version, maintainer, _installed_kib(root)), encoding="utf-8"
    )
    target = out_dir / f"{NAME}_{version}_{architecture()}.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zzstd", "-z9", "--build", str(root), str(target)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.rmtree(root)
    return target


def control(version: str, maintainer: str, installed_kib: int) -> str:
    depends = [f"libc6 (>= {glibc_version()})", *DEPENDS]
    return (
        f"Package: {NAME}\n"
        f"Version: {version}\n"
        f"Architecture: {architecture()}\n"
        f"Maintainer: {maintainer}\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(depends)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: front desk of a small dental or medical office\n"
        " PracticeDesk keeps the appointment book, patient charts, intake forms,\n"
        " printable packets and backups of a small office on one PC, encrypted,\n"
        " with no server and no internet; PCs of one office can stay in step\n"
        " through a shared folder.\n"
    )


def architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def glibc_version() -> str:
    """The C library the bundle was built against: the oldest it can run on."""
    name, version = platform.libc_ver()
    if name != "glibc" or not version:
        raise SystemExit("The .deb must be built on a glibc system (Debian or Ubuntu).")
    return version


def _normalise_modes(root: Path) -> None:
    """0755 for folders and programs, 0644 for the rest, whatever the builder's umask."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        executable = path.is_dir() or mode & stat.S_IXUSR
        path.chmod(0o755 if executable else 0o644)


def _installed_kib(root: Path) -> int:
    files = [path for path in root.rglob("*") if path.is_file() and not path.is_symlink()]
    return sum(path.stat().st_size for path in files) // 1024 + 1


if __name__ == "__main__":
    # python installer/debian_package.py BUNDLE VERSION OUT_DIR: package a bundle again, e.g.
    # under an older version number for check_deb.sh's upgrade check (.ci/run).
    import sys

    bundle_dir, package_version, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    print(make_deb(bundle_dir, package_version, "PracticeDesk CI <ci@practicedesk.example>", out))
