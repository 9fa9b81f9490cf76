"""The recall list and each patient's recalls, worked out from the visits every time: the last
completed visit that satisfies a recall plus its interval (domain/recall.py), a booked one
making it scheduled, the patient's own terms (another interval, turned off) applied.

The whole practice's list reads the visits in two grouped passes for every recall type at once
(practice_visits.py), then the calls made since; one patient's recalls are read by the few
visits of that patient.
"""

from __future__ import annotations

import builtins
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from practicedesk.domain.recall import (
    CarriedDue,
    RecallRule,
    RecallState,
    due_date,
    recall_state,
)
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import InvalidInput
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.chart.charts import patient_row
from practicedesk.services.context import Context
from practicedesk.services.recall.practice_visits import (
    as_text,
    hex_id,
    local_day,
    read_practice_visits,
)
from practicedesk.services.recall.types import RecallTypeInfo, read_recall_types
from practicedesk.services.schedule.setup import practice_today, practice_zone
from practicedesk.store.models import (
    Appointment,
    Communication,
    Patient,
    PatientRecall,
    Provider,
)

RECALL_TOPIC = "recall"
LISTED = (RecallState.OVERDUE, RecallState.DUE, RecallState.DUE_SOON)
_OPEN = [s.value for s in VisitStatus if s.is_open]


@dataclass(frozen=True, slots=True)
class RecallInfo:
    """One of a patient's recalls, as the chart shows it."""

    recall_type_id: uuid.UUID
    name: str
    due: date | None
    state: RecallState
    last_done: date | None
    booked_on: date | None
    interval: str
    own_terms: bool  # the patient has their own interval, or it is turned off


@dataclass(frozen=True, slots=True)
class RecallRow:
    """A line of the recall list: whom to call, about what, and how the calls went."""

    patient_id: uuid.UUID
    name: str  # "Last, First"
    phone: str
    preferred_contact: str
    recall_type_id: uuid.UUID
    recall: str
    due: date
    state: RecallState
    last_visit: date | None  # the last visit of any kind
    provider: str  # who saw the patient last
    attempts: int  # recall calls and postcards since the recall was last done
    last_attempt: date | None
    last_outcome: str
    book_type_id: uuid.UUID | None
    last_done: date | None = None  # the last visit that satisfied this recall


@dataclass(frozen=True, slots=True)
class RecallFilter:
    states: frozenset[RecallState] = frozenset(LISTED)
    recall_type_id: uuid.UUID | None = None
    provider_id: uuid.UUID | None = None
    not_contacted_days: int | None = None  # only those not tried within this many days
    due_by: date | None = None


class RecallListService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def for_patient(self, patient_id: uuid.UUID) -> list[RecallInfo]:
        self._ctx.require(Permission.VIEW_CHART)
        with self._ctx.db.reading() as session:
            return read_patient_recalls(session, patient_id)

    def set_terms(
        self,
        patient_id: uuid.UUID,
        recall_type_id: uuid.UUID,
        *,
        interval_months: int | None = None,
        interval_days: int | None = None,
        off: bool = False,
        reason: str = "",
    ) -> builtins.list[RecallInfo]:
        """A patient's own terms for a recall: put on it (for one not everyone has), another
        interval, or turned off with the reason (moved away, sees another dentist)."""
        self._ctx.require(Permission.EDIT_SETTINGS)
        if off and not reason.strip():
            raise InvalidInput("Say why the recall is turned off, such as moved away.")
        if any(v is not None and not 0 <= v <= 120 for v in (interval_months, interval_days)):
            raise InvalidInput("A patient's own interval is 0 to 120 months and days.")
        with self._ctx.db.writing() as session:
            patient_row(session, patient_id)
            row = session.scalar(
                select(PatientRecall).where(
                    PatientRecall.patient_id == patient_id,
                    PatientRecall.recall_type_id == recall_type_id,
                    PatientRecall.deleted_at.is_(None),
                )
            )
            if row is None:
                row = PatientRecall(patient_id=patient_id, recall_type_id=recall_type_id)
                session.add(row)
            row.interval_months, row.interval_days = interval_months, interval_days
            row.off, row.off_reason = off, reason.strip()[:120]
            session.flush()
            audit.record(
                session, self._ctx.actor, audit.Action.CHART_CHANGED,
                "recall turned off" if off else "recall terms set",
                subject_type="patient", subject_id=str(patient_id), patient_id=patient_id,
            )  # fmt: skip
            found = read_patient_recalls(session, patient_id)
        self._ctx.announce(Area.PATIENTS)
        return found

    def list(self, where: RecallFilter = RecallFilter()) -> builtins.list[RecallRow]:
        """Overdue first, then by due date, then by name."""
        self._ctx.require(Permission.VIEW_CHART)
        with self._ctx.db.reading() as session:
            return read_recall_list(session, where)


def read_patient_recalls(session: Session, patient_id: uuid.UUID) -> list[RecallInfo]:
    today = practice_today(session)
    found = []
    for kind in read_recall_types(session):
        facts = _facts(session, kind, [patient_id], today).get(patient_id)
        if facts is None:
            continue
        due, state, last_done, booked, own, interval = facts
        found.append(RecallInfo(kind.id, kind.name, due, state, last_done, booked, interval, own))
    return found


def read_recall_list(session: Session, where: RecallFilter) -> list[RecallRow]:
    """The whole practice's list in two passes over the visits (practice_visits.py), with
    ids kept as text until a line is made.

    Thousands of patients share a last visit's start, and more its day: for a patient with
    neither a booked visit nor terms of their own, whether the filter lists the pair, with
    its due date and state, is worked out once a day and found by the start, so most of the
    40,000 patient-and-recall pairs cost two dict look-ups. Only listed patients are made a
    UUID and a "Last, First". The rows come as Core tuples, not through the ORM's loading,
    which took longer than the query itself."""
    today = practice_today(session)
    zone = practice_zone(session)
    kinds = [
        k
        for k in read_recall_types(session)
        if where.recall_type_id is None or k.id == where.recall_type_id
    ]
    patients: dict[str, tuple[str, str, str, str, str | None]] = {
        patient_id: (first, last, phone, preferred, registered)
        for patient_id, first, last, phone, preferred, registered in session.connection().execute(
            select(
                as_text(Patient.id), Patient.first_name, Patient.last_name, Patient.phone,
                Patient.preferred_contact, as_text(Patient.created_at),
            ).where(
                Patient.deleted_at.is_(None), Patient.merged_into.is_(None),
                Patient.status == "active",
            )
        )
    }  # fmt: skip
    visits = read_practice_visits(
        session,
        datetime.combine(today, datetime.min.time(), zone),
        [frozenset(hex_id(t) for t in kind.satisfied_by) for kind in kinds],
    )
    last_seen = visits.last
    names = session.execute(select(Provider.id, Provider.name))
    providers = {hex_id(provider_id): name for provider_id, name in names}
    wanted_provider = hex_id(where.provider_id) if where.provider_id is not None else None
    calls = _recall_calls(session, zone)
    ids: dict[str, uuid.UUID] = {}  # a patient with two recalls listed is made a UUID once
    rows: list[RecallRow] = []
    for index, kind in enumerate(kinds):
        terms = {hex_id(k): row for k, row in _terms(session, kind.id, None).items()}
        last_done, next_booked = visits.done[index], visits.booked[index]
        if kind.everyone:
            who: Iterable[str] = patients
        else:
            who = [p for p in patients if p in last_done or p in terms]
        rule = RecallRule(kind.interval_months, kind.interval_days)
        months, days = kind.interval_months, kind.interval_days
        apart = terms.keys() | next_booked.keys()  # patients whose start alone does not say
        # The others' by their last done start, each day's made once (fewer objects for the
        # garbage collector to walk: thousands of starts share a day).
        by_start: dict[str, _Standing | None] = {}
        by_day: dict[date, _Standing | None] = {}
        for patient_id in who:
            done = last_done.get(patient_id)
            if done is None or patient_id in apart:
                registered = patients[patient_id][4]
                booked = next_booked.get(patient_id)
                booked_day = local_day(booked, zone) if booked else None
                first = local_day(registered, zone) if registered else None
                done_day = local_day(done, zone) if done else None
                own = terms.get(patient_id)
                if own is None:
                    due = _due(done_day, months, days, None if done else first)
                    state = _state(due, today, booked_day, False)
                else:
                    due, state, _ = _standing(rule, own, done_day, booked_day, first, today)
                standing = _listed(due, state, done_day, where)
            elif done in by_start:
                standing = by_start[done]
            else:
                done_day = local_day(done, zone)
                if done_day not in by_day:
                    due = _due(done_day, months, days, None)
                    state = _state(due, today, None, False)
                    by_day[done_day] = _listed(due, state, done_day, where)
                standing = by_start[done] = by_day[done_day]
            if standing is None:
                continue
            seen = last_seen.get(patient_id)
            if wanted_provider is not None and (seen is None or seen[1] != wanted_provider):
                continue
            first_name, last_name, phone, preferred, _ = patients[patient_id]
            listed_id = ids.get(patient_id)
            if listed_id is None:
                listed_id = ids[patient_id] = uuid.UUID(patient_id)
            due, state, done_day = standing
            logged = calls.get(patient_id)
            attempts = _attempts(logged, done_day) if logged else _NO_ATTEMPTS
            rows.append(
                RecallRow(
                    listed_id, f"{last_name}, {first_name}", phone, preferred, kind.id,
                    kind.name, due, state,
                    local_day(seen[0], zone) if seen else None,
                    providers.get(seen[1], "") if seen else "", *attempts,
                    kind.book_type_id, done_day,
                )
            )  # fmt: skip
    if where.not_contacted_days is not None:
        cutoff = today - timedelta(days=where.not_contacted_days)
        rows = [r for r in rows if r.last_attempt is None or r.last_attempt < cutoff]
    order = {RecallState.OVERDUE: 0, RecallState.DUE: 1, RecallState.DUE_SOON: 2}
    return sorted(rows, key=lambda r: (order.get(r.state, 3), r.due, r.name))


_Standing = tuple[date, RecallState, date | None]  # a listed pair: due, state, last done


def _listed(
    due: date | None, state: RecallState, done_day: date | None, where: RecallFilter
) -> _Standing | None:
    """A pair as the filter's states and due-by day list it, or None (its provider is asked
    later)."""
    if due is None or state not in where.states:
        return None
    if where.due_by is not None and due > where.due_by:
        return None
    return due, state, done_day


def _facts(
    session: Session, kind: RecallTypeInfo, patient_ids: list[uuid.UUID], today: date
) -> dict[uuid.UUID, tuple[date | None, RecallState, date | None, date | None, bool, str]]:
    """Per patient (of a few) who has this recall: due, state, last done, next booked, own
    terms, and the interval in words."""
    zone = practice_zone(session)
    satisfying = list(kind.satisfied_by)
    last_done = _per_patient(session, func.max(Appointment.starts_at), satisfying, patient_ids,
                             Appointment.status == VisitStatus.COMPLETED.value)  # fmt: skip
    booked = _per_patient(
        session, func.min(Appointment.starts_at), satisfying, patient_ids,
        Appointment.status.in_(_OPEN),
        Appointment.starts_at >= datetime.combine(today, datetime.min.time(), zone),
    )  # fmt: skip
    terms = _terms(session, kind.id, patient_ids)
    query = select(Patient.id, Patient.created_at).where(Patient.id.in_(patient_ids))
    if kind.everyone:
        query = query.where(
            Patient.deleted_at.is_(None), Patient.merged_into.is_(None),
            Patient.status == "active",
        )  # fmt: skip
    else:
        query = query.where(Patient.id.in_(list(set(terms) | set(last_done))))
    who = {row.id: row.created_at for row in session.execute(query)}
    rule = RecallRule(kind.interval_months, kind.interval_days)
    found = {}
    for patient_id, registered in who.items():
        own = terms.get(patient_id)
        done = last_done.get(patient_id)
        done_day = done.astimezone(zone).date() if done else None
        next_booked = booked.get(patient_id)
        booked_day = next_booked.astimezone(zone).date() if next_booked else None
        first = _as_utc(registered).astimezone(zone).date() if registered else None
        due, state, used = _standing(rule, own, done_day, booked_day, first, today)
        found[patient_id] = (due, state, done_day, booked_day, own is not None, _interval(used))
    return found


def _standing(
    rule: RecallRule,
    own: PatientRecall | None,
    done_day: date | None,
    booked_day: date | None,
    first_day: date | None,
    today: date,
) -> tuple[date | None, RecallState, RecallRule]:
    """One patient's recall: its due date, its state today, and the rule that set the date
    (the patient's own interval where the owner gave one)."""
    override = (
        RecallRule(own.interval_months or 0, own.interval_days or 0)
        if own is not None and (own.interval_months or own.interval_days)
        else None
    )
    carried = (
        CarriedDue(own.carried_due_on, own.carried_as_of)
        if own is not None and own.carried_due_on and own.carried_as_of
        else None
    )  # the old system's due date, until a visit here after its day
    due = due_date(done_day, rule, override, first_day, carried)
    off = bool(own is not None and own.off)
    return due, _state(due, today, booked_day, off), override or rule


@lru_cache(maxsize=8192)
def _due(done_day: date | None, months: int, days: int, first_day: date | None) -> date | None:
    """Thousands of patients share a last visit's day and the rule: the list works each out
    once (calendar months make a due date cost a little more than a look-up). The rule comes
    as its two numbers, which the cache compares faster than a RecallRule."""
    return due_date(done_day, RecallRule(months, days), None, first_day)


@lru_cache(maxsize=8192)
def _state(due: date | None, today: date, booked_on: date | None, off: bool) -> RecallState:
    return recall_state(due, today=today, booked_on=booked_on, turned_off=off)


def _terms(
    session: Session, kind_id: uuid.UUID, patient_ids: list[uuid.UUID] | None
) -> dict[uuid.UUID, PatientRecall]:
    """Patients' own terms for one recall (all patients', or those of `patient_ids`)."""
    query = select(PatientRecall).where(
        PatientRecall.recall_type_id == kind_id, PatientRecall.deleted_at.is_(None)
    )
    if patient_ids is not None:
        query = query.where(PatientRecall.patient_id.in_(patient_ids))
    return {row.patient_id: row for row in session.scalars(query)}


def _per_patient(
    session: Session,
    value: object,
    type_ids: list[uuid.UUID],
    patient_ids: list[uuid.UUID] | None,
    *conditions: object,
) -> dict[uuid.UUID, datetime]:
    if not type_ids:
        return {}
    query = (
        select(Appointment.patient_id, value)  # type: ignore[call-overload]
        .where(Appointment.deleted_at.is_(None), Appointment.type_id.in_(type_ids), *conditions)
        .group_by(Appointment.patient_id)
    )
    if patient_ids:
        query = query.where(Appointment.patient_id.in_(patient_ids))
    return {patient_id: _as_utc(moment) for patient_id, moment in session.execute(query)}


_NO_ATTEMPTS: tuple[int, date | None, str] = (0, None, "")


def _recall_calls(session: Session, zone: ZoneInfo) -> dict[str, list[tuple[datetime, str, date]]]:
    """Each patient's recall calls and postcards, oldest first, with the practice's day of
    each. All the practice's are read at once (by the topic's index): a query per few
    hundred patients cost more than the calls of the patients not on the list."""
    calls: dict[str, list[tuple[datetime, str, date]]] = defaultdict(list)
    for patient_id, at, outcome in session.connection().execute(
        select(as_text(Communication.patient_id), Communication.at, Communication.outcome).where(
            Communication.topic == RECALL_TOPIC, Communication.deleted_at.is_(None)
        )
    ):
        moment = _as_utc(at)
        calls[patient_id].append((moment, outcome, moment.astimezone(zone).date()))
    for logged in calls.values():
        logged.sort()
    return calls


def _attempts(
    logged: list[tuple[datetime, str, date]], done_day: date | None
) -> tuple[int, date | None, str]:
    """A line's attempts since the recall was last done, the day of the last, and how it
    went: worked out as the line is made, where replacing 13,000 made lines cost more."""
    since = done_day or date.min
    made = [call for call in logged if call[2] >= since]
    if not made:
        return _NO_ATTEMPTS
    _, outcome, day = made[-1]
    return len(made), day, outcome


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _interval(rule: RecallRule) -> str:
    parts = [f"{rule.interval_months} months"] if rule.interval_months else []
    parts += [f"{rule.interval_days} days"] if rule.interval_days else []
    return " and ".join(parts)
