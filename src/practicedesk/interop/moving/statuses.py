"""What a visit's status in the old system is in PracticeDesk's book.

Exports write statuses as words ("Complete", "Broken", "No Show", "Cancelled") or as the
old system's numbers; words are read here, numbers through the mapping (Open Dental's are in
its preset). Some rows are not visits at all: an entry on the old system's unscheduled list,
a planned visit not yet given a time, a note kept in the book. They are left out, not
rejected. Open Dental's "Broken" is a visit the patient did not keep, which PracticeDesk
calls a no-show.
"""

from __future__ import annotations

from collections.abc import Mapping

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.interop.csv_values import BadValue

NOT_A_VISIT = "not a visit"
CHOICES = (*(status.value for status in VisitStatus), NOT_A_VISIT)

_WORDS: dict[str, VisitStatus | str] = {}
for _status, _words in (
    (VisitStatus.SCHEDULED, ("scheduled", "booked", "sched", "pending", "unconfirmed", "asap",
                             "open", "notconfirmed", "notcalled", "leftmessage")),
    (VisitStatus.CONFIRMED, ("confirmed", "conf")),
    (VisitStatus.ARRIVED, ("arrived", "checkedin", "here", "inoffice", "waiting")),
    (VisitStatus.SEATED, ("seated", "inchair", "intreatment")),
    (VisitStatus.COMPLETED, ("complete", "completed", "done", "checkedout", "seen", "kept",
                             "attended", "finished", "fulfilled", "dismissed")),
    (VisitStatus.NO_SHOW, ("noshow", "missed", "failed", "dna", "didnotattend", "didnotshow",
                           "broken", "fta", "failedtoarrive")),
    (VisitStatus.CANCELLED, ("cancelled", "canceled", "cancel", "cxl", "deleted")),
    (NOT_A_VISIT, ("unschedlist", "unscheduled", "planned", "ptnote", "ptnotecompleted",
                   "note", "waitlist", "none")),
):  # fmt: skip
    for _word in _words:
        _WORDS[_word] = _status


def status_of(typed: str, given: Mapping[str, str]) -> VisitStatus | None:
    """The visit's status, or None for a row that is no visit. `given` maps the old
    system's values (its numbers, or its own words) to one of `CHOICES`; empty is
    scheduled."""
    text = typed.strip()
    chosen = given.get(text)
    if chosen is None:
        chosen = next((v for k, v in given.items() if k.casefold() == text.casefold()), None)
    if chosen is not None:
        if chosen not in CHOICES:
            raise BadValue(
                f"The mapping sends the status {text} to {chosen!r}, which is not one of: "
                f"{', '.join(CHOICES)}."
            )
        return None if chosen == NOT_A_VISIT else VisitStatus(chosen)
    if not text:
        return VisitStatus.SCHEDULED
    found = _WORDS.get("".join(ch for ch in text.casefold() if ch.isalpha()))
    if found is None:
        raise BadValue(
            f"The status {text} is not one PracticeDesk knows; match it to one of its own "
            "under Statuses in the mapping."
        )
    return None if found == NOT_A_VISIT else VisitStatus(found)
