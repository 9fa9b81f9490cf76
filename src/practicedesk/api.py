"""The scripting entry point: open a practice and use its services from Python.

    from practicedesk.api import open_practice

    with open_practice("/path/to/data", "maria", password) as practice:
        for user in practice.users.list():
            print(user.username, user.role)

`open_practice` returns a `PracticeSession`; its attributes are the services (`practice`,
`users`, `audit`, `settings`, `staff`, `patients`…), which check the signed-in user's role,
write the audit log and return plain dataclasses. See docs/API.md.
"""

from __future__ import annotations

from pathlib import Path

from practicedesk.security.kdf import KdfParams
from practicedesk.security.roles import Role
from practicedesk.services.opening import NewOwner, NewPractice, recover_access
from practicedesk.services.opening import create_practice as _create_practice
from practicedesk.services.opening import open_practice as _open_practice
from practicedesk.services.practice.details import PracticeDetails
from practicedesk.services.session import PracticeSession

__all__ = [
    "KdfParams",
    "NewOwner",
    "NewPractice",
    "PracticeDetails",
    "PracticeSession",
    "Role",
    "create_practice",
    "open_practice",
    "recover_access",
]


def open_practice(
    data_dir: str | Path, username: str, password: str, *, check_integrity: bool = True
) -> PracticeSession:
    """Sign in to the practice in `data_dir`; close the session (or use `with`) when done.

    Every page of the database is checked first (a fraction of a second), so a damaged file
    is refused with `DamagedDatabase`, naming the backup to restore, before a script reads
    half of it. `check_integrity=False` skips that, to read what is left of a damaged
    file; nothing can be written to it once damage is found."""
    session = _open_practice(Path(data_dir), username, password)
    if check_integrity:
        try:
            session.check_integrity()
        except BaseException:
            session.close()
            raise
    return session


def create_practice(
    data_dir: str | Path,
    details: PracticeDetails,
    owner: NewOwner,
    *,
    kdf_params: KdfParams | None = None,
) -> NewPractice:
    """Make a new practice; keep `.recovery_code` safe (print the Emergency Kit)."""
    return _create_practice(Path(data_dir), details, owner, kdf_params=kdf_params)
