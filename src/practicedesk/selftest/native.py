"""The self-test's parts that need no Qt: encryption, migrations, fonts, time zones,
resources, and a whole practice made, opened, backed up, checked and removed.

Each runs the program's own code path (`make_engine`, `schema`, `fonts.draw`, `resource`,
`create_practice`…), not a look-alike: a part that passes here works the same way when an
office uses the program.
"""

from __future__ import annotations

import io
import os
import secrets
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

from practicedesk.selftest.parts import Part

SAMPLE_NAMES = ("Zoë Müller-Østergaard", "王小明", "山田 花子", "김민준")
SAMPLE_TITLE = "PracticeDesk self-test"
# A folder name with a space and letters outside ASCII: the kind Windows gives a user
# called "Zoë Ünal", where a path handled as bytes or split on spaces would break.
PRACTICE_FOLDER = "Praxis Zoë Ünal – self test"


def native_parts() -> list[Part]:
    return [
        Part("Encryption", check_encryption),
        Part("Database migrations", check_migrations),
        Part("PDF fonts", check_fonts),
        Part("Time zones", check_time_zones),
        Part("Resources", check_resources),
        Part("Practice", check_practice),
    ]


def check_encryption(folder: Path) -> str:
    """SQLCipher with FTS5: create and key a file, search it, reopen it, refuse a wrong key."""
    from sqlalchemy import text

    from practicedesk.errors import DamagedDatabase
    from practicedesk.store.engine import (
        check_library_versions,
        library_versions,
        make_engine,
        probe,
    )

    check_library_versions()
    path, key = folder / "check.db", os.urandom(32)
    engine = make_engine(path, key)
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE VIRTUAL TABLE words USING fts5(name, "
                "tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
            )
        )
        connection.execute(text("INSERT INTO words VALUES (:name)"), {"name": SAMPLE_NAMES[0]})
    engine.dispose()
    if path.read_bytes()[:16].startswith(b"SQLite format 3"):
        raise RuntimeError("the file was written without encryption")
    engine = make_engine(path, key)
    try:
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT name FROM words WHERE words MATCH 'mull*'")
            ).scalars()
            if list(found) != [SAMPLE_NAMES[0]]:
                raise RuntimeError("full-text search did not find the name it stored")
    finally:
        engine.dispose()
    wrong = make_engine(path, bytes(b ^ 0xFF for b in key))
    try:
        probe(wrong, path)
    except DamagedDatabase:
        pass
    else:
        raise RuntimeError("the file opened with a wrong key")
    finally:
        wrong.dispose()
    cipher, sqlite = (".".join(map(str, version)) for version in library_versions())
    return f"SQLCipher {cipher}, SQLite {sqlite}, FTS5 search, wrong key refused"


def check_migrations(folder: Path) -> str:
    """Alembic finds the migrations among the installed files and brings a file from the
    first schema to the newest, after the safety copy, as when an older practice opens."""
    from practicedesk.store import schema
    from practicedesk.store.engine import make_engine

    path = folder / "old.db"
    engine = make_engine(path, os.urandom(32))
    try:
        schema.upgrade(engine, schema.REVISIONS[0])
        copy = schema.ensure_current(engine, path, folder / "safety-copies")
        with engine.connect() as connection:
            revision = schema.current_revision(connection)
    finally:
        engine.dispose()
    if revision != schema.HEAD:
        raise RuntimeError(f"the schema stopped at {revision}, not at {schema.HEAD}")
    if copy is None or not Path(copy).is_file():
        raise RuntimeError("no safety copy was made before the upgrade")
    return (
        f"{len(schema.REVISIONS)} migrations found and run, "
        f"{schema.REVISIONS[0]} → {schema.HEAD}, safety copy made"
    )


def sample_pdf() -> bytes:
    """One page in the program's fonts, with names DejaVu cannot print (the CJK fallback);
    the Qt part of the self-test previews and prints this same page."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen.canvas import Canvas

    from practicedesk.documents import fonts

    fonts.register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=LETTER)
    canvas.setTitle(SAMPLE_TITLE)
    fonts.draw(canvas, 72, 720, SAMPLE_TITLE, fonts.SANS_BOLD, 18)
    for row, name in enumerate(SAMPLE_NAMES):
        fonts.draw(canvas, 72, 680 - 28 * row, name, fonts.SANS, 14)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def check_fonts(folder: Path) -> str:
    """reportlab writes a page with the bundled fonts, and the text reads back from it."""
    from pypdf import PdfReader

    from practicedesk.documents import fonts

    pdf = sample_pdf()
    (folder / "fonts.pdf").write_bytes(pdf)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    extracted = "".join(page.extract_text().split())
    missing = [name for name in SAMPLE_NAMES if "".join(name.split()) not in extracted]
    if missing:
        raise RuntimeError(f"{len(missing)} of {len(SAMPLE_NAMES)} names did not read back")
    embedded = {str(font["/BaseFont"]).split("+")[-1] for font in _fonts_of(page)}
    wanted = {fonts.SANS, fonts.SANS_BOLD, fonts.CJK}
    if not wanted <= embedded:
        raise RuntimeError(f"fonts not embedded: {', '.join(sorted(wanted - embedded))}")
    return f"{', '.join(sorted(wanted))} embedded; Latin and CJK text read back"


def _fonts_of(page: object) -> list[dict[str, object]]:
    resources = page["/Resources"]  # type: ignore[index]
    return [font.get_object() for font in resources["/Font"].values()]


def check_time_zones(folder: Path) -> str:
    """The IANA database the program ships (Windows has none of its own), and clock changes
    worked out from it."""
    import tzdata

    from practicedesk.services.practice.details import guess_time_zone

    shipped = Path(str(tzdata.__file__)).parent / "zoneinfo" / "America" / "New_York"
    if shipped.read_bytes()[:4] != b"TZif":
        raise RuntimeError("the bundled time-zone database is unreadable")
    zones = available_timezones()
    if len(zones) < 300:
        raise RuntimeError(f"only {len(zones)} time zones are known")
    new_york = ZoneInfo("America/New_York")
    winter = datetime(2026, 1, 15, 12, tzinfo=new_york).utcoffset()
    summer = datetime(2026, 7, 15, 12, tzinfo=new_york).utcoffset()
    if winter is None or summer is None or (summer - winter).total_seconds() != 3600:
        raise RuntimeError("daylight saving time is not applied")
    here = guess_time_zone() or "not known"
    return f"{len(zones)} zones (tzdata {tzdata.IANA_VERSION}), this PC's zone: {here}"


def check_resources(folder: Path) -> str:
    """Every file the program loads at run time is there and reads: the style sheet, the
    form templates, the packets, the fonts and the icons."""
    from practicedesk.documents import fonts
    from practicedesk.forms.packets import load_packets
    from practicedesk.forms.templates import load_templates
    from practicedesk.resources import ICON_SIZES, icon_files, resource, resources_dir

    templates = load_templates()
    packets = load_packets(templates.templates.keys())
    problems = [p.message for p in (*templates.problems, *packets.problems)]
    if problems:
        raise RuntimeError(problems[0])
    if not templates.templates or not packets.packets:
        raise RuntimeError(f"no form templates or packets in {resources_dir()}")
    if not resource("styles", "practicedesk.qss").read_text(encoding="utf-8").strip():
        raise RuntimeError("the style sheet is empty")
    for name in (fonts.SANS, fonts.SANS_BOLD, fonts.SANS_ITALIC, fonts.MONO, fonts.CJK):
        if not resource("fonts", f"{name}.ttf").is_file():
            raise RuntimeError(f"the font {name} is missing")
    for path in icon_files():
        if path.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
            raise RuntimeError(f"the icon {path.name} is not a PNG image")
    return (
        f"{len(templates.templates)} form templates, {len(packets.packets)} packets, "
        f"style sheet, 5 fonts, {len(ICON_SIZES)} icon sizes"
    )


def check_practice(folder: Path) -> str:
    """A practice made, signed in to, backed up, its backup checked, and removed, in a
    folder whose name has a space and letters outside ASCII."""
    from practicedesk.api import NewOwner, PracticeDetails, create_practice, open_practice
    from practicedesk.security.kdf import KdfParams
    from practicedesk.services.backup.files import OwnerPassword, verify_backup

    data_dir, backups = folder / PRACTICE_FOLDER / "practice", folder / "backups"
    backups.mkdir()
    password = " ".join(secrets.token_hex(4) for _ in range(4))
    details = PracticeDetails(SAMPLE_TITLE, "America/New_York")
    owner = NewOwner("selftest", "Self-Test Owner", password)
    # Small Argon2id settings: the same native code, a fraction of a real unlock's time.
    light = KdfParams(iterations=2, memory_kib=19 * 1024, lanes=1)
    create_practice(data_dir, details, owner, kdf_params=light).session.close()
    with open_practice(data_dir, owner.username, password) as session:
        made = session.backups.make(backups)
    checked = verify_backup(made.path, OwnerPassword(owner.username, password))
    if checked.practice_id != made.practice_id:
        raise RuntimeError("the backup checked is not the one made")
    shutil.rmtree(data_dir)
    if data_dir.exists():
        raise RuntimeError("the practice could not be removed")
    return "made, signed in, backed up, backup verified, removed"
