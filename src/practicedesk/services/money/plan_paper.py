"""A treatment plan on paper, and signed at the desk.

Printing reads the plan priced today and renders it. Signing renders it once more with the
patient's strokes, name and the time, and files that PDF in the chart's documents ("signed
form") inside the same transaction, hash and all, as a scan is filed; the plan keeps the
document's id (`signed_form_id`). From then on the plan's items are frozen (plans.py), so the
signed copy and the plan never disagree about what was agreed, and the proposed items count
as accepted: the page says the patient agrees to every item not declined. The document
(reportlab) is imported only when a page is made: every service is built at sign-in.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from practicedesk.errors import InvalidInput
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.chart.documents import file_document
from practicedesk.services.context import Context
from practicedesk.services.forms.filling import PNG_SIGNATURE
from practicedesk.services.money.plan_records import ItemStatus, PlanStatus, PlanView
from practicedesk.services.money.plans import item_rows, plan_row, read_plan
from practicedesk.services.schedule.printouts import read_letterhead
from practicedesk.services.schedule.setup import practice_today, practice_zone
from practicedesk.store.models import Patient

if TYPE_CHECKING:
    from practicedesk.documents.treatment_plan import PaperSignature, PlanPaper

SIGNED_CATEGORY = "signed form"  # services/chart/documents.CATEGORIES


class PlanPaperService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def pdf(self, plan_id: uuid.UUID) -> bytes:
        """The plan as it stands, priced today, with a line to sign by hand; audited."""
        from practicedesk.documents.treatment_plan import render_treatment_plan

        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.writing() as session:
            plan = read_plan(session, plan_id)
            pdf = render_treatment_plan(
                read_letterhead(session, self._ctx.actor), _paper(session, plan)
            )
            self._audit(session, plan, audit.Action.MONEY_PRINTED, f"plan “{plan.title}” printed")
        return pdf

    def sign(self, plan_id: uuid.UUID, signer_name: str, image_png: bytes | None) -> uuid.UUID:
        """The signed copy, filed in the chart; returns its document id."""
        from practicedesk.documents.treatment_plan import PaperSignature, render_treatment_plan

        self._ctx.require(Permission.TAKE_PAYMENTS)
        signer = " ".join(signer_name.split())
        if not signer:
            raise InvalidInput("Say who is signing the plan.")
        if image_png is not None and not image_png.startswith(PNG_SIGNATURE):
            raise InvalidInput("The signature is not a picture; sign again.")
        with self._ctx.db.writing() as session:
            plan = read_plan(session, plan_id)
            if plan.signed:
                raise InvalidInput("The patient has already signed this plan.")
            if not any(item.counted for item in plan.items):
                raise InvalidInput("Nothing on the plan is left to agree to.")
            now = datetime.now(UTC).astimezone(practice_zone(session))
            signature = PaperSignature(signer, f"{now:%m/%d/%Y %I:%M %p}", image_png)
            pdf = render_treatment_plan(
                read_letterhead(session, self._ctx.actor), _paper(session, plan, signature)
            )
            document = file_document(
                session, self._ctx.actor, plan.patient_id, pdf, category=SIGNED_CATEGORY,
                title=f"Treatment plan: {plan.title} (signed)", file_name="treatment-plan.pdf",
                media_type="application/pdf",
            )  # fmt: skip
            row = plan_row(session, plan.id)
            row.signed_form_id = document.id
            row.status = PlanStatus.PRESENTED.value
            row.presented_on = row.presented_on or practice_today(session)
            for item_row in item_rows(session, plan.id):
                if item_row.status == ItemStatus.PROPOSED.value:
                    item_row.status = ItemStatus.ACCEPTED.value
                    item_row.decided_at = now
            self._audit(session, plan, audit.Action.PLAN_CHANGED,
                        f"plan “{plan.title}” signed by {signer}")  # fmt: skip
        self._ctx.announce(Area.MONEY, Area.PATIENTS)
        return document.id

    def _audit(self, session: Session, plan: PlanView, action: str, summary: str) -> None:
        audit.record(
            session, self._ctx.actor, action, summary, subject_type="treatment plan",
            subject_id=str(plan.id), patient_id=plan.patient_id,
        )  # fmt: skip


def _paper(session: Session, plan: PlanView, signature: PaperSignature | None = None) -> PlanPaper:
    from practicedesk.documents.treatment_plan import PaperItem, PlanPaper

    patient = session.get(Patient, plan.patient_id)
    born = patient.date_of_birth if patient is not None else None
    name = f"{patient.first_name} {patient.last_name}" if patient is not None else ""
    return PlanPaper(
        name,
        f"{born:%m/%d/%Y}" if born else "",
        plan.title,
        plan.priced_on,
        plan.insurer,
        plan.coverage_note,
        tuple(
            PaperItem(
                i.phase, i.code, i.name, i.tooth, i.fee, i.insurance, i.patient, not i.counted
            )
            for i in plan.items
        ),
        signature,
    )
