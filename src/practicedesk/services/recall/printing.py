"""The recall list on paper and in a spreadsheet, and recall postcards and mailing labels for
the patients chosen from it.

A postcard (or a label for one) is an attempt to bring the patient back, as a call is: each
patient mailed gets a "postcard sent" line in the communication log (topic recall, kind
letter), written in the transaction that audits the print, so the list's attempt count and
"not sent one lately" see it at once and a print that fails logs nothing. Patients without a
mailing address are left out and named, never printed as a card the post cannot deliver.

reportlab is imported by the methods that print (as in services/schedule/printouts.py): every
service is built at sign-in, and most sessions print no postcards.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from practicedesk.domain.recall import RecallState
from practicedesk.errors import InvalidInput
from practicedesk.progress import NO_PROGRESS, Progress, stop_if_cancelled
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.services.practice.staff import read_providers
from practicedesk.services.recall.calls import log_contact
from practicedesk.services.recall.lists import (
    LISTED,
    RECALL_TOPIC,
    RecallFilter,
    RecallRow,
    read_recall_list,
)
from practicedesk.services.recall.recipients import (
    POSTCARD_SENT,
    read_recipients,
    recently_mailed,
)
from practicedesk.services.recall.types import read_recall_types
from practicedesk.services.schedule.printouts import read_letterhead
from practicedesk.services.schedule.setup import practice_today
from practicedesk.store.models.base import utcnow

RESEND_AFTER_DAYS = 30
WHOLE_LIST = RecallFilter()  # overdue, due and due soon, of every recall
STATE_WORDS = {
    RecallState.OVERDUE: "Overdue", RecallState.DUE: "Due", RecallState.DUE_SOON: "Due soon",
    RecallState.NOT_DUE: "Not yet due", RecallState.SCHEDULED: "Scheduled",
    RecallState.OFF: "Off",
}  # fmt: skip
CSV_HEADER = (
    "Patient", "Phone", "Preferred contact", "Recall", "Due", "State", "Last done",
    "Last visit", "Provider", "Attempts", "Last attempt", "Last outcome",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class RecallMailing:
    """What a mailing printed: the postcards and labels asked for (None when not asked for,
    or when nobody was left to mail), whom they went to, and who was left out."""

    postcards: bytes | None
    labels: bytes | None
    mailed: tuple[uuid.UUID, ...]  # in print order: the labels' order is the cards'
    no_address: tuple[str, ...]  # "Last, First" of those with no mailing address on file


class RecallPrintService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def postcards(
        self,
        patient_ids: Sequence[uuid.UUID],
        *,
        labels: bool = False,
        progress: Progress = NO_PROGRESS,
    ) -> RecallMailing:
        """Four postcards to a sheet for these patients (and, with `labels`, a label for each,
        in the same order), each logged as a postcard sent."""
        return self._mail_chosen(patient_ids, postcards=True, labels=labels, progress=progress)

    def labels(
        self, patient_ids: Sequence[uuid.UUID], *, progress: Progress = NO_PROGRESS
    ) -> RecallMailing:
        """Thirty labels to a sheet, for postcards or letters the office mails itself; each
        patient is logged as sent a postcard, as with printed cards."""
        return self._mail_chosen(patient_ids, postcards=False, labels=True, progress=progress)

    def postcards_due_by(
        self,
        day: date,
        *,
        labels: bool = False,
        resend_after_days: int = RESEND_AFTER_DAYS,
        progress: Progress = NO_PROGRESS,
    ) -> RecallMailing:
        """Postcards for everyone with a recall due by `day` (overdue ones too) who was not
        sent one in the last `resend_after_days` days: the monthly mailing, as a scheduled
        task runs it. Nobody to mail is no error: the mailing then holds no files."""
        self._ctx.require(Permission.EDIT_CHART)
        with self._ctx.db.writing() as session:
            progress.report(0, 0, "Reading the recall list")
            states = frozenset({*LISTED, RecallState.NOT_DUE})
            rows = read_recall_list(session, RecallFilter(states=states, due_by=day))
            since = utcnow() - timedelta(days=resend_after_days)
            sent = recently_mailed(session, sorted({r.patient_id for r in rows}), since)
            rows = [r for r in rows if r.patient_id not in sent]
            wanted = list(dict.fromkeys(r.patient_id for r in rows))
            mailing = self._mail(session, wanted, rows, True, labels, progress)
        if mailing.mailed:
            self._ctx.announce(Area.PATIENTS)
        return mailing

    def recall_list_pdf(self, where: RecallFilter = WHOLE_LIST) -> bytes:
        from practicedesk.documents.recall_list import RecallLine, render_recall_list

        self._ctx.require(Permission.EXPORT_RECORDS)
        with self._ctx.db.writing() as session:
            rows = read_recall_list(session, where)
            lines = [
                RecallLine(
                    row.name, row.phone, row.preferred_contact, row.recall, _day(row.due),
                    STATE_WORDS[row.state],
                    " · ".join(p for p in (_day(row.last_visit), row.provider) if p),
                    _attempts(row),
                )
                for row in rows
            ]  # fmt: skip
            today = practice_today(session)
            title = f"Recall list, {today:%B} {today.day}, {today.year}"
            chosen = _chosen(session, where)
            letterhead = read_letterhead(session, self._ctx.actor, "Recall list")
            pdf = render_recall_list(letterhead, title, chosen, lines)
            audit.record(session, self._ctx.actor, audit.Action.RECALL_PRINTED,
                         f"recall list, {len(rows)} lines ({chosen})")  # fmt: skip
        return pdf

    def recall_list_csv(self, where: RecallFilter = WHOLE_LIST) -> bytes:
        """The list for a spreadsheet, through the one CSV writer (formulas neutralised)."""
        from practicedesk.interop.csv_writing import csv_bytes

        self._ctx.require(Permission.EXPORT_RECORDS)
        with self._ctx.db.writing() as session:
            rows = read_recall_list(session, where)
            data = csv_bytes(
                CSV_HEADER,
                (
                    (
                        r.name, r.phone, r.preferred_contact, r.recall, r.due,
                        STATE_WORDS[r.state], r.last_done, r.last_visit, r.provider, r.attempts,
                        r.last_attempt, r.last_outcome,
                    )
                    for r in rows
                ),
            )  # fmt: skip
            chosen = _chosen(session, where)
            audit.record(session, self._ctx.actor, audit.Action.RECALL_EXPORTED,
                         f"recall list as CSV, {len(rows)} lines ({chosen})")  # fmt: skip
        return data

    def _mail_chosen(
        self, patient_ids: Sequence[uuid.UUID], *, postcards: bool, labels: bool,
        progress: Progress,
    ) -> RecallMailing:  # fmt: skip
        self._ctx.require(Permission.EDIT_CHART)
        wanted = list(dict.fromkeys(patient_ids))
        if not wanted:
            raise InvalidInput("Choose the patients to mail from the recall list first.")
        with self._ctx.db.writing() as session:
            progress.report(0, 0, "Reading the recall list")
            rows = read_recall_list(session, WHOLE_LIST)
            mailing = self._mail(session, wanted, rows, postcards, labels, progress)
        if not mailing.mailed:  # nothing was written: the transaction had nothing to keep
            raise InvalidInput(
                "None of the chosen patients has a mailing address on file; add the street "
                "and town in their charts first."
            )
        self._ctx.announce(Area.PATIENTS)
        return mailing

    def _mail(
        self,
        session: Session,
        patient_ids: list[uuid.UUID],
        rows: list[RecallRow],
        postcards: bool,
        labels: bool,
        progress: Progress,
    ) -> RecallMailing:
        """Print for those of `patient_ids` with an address, naming on each card what the
        recall `rows` say they are due for, then log the attempts and audit the print; with
        nobody to print for, nothing is written."""
        from practicedesk.documents.mailing_labels import render_labels
        from practicedesk.documents.recall_postcards import Postcard, render_postcards

        due: dict[uuid.UUID, list[RecallRow]] = defaultdict(list)
        for row in rows:
            due[row.patient_id].append(row)
        recipients = read_recipients(session, patient_ids, due, practice_today(session))
        mailed = [r for r in recipients if r.address]
        missing = tuple(r.name for r in recipients if not r.address)
        if not mailed:
            return RecallMailing(None, None, (), missing)
        stop_if_cancelled(progress)
        progress.report(0, len(mailed), "Printing")
        letterhead = read_letterhead(session, self._ctx.actor)
        cards = [Postcard(r.greeting, r.address, r.visits, r.due_month) for r in mailed]
        pdf = render_postcards(letterhead, cards) if postcards else None
        sheet = render_labels([r.address for r in mailed]) if labels else None
        for done, recipient in enumerate(mailed):
            if done % 10 == 0:
                stop_if_cancelled(progress)  # one transaction: nothing is logged until the end
                progress.report(done, len(mailed), "Noting each postcard in the patient's chart")
            log_contact(session, self._ctx, recipient.patient_id, RECALL_TOPIC, POSTCARD_SENT,
                        recipient.visits, kind="letter")  # fmt: skip
        asked = (("postcards", postcards), ("labels", labels))
        what = " and ".join(word for word, wanted in asked if wanted)
        audit.record(
            session, self._ctx.actor, audit.Action.RECALL_PRINTED,
            f"recall {what} for {len(mailed)} patients"
            + (f"; {len(missing)} left out without an address" if missing else ""),
        )  # fmt: skip
        return RecallMailing(pdf, sheet, tuple(r.patient_id for r in mailed), missing)


def _day(value: date | None) -> str:
    return f"{value:%m/%d/%Y}" if value else ""


def _attempts(row: RecallRow) -> str:
    if not row.attempts:
        return ""
    return f"{row.attempts} · {row.last_outcome} {_day(row.last_attempt)}".strip()


def _chosen(session: Session, where: RecallFilter) -> str:
    """Which part of the list a printout or file holds, in words for its heading and the
    audit log: "Overdue, Due · Hygiene · due by 03/31/2026"."""
    order = [RecallState.OVERDUE, RecallState.DUE, RecallState.DUE_SOON, RecallState.NOT_DUE]
    parts = [", ".join(STATE_WORDS[s] for s in order if s in where.states)]
    if where.recall_type_id is not None:
        kinds = {k.id: k.name for k in read_recall_types(session, include_inactive=True)}
        parts.append(kinds.get(where.recall_type_id, "a recall no longer kept"))
    if where.provider_id is not None:
        names = {p.id: p.name for p in read_providers(session, include_inactive=True)}
        parts.append(f"last seen by {names.get(where.provider_id, 'a former provider')}")
    if where.due_by is not None:
        parts.append(f"due by {_day(where.due_by)}")
    if where.not_contacted_days is not None:
        parts.append(f"not tried in {where.not_contacted_days} days")
    return " · ".join(p for p in parts if p)
