"""Reports on visits: patient flow (where patients wait, how long they sit in the chair, who
arrives late) and the schedule's use (booked against open hours, no-shows, cancellations, how
far ahead visits are booked)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from sqlalchemy.orm import Session

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.practice.staff import read_providers
from practicedesk.services.reports.model import (
    ChartKind,
    Figure,
    Report,
    ReportChart,
    Series,
    Table,
)
from practicedesk.services.reports.period import (
    Period,
    median,
    minutes_between,
    percent,
    percentile,
    read_visits,
    rounded,
)
from practicedesk.services.schedule.setup import practice_zone, resolved_hours

LATE_MINUTES = 5
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def patient_flow(session: Session, period: Period) -> Report:
    zone = practice_zone(session)
    visits = [v for v in read_visits(session, period, zone) if v.arrived is not None]
    waits = [(v, minutes_between(v.arrived, v.seated)) for v in visits]
    chair = [(v, minutes_between(v.seated, v.completed)) for v in visits]
    late = [
        v for v in visits if v.arrived and v.arrived - v.starts > timedelta(minutes=LATE_MINUTES)
    ]
    by_hour: dict[int, list[float]] = defaultdict(list)
    chair_by_hour: dict[int, list[float]] = defaultdict(list)
    by_slot: dict[tuple[int, int], list[float]] = defaultdict(list)
    for visit, wait in waits:
        if wait is not None:
            by_hour[visit.starts.hour].append(wait)
            by_slot[visit.starts.weekday(), visit.starts.hour].append(wait)
    for visit, sat in chair:
        if sat is not None:
            chair_by_hour[visit.starts.hour].append(sat)
    hours = sorted(set(by_hour) | set(chair_by_hour))
    chart = ReportChart(
        ChartKind.BARS,
        tuple(f"{h:02d}:00" for h in hours),
        (
            Series("Median wait", tuple(float(median(by_hour[h]) or 0) for h in hours)),
            Series("Median chair time", tuple(float(median(chair_by_hour[h]) or 0) for h in hours)),
        ),
        "minutes",
    )
    rows = []
    for name in sorted({v.provider for v in visits}):
        mine = [v for v in visits if v.provider == name]
        their_waits = [w for v, w in waits if v.provider == name and w is not None]
        their_chair = [c for v, c in chair if v.provider == name and c is not None]
        their_late = sum(1 for v in late if v.provider == name)
        rows.append(
            (name, len(mine), rounded(median(their_waits)), rounded(percentile(their_waits, 0.9)),
             rounded(median(their_chair)), their_late, percent(their_late, len(mine)))
        )  # fmt: skip
    worst = sorted(
        ((median(w) or 0, day, hour) for (day, hour), w in by_slot.items() if len(w) >= 3),
        reverse=True,
    )[:3]
    all_waits = [w for _, w in waits if w is not None]
    figures = (
        Figure("Visits checked in", str(len(visits))),
        Figure("Median wait", _minutes(median(all_waits))),
        Figure("Longest waits", "; ".join(
            f"{_WEEKDAYS[day]} {hour:02d}:00 ({round(m)} min)" for m, day, hour in worst
        ) or "—"),
        Figure("Late arrivals", f"{len(late)} ({percent(len(late), len(visits)) or 0}%)"),
    )  # fmt: skip
    table = Table(
        ("Provider", "Visits", "Median wait (min)", "9 in 10 waited under (min)",
         "Median chair time (min)", "Late arrivals", "Late %"),
        tuple(rows),
    )  # fmt: skip
    notes = (
        "Waiting is from check-in to seating; chair time from seating to check-out.",
        f"A late arrival checked in more than {LATE_MINUTES} minutes after the visit's time.",
    )
    return Report("flow", "Patient flow", period.first, period.last, figures, chart, table,
                  notes)  # fmt: skip


def schedule_use(session: Session, period: Period) -> Report:
    zone = practice_zone(session)
    visits = read_visits(session, period, zone)
    hours = resolved_hours(session, period.first, period.last, zone)
    open_minutes: dict[str, float] = defaultdict(float)
    for provider in read_providers(session, include_inactive=True):
        if period.provider_id is not None and provider.id != period.provider_id:
            continue
        for span in hours.provider_hours.get(provider.id, []):
            open_minutes[provider.name] += (span.end - span.start).total_seconds() / 60
    rows = []
    booked_total = open_total = 0.0
    providers = sorted(set(open_minutes) | {v.provider for v in visits})
    for name in providers:
        mine = [v for v in visits if v.provider == name]
        # A no-show's hour was booked (and lost); a cancelled one's was given back.
        holding = [v for v in mine if v.status != VisitStatus.CANCELLED.value]
        booked = float(sum(v.minutes for v in holding))
        no_shows = sum(1 for v in mine if v.status == VisitStatus.NO_SHOW.value)
        cancelled = [v for v in mine if v.status == VisitStatus.CANCELLED.value]
        same_day = sum(
            1 for v in cancelled if v.cancelled and v.cancelled.date() == v.starts.date()
        )
        lead = median(
            (v.starts - v.booked).total_seconds() / 86400 for v in holding if v.booked is not None
        )
        opened = open_minutes.get(name, 0.0)
        booked_total, open_total = booked_total + booked, open_total + opened
        rows.append(
            (name, round(opened / 60, 1), round(booked / 60, 1),
             percent(round(booked), round(opened)), len(mine), percent(no_shows, len(mine)),
             percent(len(cancelled), len(mine)), same_day, rounded(lead))
        )  # fmt: skip
    chart = ReportChart(
        ChartKind.STACKED,
        tuple(providers),
        (
            Series("Booked hours", tuple(float(r[2]) for r in rows)),
            Series("Open, not booked", tuple(max(0.0, float(r[1]) - float(r[2])) for r in rows)),
        ),
        "hours",
    )
    all_due = [v for v in visits if v.starts.date() <= period.last]
    no_show_rate = percent(sum(1 for v in all_due if v.status == VisitStatus.NO_SHOW.value),
                           len(all_due))  # fmt: skip
    figures = (
        Figure("Hours booked of open", f"{percent(round(booked_total), round(open_total)) or 0}%"),
        Figure("No-show rate", f"{no_show_rate or 0}%"),
        Figure("Visits", str(len(visits))),
    )
    table = Table(
        ("Provider", "Open hours", "Booked hours", "Booked %", "Visits", "No-shows %",
         "Cancelled %", "Cancelled the same day", "Booked ahead (median days)"),
        tuple(rows),
    )  # fmt: skip
    notes = ("Open hours are the providers' working hours less time off and closures.",)
    return Report("schedule", "The schedule's use", period.first, period.last, figures, chart,
                  table, notes)  # fmt: skip


def _minutes(value: float | None) -> str:
    return "—" if value is None else f"{round(value)} min"
