"""The demo's treatment plans: a few patients with work proposed, presented, partly accepted
and partly declined, so the chart's Treatment plans tab and the "Accepted, not booked"
worklist show what an office's would.

Made through the plans service (a dozen plans: the per-item transactions cost nothing worth
bulk inserts), after the books, so each plan is priced with the patient's insurance.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence

from practicedesk.services.money.plan_records import NewPlanItem
from practicedesk.services.session import PracticeSession

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


def add_plans(session: PracticeSession, rng: random.Random, patients: Sequence[uuid.UUID]) -> None:
    """Plans for `PLANS` patients: most presented; of those, some accepted in whole, some in
    part (the rest declined), and a few still waiting for the patient's answer."""
    known = {procedure.code for procedure in session.procedures.list()}
    plans = session.plans
    for patient in rng.sample(list(patients), min(PLANS, len(patients))):
        title, items = rng.choice(_KINDS)
        plan = plans.create(patient, title)
        added = [
            plans.add_item(plan, NewPlanItem(code, tooth, phase))
            for code, tooth, phase in items
            if code in known
        ]
        answer = rng.random()
        if answer < 0.15 or not added:
            continue  # drawn up, not yet shown to the patient
        plans.present(plan)
        if answer < 0.35:
            continue  # the patient is thinking it over
        accepted = added if answer < 0.75 else added[: max(1, len(added) // 2)]
        plans.decide(accepted, accepted=True)
        declined = [item for item in added if item not in accepted]
        if declined:
            plans.decide(declined, accepted=False)
