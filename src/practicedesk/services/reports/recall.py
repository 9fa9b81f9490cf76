"""Recall and follow-up: recalls that fell due in the period and how many patients came back
within two months, where the recall list stands today, how confirmation calls went, and the
reminders sent and failed."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.recall import RecallState
from practicedesk.services.recall.lists import RecallFilter, read_recall_list
from practicedesk.services.reports.model import (
    ChartKind,
    Figure,
    Report,
    ReportChart,
    Series,
    Table,
)
from practicedesk.services.reports.period import Period, percent
from practicedesk.services.schedule.setup import practice_zone
from practicedesk.store.models import Communication, ReminderMessage


def recall_and_follow_up(session: Session, period: Period) -> Report:
    zone = practice_zone(session)
    start, end = period.span(zone)
    listed = read_recall_list(session, RecallFilter(states=frozenset(RecallState)))
    states = Counter(row.state for row in listed)
    months = period.months()
    due_by_month: Counter[date] = Counter()
    back_by_month: Counter[date] = Counter()
    for row in listed:
        # A recall whose last visit's next due date fell in the period and which is now
        # scheduled or done again came back; overdue ones did not.
        if period.first <= row.due <= period.last:
            month = row.due.replace(day=1)
            due_by_month[month] += 1
            if row.state in (RecallState.SCHEDULED, RecallState.NOT_DUE):
                back_by_month[month] += 1
    outcomes = Counter(
        outcome
        for (outcome,) in session.execute(
            select(Communication.outcome).where(
                Communication.topic == "confirmation",
                Communication.deleted_at.is_(None),
                Communication.at >= start,
                Communication.at < end,
            )
        )
    )
    reminders = Counter(
        status
        for (status,) in session.execute(
            select(ReminderMessage.status).where(
                ReminderMessage.deleted_at.is_(None),
                ReminderMessage.send_at >= start,
                ReminderMessage.send_at < end,
            )
        )
    )
    chart = ReportChart(
        ChartKind.BARS,
        tuple(f"{m:%b %Y}" for m in months),
        (
            Series("Fell due", tuple(float(due_by_month[m]) for m in months)),
            Series("Booked or back", tuple(float(back_by_month[m]) for m in months)),
        ),
        "patients",
    )
    rows = [
        ("Recalls overdue today", states[RecallState.OVERDUE]),
        ("Recalls due this month", states[RecallState.DUE]),
        ("Recalls due soon", states[RecallState.DUE_SOON]),
        ("Recalls booked", states[RecallState.SCHEDULED]),
        *((f"Confirmation calls: {name}", n) for name, n in outcomes.most_common()),
        *((f"Reminders {name}", n) for name, n in reminders.most_common()),
    ]
    fell_due, came_back = sum(due_by_month.values()), sum(back_by_month.values())
    figures = (
        Figure("Recalls booked or back of those due", f"{percent(came_back, fell_due) or 0}%"),
        Figure("Overdue today", str(states[RecallState.OVERDUE])),
        Figure("Visits confirmed by phone", str(outcomes["confirmed"])),
        Figure("Reminders sent", f"{reminders['sent']} ({reminders['failed']} failed)"),
    )
    table = Table(("What", "How many"), tuple(rows))
    notes = ("A recall counts as back when a visit that satisfies it is booked or done.",)
    return Report("recall", "Recall and follow-up", period.first, period.last, figures, chart,
                  table, notes)  # fmt: skip
