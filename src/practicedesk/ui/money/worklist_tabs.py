"""The money tabs of the Worklists page, for those who see money: balances to collect, claims
to follow, treatment accepted but not booked, and the day's money. The page adds them with
one call and refreshes them with its own lists; each reads only while on screen and keeps its
tab's count in the title."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget

from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.money.balances_widget import BalancesWidget
from practicedesk.ui.money.claims_widget import ClaimsWidget
from practicedesk.ui.money.day_money_widget import DayMoneyWidget
from practicedesk.ui.money.money_worklist import MoneyWorklistWidget
from practicedesk.ui.money.unbooked_plans_widget import UnbookedPlansWidget


def add_money_tabs(tabs: QTabWidget, session: PracticeSession) -> list[MoneyWorklistWidget]:
    if not session.can(Permission.VIEW_MONEY):
        return []
    added: list[MoneyWorklistWidget] = []
    for widget, title, counted in (
        (BalancesWidget(session), tabs.tr("Balances to collect"), True),
        (ClaimsWidget(session), tabs.tr("Claims to follow"), True),
        (UnbookedPlansWidget(session), tabs.tr("Accepted, not booked"), True),
        (DayMoneyWidget(session), tabs.tr("The day's money"), False),
    ):
        tabs.addTab(widget, title)
        if counted:
            widget.sig_count_changed.connect(
                lambda count, w=widget, t=title: tabs.setTabText(tabs.indexOf(w), f"{t} ({count})")
            )
        added.append(widget)
    return added
