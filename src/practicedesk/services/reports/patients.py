"""Reports on patients: how many new ones came each month and where from (who referred
them), how many are active, and how many the practice has lost (no visit in 18 months); and on
insurance and referrals: verifications made before the visit or missing, pre-authorizations
waiting or denied, referrals still waiting and for how long."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from practicedesk.domain.recall import add_months
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.practice.settings import VERIFY_WITHIN_DAYS, read_setting
from practicedesk.services.reports.model import (
    ChartKind,
    Figure,
    Report,
    ReportChart,
    Series,
    Table,
)
from practicedesk.services.reports.period import Period, median, percent, read_visits, rounded
from practicedesk.services.schedule.setup import practice_zone, today_in
from practicedesk.store.models import (
    Appointment,
    Authorization,
    Patient,
    Policy,
    Referral,
    ReferralContact,
    Verification,
)

LOST_AFTER_MONTHS = 18


def new_patients(session: Session, period: Period) -> Report:
    zone = practice_zone(session)
    start, end = period.span(zone)
    rows = session.execute(
        select(Patient.id, Patient.created_at).where(
            Patient.deleted_at.is_(None),
            Patient.merged_into.is_(None),
            Patient.created_at >= start,
            Patient.created_at < end,
        )
    ).all()
    by_month = Counter(_aware(at).astimezone(zone).date().replace(day=1) for _, at in rows)
    months = period.months()
    sources = _sources(session, [patient_id for patient_id, _ in rows])
    counted = Counter(sources.get(patient_id, "No referral recorded") for patient_id, _ in rows)
    last_visits = dict(
        session.execute(
            select(Appointment.patient_id, func.max(Appointment.starts_at))
            .where(Appointment.deleted_at.is_(None),
                   Appointment.status == VisitStatus.COMPLETED.value)
            .group_by(Appointment.patient_id)
        ).all()
    )  # fmt: skip
    cutoff = datetime.combine(add_months(period.last, -LOST_AFTER_MONTHS), datetime.min.time(),
                              zone)  # fmt: skip
    living = session.scalars(
        select(Patient.id).where(
            Patient.deleted_at.is_(None), Patient.merged_into.is_(None),
            Patient.status == "active",
        )
    ).all()  # fmt: skip
    seen = [last_visits.get(p) for p in living]
    active = sum(1 for at in seen if at is not None and _aware(at) >= cutoff)
    lost = sum(1 for at in seen if at is not None and _aware(at) < cutoff)
    chart = ReportChart(
        ChartKind.BARS,
        tuple(f"{m:%b %Y}" for m in months),
        (Series("New patients", tuple(float(by_month.get(m, 0)) for m in months)),),
        "patients",
    )
    table = Table(
        ("Came from", "New patients", "Share %"),
        tuple((source, n, percent(n, len(rows))) for source, n in counted.most_common()),
    )
    top = counted.most_common(1)
    figures = (
        Figure("New patients", str(len(rows))),
        Figure("Most came from", top[0][0] if top else "—"),
        Figure("Active patients", str(active)),
        Figure(f"Lost (no visit in {LOST_AFTER_MONTHS} months)", str(lost)),
    )
    notes = (
        "A new patient is one registered in the period; where they came from is the "
        "incoming referral on their chart.",
        f"Active: a completed visit in the {LOST_AFTER_MONTHS} months before the period's end.",
    )
    return Report("patients", "New patients and where they came from", period.first,
                  period.last, figures, chart, table, notes)  # fmt: skip


def insurance_and_referrals(session: Session, period: Period) -> Report:
    zone = practice_zone(session)
    window = timedelta(days=read_setting(session, VERIFY_WITHIN_DAYS))
    visits = [
        v
        for v in read_visits(session, period, zone)
        if VisitStatus(v.status) is not VisitStatus.CANCELLED
    ]
    insured = {
        row.patient_id: row.id
        for row in session.execute(
            select(Policy.patient_id, Policy.id).where(
                Policy.deleted_at.is_(None), Policy.active.is_(True), Policy.rank == 1
            )
        )
    }
    checks: dict[object, list[datetime]] = defaultdict(list)
    for policy_id, at in session.execute(
        select(Verification.policy_id, Verification.verified_at).where(
            Verification.deleted_at.is_(None)
        )
    ):
        checks[policy_id].append(_aware(at))
    months = period.months()
    verified_by_month: Counter[date] = Counter()
    missing_by_month: Counter[date] = Counter()
    for visit in visits:
        policy = insured.get(visit.patient_id)
        if policy is None:
            continue
        month = visit.starts.date().replace(day=1)
        in_time = any(visit.starts - window <= at <= visit.starts for at in checks.get(policy, []))
        (verified_by_month if in_time else missing_by_month)[month] += 1
    authorizations = Counter(
        status
        for (status,) in session.execute(
            select(Authorization.status).where(Authorization.deleted_at.is_(None))
        )
    )
    today = today_in(zone)
    waiting = [
        (contact or "Someone", direction, (today - since).days)
        for contact, direction, since in session.execute(
            select(ReferralContact.organization, Referral.direction, Referral.requested_on)
            .outerjoin(ReferralContact, ReferralContact.id == Referral.contact_id)
            .where(
                Referral.deleted_at.is_(None),
                Referral.status.in_(("requested", "sent", "received")),
            )
        )
        if since is not None
    ]
    chart = ReportChart(
        ChartKind.STACKED,
        tuple(f"{m:%b %Y}" for m in months),
        (
            Series("Verified before the visit", tuple(float(verified_by_month[m]) for m in months)),
            Series("Not verified", tuple(float(missing_by_month[m]) for m in months)),
        ),
        "visits",
    )
    done, missed = sum(verified_by_month.values()), sum(missing_by_month.values())
    rows = [(f"{m:%b %Y}", verified_by_month[m], missing_by_month[m],
             percent(verified_by_month[m], verified_by_month[m] + missing_by_month[m]))
            for m in months]  # fmt: skip
    figures = (
        Figure("Insured visits verified in time", f"{percent(done, done + missed) or 0}%"),
        Figure("Pre-authorizations waiting", str(authorizations["submitted"])),
        Figure("Pre-authorizations denied", str(authorizations["denied"])),
        Figure("Referrals waiting", f"{len(waiting)} (median "
               f"{rounded(median(d for *_, d in waiting)) or 0} days)"),
    )  # fmt: skip
    table = Table(("Month", "Verified in time", "Not verified", "Verified %"), tuple(rows))
    notes = (f"In time: the primary policy verified within {window.days} days before the visit.",)
    return Report("insurance", "Insurance and referrals", period.first, period.last, figures,
                  chart, table, notes)  # fmt: skip


def _sources(session: Session, patient_ids: list[object]) -> dict[object, str]:
    found: dict[object, str] = {}
    for start in range(0, len(patient_ids), 500):
        chunk = patient_ids[start : start + 500]
        for patient_id, organization, name in session.execute(
            select(Referral.patient_id, ReferralContact.organization, ReferralContact.name)
            .join(ReferralContact, ReferralContact.id == Referral.contact_id)
            .where(
                Referral.patient_id.in_(chunk),
                Referral.direction == "incoming",
                Referral.deleted_at.is_(None),
            )
        ):
            found.setdefault(patient_id, organization or name)
    return found


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
