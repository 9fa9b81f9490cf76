"""Errors a person can act on, each carrying the sentence they will read.

Anything raised that is *not* a `PracticeDeskError` is a bug: the GUI shows the crash
dialog and the command line prints a short apology with the log file's location. A
`PracticeDeskError` is shown as its message alone, in a dialog or as one line on stderr.
Messages never contain patient data: they name files, folders and user names only. The one
exception is `AmbiguousChartNumber`, which must name the patients so the signed-in user can
tell them apart; it is shown to that user and never logged.
"""

from __future__ import annotations


class PracticeDeskError(Exception):
    """An error whose message tells the user what happened and what to do next."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class WrongPassword(PracticeDeskError):
    """Raised for an unknown user name and a wrong password alike, so neither is revealed."""

    def __init__(self) -> None:
        super().__init__("The user name or password is not right. Check them and try again.")


class WrongRecoveryCode(WrongPassword):
    """A well-formed recovery code that does not open this practice."""

    def __init__(self) -> None:
        PracticeDeskError.__init__(
            self,
            "That recovery code does not open this practice. Check it against this practice's "
            "Emergency Kit and try again.",
        )


class LoginDelayed(PracticeDeskError):
    """Too many recent failures: the next attempt must wait."""

    def __init__(self, seconds: int) -> None:
        super().__init__(
            f"Too many attempts that did not work. Please wait {seconds} seconds and try again."
        )
        self.seconds = seconds


class AccountLocked(PracticeDeskError):
    def __init__(self) -> None:
        super().__init__(
            "This account is locked after too many attempts that did not work. The owner can "
            "unlock it in Settings → Users, or the owner can sign in with the recovery code "
            "from the Emergency Kit."
        )


class AccountDisabled(PracticeDeskError):
    """Only shown once the password was right, so it reveals nothing to a guesser."""

    def __init__(self) -> None:
        super().__init__("This account has been turned off. Ask the practice owner.")


class PasswordChangeRequired(PracticeDeskError):
    def __init__(self) -> None:
        super().__init__(
            "Your password is a temporary one the owner set: choose a new password before "
            "anything else (sign in to PracticeDesk's window and it asks for one)."
        )


class WeakPassword(PracticeDeskError):
    pass


class PermissionDenied(PracticeDeskError):
    exit_code = 3


class InvalidInput(PracticeDeskError):
    """A value typed by the user breaks a rule; the message names the field and the rule."""


class AmbiguousChartNumber(PracticeDeskError):
    """Two live charts share a number (made on two PCs before they met): never pick one."""

    def __init__(self, number: int, names: list[str]) -> None:
        super().__init__(
            f"{len(names)} patients have chart number {number}: {'; '.join(names)}. Nothing was "
            "done. The owner gives one of them a new number in its chart (Renumber…); then try "
            "again with the number that is that patient's alone."
        )
        self.number = number


class InvalidAmount(InvalidInput):
    """A sum of money typed or posted that the ledger cannot take; the message names the rule,
    so the coordinator can correct it and nothing is posted meanwhile."""


class NotFound(PracticeDeskError):
    pass


class DataFolderProblem(PracticeDeskError):
    """Base for everything wrong with where the practice lives; exit code 2 for scripts."""

    exit_code = 2


class PracticeNotFound(DataFolderProblem):
    pass


class PracticeAlreadyExists(DataFolderProblem):
    pass


class DataFolderMissing(DataFolderProblem):
    pass


class DataFolderReadOnly(DataFolderProblem):
    pass


class DataFolderInUse(DataFolderProblem):
    pass


class DataFolderNotLocal(DataFolderProblem):
    pass


class NewerDatabase(DataFolderProblem):
    pass


class DamagedDatabase(DataFolderProblem):
    pass


class DamagedKeystore(DataFolderProblem):
    pass


class UnsupportedLibrary(PracticeDeskError):
    """The encryption library on this PC is too old to be trusted with patient data."""

    exit_code = 4


class MissingSystemLibraries(PracticeDeskError):
    """Qt cannot open a window on this PC until these packages are installed."""

    exit_code = 5


class SchedulingConflict(PracticeDeskError):
    """The time clashes with something; `conflicts` lists each reason, in words. The caller
    may repeat the request with "book anyway", which is then recorded."""

    def __init__(self, conflicts: list[str]) -> None:
        lines = "\n".join(f"• {line}" for line in conflicts)
        super().__init__(f"This time has a problem:\n{lines}")
        self.conflicts = conflicts


class DamagedBackup(PracticeDeskError):
    """A backup file that is cut short, changed or not a backup at all: it must not be used."""


class WrongBackupPassword(WrongPassword):
    """The backup holds only the owners' keys as they were on the day it was made."""

    def __init__(self) -> None:
        PracticeDeskError.__init__(
            self,
            "That user name and password do not open this backup. It opens with an owner's "
            "password as it was when the backup was made, or with the recovery code.",
        )


class WrongBackupRecoveryCode(WrongPassword):
    def __init__(self) -> None:
        PracticeDeskError.__init__(
            self,
            "That recovery code does not open this backup. Check it against the Emergency Kit "
            "of the practice the backup was made of.",
        )


class NewerBackup(PracticeDeskError):
    """Made by a newer PracticeDesk, whose database this program cannot read."""


class BackupRefused(PracticeDeskError):
    """A restore that would replace data without the confirmation it needs."""


class BackupNotWritten(PracticeDeskError):
    """The backup could not be written where it was asked for; nothing was left there."""


class SyncFileRejected(PracticeDeskError):
    """A file in the shared sync folder that cannot be used: sync reports it, skips it and
    goes on, so one bad file never stops the front desk."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(
            f"The sync file {name} in the shared folder {reason}. It was skipped; the other "
            "PCs' changes still arrive."
        )
        self.name = name


class DamagedSyncFile(SyncFileRejected):
    """Cut short, changed by something other than PracticeDesk, moved, renamed or too big."""


class ForeignSyncFile(SyncFileRejected):
    """Written for another practice: the shared folder holds files that are not ours."""


class NewerSyncFile(SyncFileRejected):
    """Written by a newer PracticeDesk on another PC; this PC needs the update to read it."""


class SyncFolderRefused(PracticeDeskError):
    """A folder that cannot become this practice's shared sync folder, with the reason."""


class MailNotSent(PracticeDeskError):
    """The mail server did not take a message sent by hand (the test e-mail); its reason,
    in the words `interop/smtp_channel.py` gives it."""
