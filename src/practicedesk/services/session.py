"""An open practice: who is signed in, and the services, as attributes.

`api.open_practice()` and the GUI's login both end here. Closing releases the data folder;
the session is also a context manager for scripts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from filelock import BaseFileLock

from practicedesk.errors import WrongPassword
from practicedesk.security.roles import Permission, allows
from practicedesk.services import audit
from practicedesk.services.audit import AuditService
from practicedesk.services.backup.drill import DrillService
from practicedesk.services.backup.files import BackupService
from practicedesk.services.backup.schedule import BackupScheduleService
from practicedesk.services.chart.charts import ChartService
from practicedesk.services.chart.documents import DocumentService
from practicedesk.services.chart.insurance import InsuranceService
from practicedesk.services.chart.items import ChartItemsService
from practicedesk.services.chart.record_export import RecordExportService
from practicedesk.services.chart.tasks import TaskService
from practicedesk.services.chart.worklists import WorklistService
from practicedesk.services.context import Actor, ChangeListener, Context
from practicedesk.services.forms.filling import FormService
from practicedesk.services.forms.readiness import ReadinessService
from practicedesk.services.money.claims import ClaimService
from practicedesk.services.money.closing import DayCloseService
from practicedesk.services.money.desk import DeskService
from practicedesk.services.money.plan_paper import PlanPaperService
from practicedesk.services.money.plans import PlanService
from practicedesk.services.money.printing import MoneyPrintService
from practicedesk.services.money.procedures import ProcedureService
from practicedesk.services.money.receivables import ReceivablesService
from practicedesk.services.moving.appointments import AppointmentImportService
from practicedesk.services.moving.balances import BalanceImportService
from practicedesk.services.moving.insurance import InsuranceImportService
from practicedesk.services.moving.recalls import RecallImportService
from practicedesk.services.patients.importing import PatientImportService
from practicedesk.services.patients.listing import PatientService
from practicedesk.services.practice.details import PracticeService
from practicedesk.services.practice.printout_folder import PrintoutFolderService
from practicedesk.services.practice.settings import SettingsService
from practicedesk.services.practice.staff import StaffService
from practicedesk.services.recall.calls import CallService
from practicedesk.services.recall.lists import RecallListService
from practicedesk.services.recall.printing import RecallPrintService
from practicedesk.services.recall.types import RecallTypeService
from practicedesk.services.reminders.sending import ReminderService
from practicedesk.services.reminders.setting_up import ReminderSetupService
from practicedesk.services.reports.catalog import ReportService
from practicedesk.services.schedule.booking import ScheduleService
from practicedesk.services.schedule.follow_ups import FollowUpService
from practicedesk.services.schedule.printouts import PrintoutService
from practicedesk.services.schedule.setup import ScheduleSetupService, today_in
from practicedesk.services.schedule.waitlist import WaitlistService
from practicedesk.services.sync.rounds import SyncService
from practicedesk.services.users.accounts import UserService
from practicedesk.services.users.unlocking import KeyAccess
from practicedesk.store.engine import library_versions

__all__ = ["Permission", "PracticeSession"]

log = logging.getLogger(__name__)


class PracticeSession:
    def __init__(
        self,
        context: Context,
        keys: KeyAccess,
        master_key: bytes,
        folder_lock: BaseFileLock,
        *,
        must_change_password: bool = False,
        notices: tuple[str, ...] = (),
        on_close: Callable[[], None] | None = None,
    ) -> None:
        self._ctx = context
        self._keys = keys
        self._folder_lock = folder_lock
        self._closed = False
        self._on_close = on_close  # a look-up in a backup deletes its scratch copy
        context.must_change_password = must_change_password
        self.practice = PracticeService(context)
        self.users = UserService(context, keys, master_key)
        self.audit = AuditService(context)
        self.settings = SettingsService(context)
        self.staff = StaffService(context)
        self.patients = PatientService(context)
        self.patient_import = PatientImportService(context)
        self.appointment_import = AppointmentImportService(context)
        self.insurance_import = InsuranceImportService(context)
        self.recall_import = RecallImportService(context)
        self.balance_import = BalanceImportService(context)
        self.schedule = ScheduleService(context)
        self.schedule_setup = ScheduleSetupService(context)
        self.waitlist = WaitlistService(context)
        self.printouts = PrintoutService(context)
        self.printout_folder = PrintoutFolderService(context)
        self.chart = ChartService(context)
        self.chart_items = ChartItemsService(context)
        self.insurance = InsuranceService(context)
        self.documents = DocumentService(context)
        self.tasks = TaskService(context)
        self.record_export = RecordExportService(context)
        self.worklists = WorklistService(context)
        self.forms = FormService(context)
        self.readiness = ReadinessService(context)
        self.backups = BackupService(context, master_key)
        self.follow_ups = FollowUpService(context)
        self.recall_types = RecallTypeService(context)
        self.recall = RecallListService(context)
        self.calls = CallService(context)
        self.recall_print = RecallPrintService(context)
        self.reminder_setup = ReminderSetupService(context, master_key)
        self.reminders = ReminderService(context, master_key)
        self.procedures = ProcedureService(context)
        self.desk = DeskService(context, keys)
        self.claims = ClaimService(context)
        self.plans = PlanService(context)
        self.plan_paper = PlanPaperService(context)
        self.day_close = DayCloseService(context)
        self.receivables = ReceivablesService(context)
        self.reports = ReportService(context)
        self.money_print = MoneyPrintService(context)
        self.backup_drills = DrillService(context, master_key)
        self.backup_schedule = BackupScheduleService(context, master_key, self.backup_drills)
        self.sync = SyncService(context, master_key, keys)
        self.notices = notices  # things to tell the user once, after login

    @property
    def read_only(self) -> bool:
        """A backup opened to look something up: every change is refused."""
        return bool(self._ctx.db.read_only)

    @property
    def must_change_password(self) -> bool:
        return self._ctx.must_change_password

    @property
    def user(self) -> Actor:
        return self._ctx.actor

    def can(self, permission: Permission) -> bool:
        """For the UI to hide what the role cannot use; services still check every call."""
        return allows(self.user.role, permission)

    def zone(self) -> ZoneInfo:
        """The practice's time zone: every day and time a screen shows is counted in it,
        whatever this PC's clock is set to."""
        return self.schedule.zone()

    def today(self) -> date:
        """Today where the practice is: the book's Today, a form's date line, tomorrow's
        packets."""
        return today_in(self.zone())

    @property
    def data_dir(self) -> Path:
        return self._ctx.folder.path

    def subscribe(self, listener: ChangeListener) -> Any:
        """Call `listener(areas)` after every committed write; returns an unsubscribe function."""
        return self._ctx.subscribe(listener)

    def change_password(self, current_password: str, new_password: str) -> None:
        self.users.change_own_password(current_password, new_password)
        self._ctx.must_change_password = False

    def lock_screen(self) -> None:
        with self._ctx.db.writing() as session:
            audit.record(session, self.user, audit.Action.SCREEN_LOCKED)

    def unlock_screen(self, password: str) -> None:
        """Only the signed-in user's own password reopens a locked screen."""
        try:
            unlocked = self._keys.unlock(self.user.username, password)
        finally:
            self.record_pending_login_events()
        if unlocked.user_id != str(self.user.user_id):
            raise WrongPassword()
        with self._ctx.db.writing() as session:
            audit.record(session, self.user, audit.Action.SCREEN_UNLOCKED)

    def record_pending_login_events(self) -> None:
        """Move failed logins noted before the database was open into the audit log."""
        events = self._keys.take_pending_events()
        if not events:
            return
        names = {
            self._keys.keystore.lookup(user.username): user.username for user in self.users.list()
        }
        with self._ctx.db.writing() as session:
            for event in events:
                action = {
                    "failed_login": audit.Action.LOGIN_FAILED,
                    "account_locked": audit.Action.ACCOUNT_LOCKED,
                    "attempts_file_reset": audit.Action.ATTEMPTS_RESET,
                }.get(event.event, event.event)
                who = names.get(event.lookup)
                if event.lookup == "recovery-code":
                    summary = "recovery code"
                else:
                    summary = "" if who else "unknown user name"
                audit.record(session, None, action, summary, at=event.at, username=who or "")

    def encryption_version(self) -> str:
        cipher, sqlite = library_versions()
        return f"SQLCipher {'.'.join(map(str, cipher))}, SQLite {'.'.join(map(str, sqlite))}"

    def check_integrity(self, *, thorough: bool = False) -> None:
        """The plain `DamagedDatabase` message, naming the backup to restore, if any page of
        the database fails its check; damage found stops every later write. Scripts and
        commands check the pages' MACs before they go on (under a second on a large
        practice); the window checks `thorough`ly, the structure too, on a worker after
        sign-in, as the audit check does."""
        if self._ctx.db.integrity_problems(thorough=thorough):
            raise self._ctx.db.damaged_error()

    @property
    def damaged(self) -> bool:
        return bool(self._ctx.db.damage)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            if not self._ctx.db.damage:  # a damaged file is written to no more
                with self._ctx.db.writing() as session:
                    audit.record(session, self.user, audit.Action.LOGOUT)
        except Exception:  # closing must release the folder even if the disk has gone
            log.exception("could not record the logout")
        finally:
            self._ctx.db.close()
            self._folder_lock.release()
            if self._on_close is not None:
                self._on_close()

    def __enter__(self) -> PracticeSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
