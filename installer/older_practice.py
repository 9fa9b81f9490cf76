"""Make a practice as the oldest PracticeDesk left it, for installer/check_deb.sh's upgrade
check: the installed program must make its safety copy and migrate it, as after an upgrade.

    .venv/bin/python installer/older_practice.py FOLDER PASSWORD

The practice is made with this program, given a patient, and its schema taken back to the
first revision with Alembic's downgrades (tests/store/test_schema.py does the same), so the
installed program's migrations run from the packaged files, every one of them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

from practicedesk.api import NewOwner, PracticeDetails, create_practice
from practicedesk.security.kdf import KdfParams
from practicedesk.services.patients.listing import NewPatient
from practicedesk.store import schema

OWNER = "owner"
PATIENT = NewPatient("Imogen", "Olderversion")


def make_older_practice(data_dir: Path, password: str) -> None:
    details = PracticeDetails("Upgraded Dental", "America/Chicago")
    light = KdfParams(iterations=2, memory_kib=19 * 1024, lanes=1)
    created = create_practice(
        data_dir, details, NewOwner(OWNER, "Owner", password), kdf_params=light
    )
    with created.session as session:
        session.patients.add(PATIENT)
        config = Config()
        config.set_main_option(
            "script_location", str(Path(schema.__file__).with_name("migrations"))
        )
        with session._ctx.db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, schema.REVISIONS[0])


if __name__ == "__main__":
    make_older_practice(Path(sys.argv[1]), sys.argv[2])
    print(f"A practice at schema {schema.REVISIONS[0]} is in {sys.argv[1]} (user {OWNER}).")
