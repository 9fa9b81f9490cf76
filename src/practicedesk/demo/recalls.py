"""The demo practice's patients who come back: who sits in the hygienist's chair and when, the
recall types and follow-up rules an office keeps, and the calls the front desk has made.

Recalls are never stored; they are worked out from the visits (services/recall/lists.py).
So the hygienist's visits are given to patients the way a real recall system fills them:
each patient comes back about every six months (a tenth, on periodontal maintenance, every
three), most on time, some late, some not at all after a while; about two in three book
their next cleaning ahead. The recall list then holds what an office sees: patients overdue,
due this month and due soon, and many scheduled. Every choice comes from the demo's seeded
generator, in patient-plan order (never the order of random UUIDs), so a seed gives the same
practice.
"""

from __future__ import annotations

import heapq
import random
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from practicedesk.domain.hours import local_instant
from practicedesk.domain.recall import RecallState, add_months
from practicedesk.domain.spans import Span
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.recall.lists import RecallFilter
from practicedesk.services.schedule.records import RecordedVisit
from practicedesk.services.session import PracticeSession
from practicedesk.store.changes import insert_rows
from practicedesk.store.models import Communication

_PERIO_SHARE = 0.1
_HABITS = (("on time", 65), ("late", 20), ("lapsing", 15))
_BOOKS_AHEAD = 0.65  # books the next cleaning at the desk, before leaving
_EARLIEST = timedelta(days=21)  # a hygiene visit taken up to three weeks before it is due
_RECALL_TRIES = (("left message", "call", 40), ("no answer", "call", 25),
                 ("will call back", "call", 10), ("postcard sent", "letter", 15),
                 ("wrong number", "call", 3))  # fmt: skip
_CONFIRM_KIND = {"phone": "call", "text": "text", "email": "email"}
_OFF_REASONS = ("Moved away", "Sees another dentist closer to work")


def plan_recall_visits(
    rng: random.Random,
    visits: Sequence[RecordedVisit],
    cleaning: uuid.UUID,
    perio: uuid.UUID,
    patients: Sequence[uuid.UUID],
    joined: Mapping[uuid.UUID, datetime],
    now: datetime,
    zone: ZoneInfo,
) -> list[RecordedVisit]:
    """`visits` with the hygiene visits given by recall (a newcomer's from the day they
    join), and a few patients who missed or cancelled a visit lately left with nothing
    booked: the broken appointments to call."""
    planned = _by_recall(rng, visits, cleaning, perio, patients, joined, now, zone)
    return _leave_unscheduled(rng, planned, patients, now)


def _by_recall(
    rng: random.Random,
    visits: Sequence[RecordedVisit],
    cleaning: uuid.UUID,
    perio: uuid.UUID,
    patients: Sequence[uuid.UUID],
    joined: Mapping[uuid.UUID, datetime],
    now: datetime,
    zone: ZoneInfo,
) -> list[RecordedVisit]:
    """`visits` with the hygienist's (a cleaning or a perio maintenance) given to the patient
    due soonest who is free then, each visit's type the patient's own; a visit nobody is
    due for is left out, a free hour in the hygienist's book."""
    hygiene = [v for v in visits if v.visit.type_id in (cleaning, perio)]
    result = [v for v in visits if v.visit.type_id not in (cleaning, perio)]
    if not hygiene or not patients:
        return result
    busy: dict[uuid.UUID, list[Span]] = defaultdict(list)
    for item in result:
        busy[item.visit.patient_id].append(Span.of(item.visit.starts_at, item.visit.minutes))
    hygiene.sort(key=lambda v: v.visit.starts_at)
    first = hygiene[0].visit.starts_at.astimezone(zone).date()
    today = now.astimezone(zone).date()
    months, habits, stops, ahead, waiting = [], [], [], [], []
    for index in range(len(patients)):
        months.append(3 if rng.random() < _PERIO_SHARE else 6)
        habits.append(rng.choices([h for h, _ in _HABITS], [w for _, w in _HABITS])[0])
        stops.append(first + timedelta(days=rng.randint(60, 330)))
        ahead.append(rng.random() < _BOOKS_AHEAD)
        due = first + timedelta(days=rng.randint(0, 30 * months[index]))
        if patients[index] in joined:
            due = max(due, joined[patients[index]].astimezone(zone).date())
        waiting.append((due, index))
    heapq.heapify(waiting)
    for item in hygiene:
        day = item.visit.starts_at.astimezone(zone).date()
        span = Span.of(item.visit.starts_at, item.visit.minutes)
        chosen, passed = None, []
        while waiting and waiting[0][0] <= day + _EARLIEST:
            entry = heapq.heappop(waiting)
            index = entry[1]
            if habits[index] == "lapsing" and day > stops[index]:
                continue  # stopped coming: overdue on the list from now on
            if day > today and not ahead[index]:
                continue  # has not booked yet: due on the list, to be called
            if joined.get(patients[index], item.visit.starts_at) > item.visit.starts_at or any(
                other.overlaps(span) for other in busy[patients[index]]
            ):
                passed.append(entry)
                continue
            chosen = index
            break
        for entry in passed:
            heapq.heappush(waiting, entry)
        if chosen is None:
            continue
        patient = patients[chosen]
        busy[patient].append(span)
        kind = perio if months[chosen] == 3 else cleaning
        result.append(replace(item, visit=replace(item.visit, patient_id=patient, type_id=kind)))
        heapq.heappush(waiting, (_next_ready(rng, item, day, months[chosen], habits[chosen]),
                                 chosen))  # fmt: skip
    return result


def _leave_unscheduled(
    rng: random.Random, visits: list[RecordedVisit], patients: Sequence[uuid.UUID], now: datetime
) -> list[RecordedVisit]:
    """In a small demo everyone has something booked; a few of those who missed or cancelled
    a visit in the past two months have their later visits taken off the book."""
    missed = {
        v.visit.patient_id
        for v in visits
        if v.status in (VisitStatus.CANCELLED, VisitStatus.NO_SHOW)
        and now - timedelta(days=60) <= v.visit.starts_at <= now
    }
    candidates = [p for p in patients if p in missed]
    gone = set(rng.sample(candidates, min(len(candidates), 4 + len(patients) // 100)))
    return [v for v in visits if v.visit.patient_id not in gone or v.visit.starts_at <= now]


def _next_ready(
    rng: random.Random, item: RecordedVisit, day: date, months: int, habit: str
) -> date:
    """When the patient takes a hygiene visit again: after the interval once seen (a late one
    weeks after it), or soon after a visit missed or cancelled."""
    if item.status in (VisitStatus.CANCELLED, VisitStatus.NO_SHOW):
        return day + timedelta(days=rng.randint(7, 45))
    due = add_months(day, months)
    if habit == "late":
        return due + timedelta(days=rng.randint(20, 100))
    return due - timedelta(days=rng.randint(0, 14))


def add_recalls(
    session: PracticeSession, rng: random.Random, patients: Sequence[uuid.UUID], now: datetime
) -> None:
    """The usual recall types and two follow-up rules, a few patients' own terms, the recall
    calls and postcards of the past weeks, and the confirmation calls for the next two days
    on the book."""
    types = {t.name: t.id for t in session.schedule_setup.appointment_types()}
    session.recall_types.add_usual()
    for kind in session.recall_types.list():
        if kind.name in ("Hygiene", "Bitewing X-rays"):  # a perio maintenance visit counts too
            session.recall_types.save(
                kind.name, kind.interval_months, [*kind.satisfied_by, types["Perio maintenance"]],
                interval_days=kind.interval_days, book_type_id=kind.book_type_id,
                everyone=kind.everyone, recall_type_id=kind.id,
            )  # fmt: skip
    for surgery in ("Extraction", "Implant surgery"):
        session.follow_ups.save("completed", "Post-op call", appointment_type_id=types[surgery])
    session.follow_ups.save("no-show", "Call to reschedule the missed visit")
    hygiene = next(k for k in session.recall_types.list() if k.name == "Hygiene")
    listed = session.recall.list(RecallFilter(recall_type_id=hygiene.id))
    overdue = {r.patient_id for r in listed if r.state is RecallState.OVERDUE}
    in_order = [p for p in patients if p in overdue]
    stopped = rng.sample(in_order, min(2, len(in_order)))
    for patient, reason in zip(stopped, _OFF_REASONS, strict=False):
        session.recall.set_terms(patient, hygiene.id, off=True, reason=reason)
    still = [patient for patient in in_order if patient not in stopped]
    rows = _recall_tries(rng, still, now, session.schedule.zone())
    rows += _confirmation_calls(rng, session, patients, now)
    context = session._ctx  # bulk rows go below the services' one-item API, as add_charts's do
    with context.db.writing() as db:
        insert_rows(db, context.db.clock, Communication, rows)
        audit.record(db, context.actor, audit.Action.COMMUNICATION_LOGGED,
                     f"demo practice: {len(rows)} recall and confirmation calls")  # fmt: skip
    context.announce(Area.PATIENTS)


def _recall_tries(
    rng: random.Random, overdue: Sequence[uuid.UUID], now: datetime, zone: ZoneInfo
) -> list[dict[str, object]]:
    """About a third of the overdue patients (one at least) tried once to three times in the
    past weeks. Left to chance per patient, a small demo made on some days had none."""
    rows = []
    today = now.astimezone(zone).date()
    tried = set(rng.sample(overdue, max(1, round(len(overdue) * 0.35)))) if overdue else set()
    for patient in overdue:
        if patient not in tried:
            continue
        for days_ago in sorted(rng.sample(range(1, 42), rng.randint(1, 3)), reverse=True):
            outcome, kind, _ = rng.choices(_RECALL_TRIES, [w for *_, w in _RECALL_TRIES])[0]
            at = _office_time(rng, today - timedelta(days=days_ago), zone, now)
            rows.append(_contact(patient, at, "recall", outcome, kind))
    return rows


def _confirmation_calls(
    rng: random.Random, session: PracticeSession, patients: Sequence[uuid.UUID], now: datetime
) -> list[dict[str, object]]:
    """The next two days with visits: each confirmed visit's confirmation (as it came: a call,
    a text, an e-mail), and for a third of those not yet confirmed a message left."""
    zone = session.schedule.zone()
    today = now.astimezone(zone).date()
    order = {patient: index for index, patient in enumerate(patients)}
    days = [d for d in session.schedule.days(today + timedelta(days=1), today + timedelta(days=9))
            if d.appointments][:2]  # fmt: skip
    rows = []
    for schedule in days:
        visits = sorted(schedule.appointments, key=lambda v: (v.starts_at, order[v.patient_id]))
        for visit in visits:
            called = _office_time(rng, schedule.day - timedelta(days=1), zone, now)
            if visit.status is VisitStatus.CONFIRMED:
                kind = _CONFIRM_KIND.get(visit.confirmed_via, "call")
                rows.append(_contact(visit.patient_id, called, "confirmation", "confirmed", kind,
                                     visit.id))  # fmt: skip
            elif visit.status is VisitStatus.SCHEDULED and rng.random() < 0.35:
                outcome = rng.choice(("left message", "no answer"))
                rows.append(_contact(visit.patient_id, called, "confirmation", outcome, "call",
                                     visit.id))  # fmt: skip
    return rows


def _contact(
    patient: uuid.UUID, at: datetime, topic: str, outcome: str, kind: str,
    appointment: uuid.UUID | None = None,
) -> dict[str, object]:  # fmt: skip
    """A communication-log row as `calls.log_contact` writes one."""
    return {
        "id": uuid.uuid4(), "patient_id": patient, "at": at, "kind": kind, "direction": "out",
        "summary": f"{topic.capitalize()} {kind}: {outcome}", "username": "frontdesk",
        "topic": topic, "outcome": outcome, "appointment_id": appointment,
    }  # fmt: skip


def _office_time(rng: random.Random, day: date, zone: ZoneInfo, now: datetime) -> datetime:
    moment = local_instant(day, time(rng.randint(9, 16), rng.randrange(0, 60, 5)), zone)
    return min(moment.astimezone(UTC), now)
