"""What the appointment book asks of the money screens: what to collect when a patient is
checked in, the check-out dialog for a visit's charges, and the "collect $X" and "not charged
yet" beside Today's patients.

The book keeps its own shape: it calls these functions and connects the check-out's signals;
everything about money stays in this folder.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import PracticeDeskError
from practicedesk.services.money.desk import ToCollect
from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.money.check_out_dialog import CheckOutDialog
from practicedesk.ui.money.payment_dialog import PaymentDialog
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.formats import format_money

_HERE = (VisitStatus.ARRIVED, VisitStatus.SEATED)


def _tr(text: str) -> str:
    return QCoreApplication.translate("money", text)


def collect_words(due: ToCollect) -> str:
    """ "Collect $45.00: co-pay $25.00, balance due $20.00." — what and why, in one line."""
    if due.how == "co-pay":
        parts = [_tr("co-pay {amount}").format(amount=format_money(due.visit_portion))]
    elif due.how == "estimate":
        parts = [_tr("today's estimate {amount}").format(amount=format_money(due.visit_portion))]
    else:
        parts = [
            _tr("today's fees {amount} (no insurance on file)").format(
                amount=format_money(due.visit_portion)
            )
        ]
    if due.balance_due:
        parts.append(_tr("balance due {amount}").format(amount=format_money(due.balance_due)))
    if due.credit:
        parts.append(_tr("less the credit {amount}").format(amount=format_money(due.credit)))
    return _tr("Collect {total}: {parts}.").format(
        total=format_money(due.total), parts=", ".join(parts)
    )


def offer_to_collect(parent: QWidget, session: PracticeSession, visit: AppointmentInfo) -> None:
    """After check-in: the payment dialog with what to collect typed in, Enter to post it.
    Nothing is shown when nothing is due, or to a user who does not take payments."""
    if not session.can(Permission.TAKE_PAYMENTS):
        return
    desk = session.desk

    def show(due: ToCollect) -> None:
        if due.total <= 0:
            return
        PaymentDialog(
            session,
            visit.patient_id,
            visit.patient_name,
            amount=due.total,
            intro=collect_words(due),
            appointment_id=visit.id,
            parent=parent,
        ).open()

    run_task(parent, lambda: desk.to_collect(visit.id), show)


def open_check_out(
    parent: QWidget, session: PracticeSession, visit: AppointmentInfo
) -> CheckOutDialog:
    """The check-out dialog for a visit's charges and payment, open (not modal to the app).
    The visit is checked out before it opens (one action); every way to its charges (the
    check-out itself, the visit's menu later) comes through here, and the caller connects
    the dialog's signals for "book the next visit" and the survey. The dialogs of earlier
    check-outs, closed by now, go: each one used to stay with the book all day."""
    for finished in parent.findChildren(CheckOutDialog):
        if not finished.isVisible():
            finished.deleteLater()
    dialog = CheckOutDialog(session, visit, parent)
    dialog.open()
    return dialog


def amounts_to_collect(
    session: PracticeSession, visits: Iterable[AppointmentInfo]
) -> dict[uuid.UUID, int]:
    """For Today's patients, on the database worker: what each patient here still has to pay
    today. A visit whose figure cannot be worked out is left without one."""
    if not session.can(Permission.VIEW_MONEY):
        return {}
    found: dict[uuid.UUID, int] = {}
    for visit in visits:
        if visit.status not in _HERE:
            continue
        try:
            due = session.desk.to_collect(visit.id)
        except PracticeDeskError:
            continue  # e.g. a chart merged away since the book was read
        if due.total > 0:
            found[visit.id] = due.total
    return found


def visits_not_charged(
    session: PracticeSession, visits: Iterable[AppointmentInfo]
) -> frozenset[uuid.UUID]:
    """For Today's patients, on the database worker: the visits checked out with nothing
    charged yet (the check-out dialog was left with Esc), for those who see money."""
    if not session.can(Permission.VIEW_MONEY):
        return frozenset()
    done = [visit.id for visit in visits if visit.status is VisitStatus.COMPLETED]
    return session.desk.uncharged(done) if done else frozenset()
