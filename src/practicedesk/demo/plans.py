"""The demo's treatment plans: a few patients with work proposed, presented, partly accepted
and partly declined, so the chart's Treatment plans tab and the "Accepted, not booked"
worklist show what an office's would.

Made through the plans service (a dozen plans: the per-item transactions cost nothing worth
bulk inserts), after the books, so each plan is priced with the patient's insurance; then
dated back, as the service dates everything now: a plan drawn up weeks ago, decided on the
day or in the fortnight after.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import update

from practicedesk.services.money.plan_records import NewPlanItem
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import PlanItem, TreatmentPlan

PLANS = 12

# Title, then (code, tooth or area, phase) for each item: work a general practice proposes.
_KINDS: tuple[tuple[str, tuple[tuple[str, str, int], ...]], ...] = (
    ("Fillings, lower left", (("D2392", "19", 1), ("D2391", "20", 1))),
    ("Root canal and crown #30", (("D3330", "30", 1), ("D2950", "30", 2), ("D2740", "30", 2))),
    ("Crown #3", (("D2950", "3", 1), ("D2740", "3", 1))),
    ("Periodontal therapy", (("D4341", "UR", 1), ("D4341", "UL", 1), ("D4342", "LR", 2))),
    ("Replace #14", (("D7210", "14", 1), ("D7953", "14", 1), ("D6010", "14", 2),
                     ("D6065", "14", 3))),
    ("Night guard", (("D9944", "", 1),)),
    ("Fillings, upper right", (("D2393", "3", 1), ("D2391", "4", 1), ("D2330", "6", 2))),
)  # fmt: skip


def add_plans(
    session: PracticeSession, rng: random.Random, patients: Sequence[uuid.UUID], now: datetime
) -> None:
    """Plans for `PLANS` patients: most presented; of those, some accepted in whole, some in
    part (the rest declined), and a few still waiting for the patient's answer."""
    known = {procedure.code for procedure in session.procedures.list()}
    plans, zone = session.plans, session.schedule.zone()
    for patient in rng.sample(list(patients), min(PLANS, len(patients))):
        title, items = rng.choice(_KINDS)
        plan = plans.create(patient, title)
        added = [
            plans.add_item(plan, NewPlanItem(code, tooth, phase))
            for code, tooth, phase in items
            if code in known
        ]
        drawn = now - timedelta(days=rng.randint(3, 75))
        decided = min(now, drawn + timedelta(days=rng.choice((0, 0, 0, 2, 7, 14))))
        answer = rng.random()
        if answer >= 0.15 and added:  # else drawn up, not yet shown to the patient
            plans.present(plan)
        if answer >= 0.35 and added:  # else the patient is thinking it over
            accepted = added if answer < 0.75 else added[: max(1, len(added) // 2)]
            plans.decide(accepted, accepted=True)
            declined = [item for item in added if item not in accepted]
            if declined:
                plans.decide(declined, accepted=False)
        _date_back(session, plan, drawn, drawn.astimezone(zone).date(), decided)


def _date_back(
    session: PracticeSession, plan: uuid.UUID, drawn: datetime, drawn_on: date, decided: datetime
) -> None:
    """What the service dated today moved to the plan's own days; what it left undated (not
    presented, not decided) stays so."""
    with session._ctx.db.writing() as db:  # below the service, which dates everything now
        db.execute(update(TreatmentPlan).where(TreatmentPlan.id == plan).values(created_at=drawn))
        db.execute(
            update(TreatmentPlan)
            .where(TreatmentPlan.id == plan, TreatmentPlan.presented_on.is_not(None))
            .values(presented_on=drawn_on)
        )
        db.execute(update(PlanItem).where(PlanItem.plan_id == plan).values(created_at=drawn))
        db.execute(
            update(PlanItem)
            .where(PlanItem.plan_id == plan, PlanItem.decided_at.is_not(None))
            .values(decided_at=decided)
        )
