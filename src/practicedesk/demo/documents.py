"""The demo charts' history and paperwork: what happened around each patient, and the files.

Insurance checks, calls, texts, e-mails and letters (reminders for the coming week, calls about
cancellations and missed visits), tasks (some done, some overdue), pre-authorizations for the
booked surgeries, referrals with a made-up directory of offices, and scans of cards. The
files themselves are drawn in demo/files.py.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from practicedesk.demo.files import ACCENTS, Card, Letter, card_png, letter_pdf
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.schedule.records import RecordedVisit
from practicedesk.store.models import (
    Authorization,
    Communication,
    Document,
    Referral,
    ReferralContact,
    Task,
    Verification,
)

Row = dict[str, Any]


class ChartRows(Protocol):
    """What the paperwork needs of the charts being made (demo/chart.py's `ChartRows`):
    declared here, so the charts depend on their paperwork and not the other way round."""

    rng: random.Random
    people: Sequence[Any]  # demo/chart.py DemoPerson, in plan order
    index: dict[uuid.UUID, int]
    ages: list[int]
    today: date
    practice: Any  # the practice's details
    signer: str
    users: dict[str, uuid.UUID]
    types: dict[uuid.UUID | None, tuple[str, bool]]
    upcoming: dict[int, date]
    status: dict[int, tuple[str, str, date]]
    policies: dict[int, list[Row]]
    carriers: dict[uuid.UUID, tuple[int, Any]]
    alerts: dict[int, list[str]]

    def add(self, model: type[Any], i: int | None, **values: Any) -> Row: ...
    def at(self, day: date) -> datetime: ...
    def day_of(self, moment: datetime) -> date: ...
    def carrier_of(self, policy: Row) -> Any: ...


_HELD = (VisitStatus.SCHEDULED, VisitStatus.CONFIRMED)
_PROBLEMS = (
    ("inactive", "Coverage ended; ask for the new card."),
    ("needs information", "The payer needs the subscriber's employer; left a message."),
)
_REFERENCES = {"portal": "WEB-", "phone": "Call ", "electronic": "271-", "fax": "Fax "}
_BENEFIT_NOTES = (
    "Preventive 100%, basic 80%, major 50%; two cleanings a calendar year.",
    "Bitewings once a year; full-mouth x-rays every five years.",
    "Waiting period for major services met.",
    "Missing-tooth clause applies to #30.",
    "Perio maintenance four times a year, shares the cleaning limit.",
    "",
)
_PROCEDURES = {
    "Extraction": ("Surgical extraction #17 (D7210)", "Extraction of impacted #32 (D7240)",
                   "Extraction #3 (D7140)"),
    "Implant surgery": ("Implant body #30 (D6010)", "Implant #19 with bone graft (D6010, D7953)",
                        "Implant #8 (D6010)"),
}  # fmt: skip
_AUTH_NOTES = {
    "draft": "Waiting for the panoramic x-ray to attach.",
    "submitted": "Sent through the payer's portal with x-rays and perio charting.",
    "approved": "Approved at 50% after the deductible; estimate given to the patient.",
    "denied": "Denied under the missing-tooth clause; patient chose to pay directly.",
    "expired": "Visit cancelled before the approval was used.",
}
_HISTORY = (  # (weight, kind, direction, summary)
    (8, "call", "out", "Left voicemail about the overdue six-month cleaning"),
    (5, "call", "out", "Went over the estimate for the crown; patient will think about it"),
    (4, "call", "out", "Called the insurer with the patient; explained the remaining benefits"),
    (6, "call", "in", "Asked to reschedule; moved to the following week"),
    (4, "call", "in", "Asked about the balance on the last statement; explained the EOB"),
    (3, "call", "in", "Toothache lower left since the weekend; booked the first emergency slot"),
    (5, "email", "out", "Sent the link to the new-patient forms"),
    (3, "email", "out", "Emailed the treatment plan and estimate"),
    (2, "email", "in", "Sent a photo of the new insurance card"),
    (2, "email", "in", "Asked for copies of x-rays for a new employer's dentist"),
    (8, "text", "out", "Recall reminder: six-month cleaning is due"),
    (3, "text", "in", "Asked to move the appointment to an afternoon"),
    (4, "letter", "out", "Mailed a recall letter"),
    (2, "letter", "out", "Mailed the statement with the insurance explanation"),
)
_REMINDERS = (
    ("call", "out", "Left voicemail to confirm the {visit}"),
    ("text", "out", "Reminder sent for the {visit}"),
    ("text", "in", "Replied C to confirm the {visit}"),
    ("email", "out", "Emailed directions and parking for the {visit}"),
)
_TASKS = (
    "Collect the new insurance card at the next visit",
    "Call about the unscheduled crown on #3",
    "Scan the signed consent form",
    "Update the health history at the next visit",
    "Mail a copy of the records (patient's request)",
    "Request records and x-rays from the previous dentist",
)
_OFFICE_TASKS = (
    "Order nitrile gloves, size M",
    "Renew the x-ray machine registration",
    "Load the new fee schedule for Summit Dental Mutual",
    "Quarterly fire extinguisher check",
)
_DIRECTORY = (  # (organization, specialty, which way its referrals go)
    ("Maple Grove Dental Care", "General dentistry", "incoming"),
    ("Northshore Smiles", "General dentistry", "incoming"),
    ("Cedar Hills Family Medicine", "Family medicine", "incoming"),
    ("Little Sprouts Pediatrics", "Pediatrics", "incoming"),
    ("Riverside Heart Associates", "Cardiology", "incoming"),
    ("Riverbend Oral Surgery", "Oral and maxillofacial surgery", "outgoing"),
    ("Stonebridge Oral & Facial Surgery", "Oral and maxillofacial surgery", "outgoing"),
    ("Alder Street Endodontics", "Endodontics", "outgoing"),
    ("Westgate Periodontics & Implants", "Periodontics", "outgoing"),
    ("Bright Path Orthodontics", "Orthodontics", "outgoing"),
)
_REASONS = (  # (offices in _DIRECTORY, reason, youngest, oldest)
    ((0, 1), "Implant consultation for the missing #30", 25, 99),
    ((0, 1), "Second opinion on crown #14", 18, 99),
    ((0, 1), "Moved across town; continuing care and recall", 3, 99),
    ((2,), "Jaw pain and clicking; please evaluate for TMD", 16, 70),
    ((2,), "Dental clearance before knee replacement", 50, 99),
    ((3,), "First dental visit; early cavities suspected", 2, 8),
    ((4,), "Dental clearance before heart valve surgery", 45, 99),
    ((5, 6), "Impacted wisdom teeth #1, #16, #17, #32; extraction under IV sedation", 16, 30),
    ((5, 6), "Bone graft before implant #19", 30, 99),
    ((5, 6), "Biopsy of a white patch on the left side of the tongue", 30, 99),
    ((7,), "Retreatment of the root canal on #19", 25, 99),
    ((7,), "Cracked tooth #3; evaluate for a root canal", 20, 99),
    ((8,), "Moderate periodontitis; evaluate for surgery", 35, 99),
    ((8,), "Gum graft for recession on #24 and #25", 20, 99),
    ((9,), "Crowding and crossbite; orthodontic evaluation", 8, 16),
)
_OFFICE_STREETS = ("Broadway", "Fremont St", "Division St", "Macadam Ave", "Sandy Blvd")
_NOT_REAL = "This letter belongs to a demonstration practice and describes no real person."


def add_verifications(charts: ChartRows, i: int, policy: Row) -> None:
    """Most policies with a visit in the next 30 days were checked lately, the rest long
    ago or never: those charts say "verification due". Each check says what was left of the
    annual maximum and of the deductible on its day, which the check-out estimate uses."""
    rng, upcoming = charts.rng, charts.upcoming.get(i)
    if i in charts.status:  # nobody checks the plan of a patient who has left
        return
    roll, ahead = rng.random(), (upcoming - charts.today).days if upcoming else 999
    if ahead <= 30 and roll < 0.6:
        age = rng.randint(0, 30 - ahead)
    elif roll < 0.9:
        age = rng.randint(35, 330)
    else:
        return
    checks = [age]
    for _ in range(rng.choice((0, 0, 1, 2))):
        checks.append(checks[-1] + rng.randint(90, 200))
    maximum, deductible = policy["annual_max_cents"], policy["deductible_cents"]
    for days in checks:
        day = charts.today - timedelta(days=days)
        year_gone = day.timetuple().tm_yday / 366
        used = round(rng.uniform(0, year_gone) * (maximum or 0), -3)
        # Most patients meet the deductible at their first visits of the year.
        met = not deductible or rng.random() < min(1.0, 1.5 * year_gone)
        method = rng.choices(("portal", "phone", "electronic", "fax"), (45, 30, 20, 5))[0]
        result = "active"
        note = rng.choice(_BENEFIT_NOTES)
        if method == "phone":
            note = f"Spoke with {rng.choice(('Tanya', 'Marcus', 'Dee', 'Luis'))}. {note}"
        if days == age and rng.random() < 0.08:
            result, note = rng.choice(_PROBLEMS)
        reference = f"{_REFERENCES[method]}{rng.randrange(10**7, 10**8)}"
        charts.add(
            Verification, None, policy_id=policy["id"], method=method, result=result,
            verified_at=charts.at(day), reference=reference,
            username=rng.choice(("frontdesk", "frontdesk", "owner")), notes=note.strip(),
            remaining_cents=maximum - used if maximum else None,  # spent as the year goes
            deductible_left_cents=0 if met else deductible,
        )  # fmt: skip


def add_visit_history(charts: ChartRows, visits: Sequence[RecordedVisit]) -> None:
    """Pre-authorizations for surgeries, reminders for the coming week, calls about
    cancellations and missed visits."""
    rng, soon = charts.rng, charts.today + timedelta(days=8)
    for item in visits:
        i, day = charts.index[item.visit.patient_id], charts.day_of(item.visit.starts_at)
        name, surgical = charts.types[item.visit.type_id]
        if surgical and charts.policies[i]:
            _authorization(charts, i, item, name, day)
        visit = f"{name.lower()} on {day:%a %m/%d}"
        if item.status in _HELD and day <= soon and rng.random() < 0.5:
            kind, direction, text = rng.choice(_REMINDERS)
            sent = charts.at(charts.today - timedelta(days=rng.randint(1, 3)))
            _log(charts, i, sent, (kind, direction, text.format(visit=visit)))
        elif item.status is VisitStatus.CANCELLED and item.cancelled_at and rng.random() < 0.4:
            text = f"Cancelled the {visit}: {item.cancel_reason}"
            _log(charts, i, item.cancelled_at, ("call", "in", text))
        elif item.status is VisitStatus.NO_SHOW and item.no_show_at and rng.random() < 0.6:
            text = f"Missed the {visit}; left voicemail to rebook"
            _log(charts, i, item.no_show_at + timedelta(minutes=20), ("call", "out", text))


def _authorization(charts: ChartRows, i: int, item: RecordedVisit, name: str, day: date) -> None:
    """Surgeries booked ahead get one in a status that fits how near they are."""
    rng, ahead = charts.rng, (day - charts.today).days
    if item.status in _HELD and ahead >= 0:
        if "Implant" not in name and rng.random() < 0.6:  # most extractions need none
            return
        odds = ((70, 20, 0, 10), (35, 50, 15, 0), (0, 40, 60, 0))[(ahead > 14) + (ahead > 45)]
        status = rng.choices(("approved", "submitted", "draft", "denied"), odds)[0]
    elif item.status is VisitStatus.COMPLETED and ahead > -120 and rng.random() < 0.25:
        status = "approved"
    elif item.status is VisitStatus.CANCELLED and ahead > -120 and rng.random() < 0.3:
        status = "expired"
    else:
        return
    policy = charts.policies[i][0]
    payer = charts.carrier_of(policy).name
    sent = min(day - timedelta(days=rng.randint(14, 50)), charts.today)
    decided = min(sent + timedelta(days=rng.randint(5, 12)), day, charts.today)
    answered, valid = status in ("approved", "denied", "expired"), status != "denied"
    charts.add(
        Authorization, i, policy_id=policy["id"], payer=payer, status=status,
        procedure=rng.choice(_PROCEDURES.get(name, (name,))),
        submitted_on=None if status == "draft" else sent,
        number=f"PA{rng.randrange(10**7, 10**8)}" if answered else "",
        valid_from=decided if answered and valid else None,
        valid_to=decided + timedelta(days=180) if answered and valid else None,
        notes=f"For the visit on {day:%m/%d/%Y}. {_AUTH_NOTES[status]}",
    )  # fmt: skip
    if status == "submitted" and ahead <= 30:
        due = day - timedelta(days=5)
        _task(charts, i, f"Call {payer} about the pending pre-authorization", due)


def add_history(charts: ChartRows, i: int) -> None:
    """Everyday calls, texts, e-mails and letters over the past year; some need a follow-up."""
    rng, status = charts.rng, charts.status.get(i)
    if status and status[0] == "deceased":
        text = "Family called: the patient has died; recalls stopped"
        _log(charts, i, charts.at(status[2]), ("call", "in", text))
        return
    for _ in range(rng.choices((0, 1, 2, 3, 4), (50, 22, 14, 9, 5))[0]):
        _, kind, direction, summary = rng.choices(_HISTORY, [h[0] for h in _HISTORY])[0]
        day = charts.today - timedelta(days=rng.randint(1, 365))
        follow = kind == "call" and direction == "out" and rng.random() < 0.15
        due = day + timedelta(days=rng.randint(3, 14)) if follow else None
        logged = _log(charts, i, charts.at(day), (kind, direction, summary), due)
        if due is not None:
            _task(charts, i, f"Follow up: {summary}", due, logged["id"])
    if status is None and rng.random() < 0.06:
        due = charts.today + timedelta(days=rng.randint(-25, 30)) if rng.random() < 0.85 else None
        _task(charts, i, rng.choice(_TASKS), due)


def add_office_tasks(charts: ChartRows) -> None:
    """The office's own tasks: the first overdue and the second done, whatever the day the
    demo is made (left to chance, a small demo made on some days had no overdue task)."""
    rng, today = charts.rng, charts.today
    gloves, registration, *others = _OFFICE_TASKS
    _task(charts, None, gloves, today - timedelta(days=rng.randint(2, 6)), done=False)
    _task(charts, None, registration, today - timedelta(days=rng.randint(3, 9)), done=True)
    for title in others:
        _task(charts, None, title, today + timedelta(days=rng.randint(-10, 20)))


def _log(
    charts: ChartRows, i: int, at: datetime, entry: tuple[str, str, str], due: date | None = None
) -> Row:
    who = charts.rng.choices(("frontdesk", "owner", "hygiene"), (8, 1, 1))[0]
    kind, direction, summary = entry
    return charts.add(
        Communication, i, at=at, kind=kind, direction=direction, summary=summary, username=who,
        follow_up_on=due,
    )  # fmt: skip


def _task(
    charts: ChartRows,
    i: int | None,
    title: str,
    due: date | None,
    logged: uuid.UUID | None = None,
    *,
    done: bool | None = None,
) -> None:
    """Most tasks past their due date are done; the rest show as overdue (`done` decides)."""
    rng, today = charts.rng, charts.today
    who = rng.choices(("frontdesk", "owner", "hygiene"), (6, 2, 2))[0]
    chance = rng.random() < (0.75 if due is not None and due < today else 0.1)
    done = chance if done is None else done
    finished = min(min(due or today, today) + timedelta(days=rng.randint(0, 3)), today)
    charts.add(
        Task, i, title=title, due_on=due, assignee_id=charts.users[who], notes="",
        created_by=rng.choice(("frontdesk", "owner")), communication_id=logged,
        done_at=charts.at(finished) if done else None, done_by=who if done else "",
    )  # fmt: skip


def add_referrals(charts: ChartRows) -> None:
    """The directory of offices, and about one patient in twelve referred in or out."""
    rng, people = charts.rng, charts.people
    contacts = []
    for number, (organization, specialty, _) in enumerate(_DIRECTORY):
        street = f"{rng.randint(100, 9999)} {rng.choice(_OFFICE_STREETS)}"
        contact = {
            "name": f"Dr. {rng.choice(people).new.first_name} {rng.choice(people).new.last_name}",
            "organization": organization, "specialty": specialty,
            "phone": f"(503) 555-01{10 + 2 * number}", "fax": f"(503) 555-01{11 + 2 * number}",
            "email": f"referrals@{'-'.join(organization.lower().split()[:2])}.example",
            "address": f"{street}, Portland, OR 972{rng.randint(10, 39)}",
        }  # fmt: skip
        contacts.append(charts.add(ReferralContact, None, **contact))
    lettered = False
    for i, age in enumerate(charts.ages):
        roll = rng.random()
        if roll >= 0.08 or charts.status.get(i, ("",))[0] == "deceased":
            continue
        direction = "incoming" if roll < 0.04 else "outgoing"
        fitting = [
            r for r in _REASONS if _DIRECTORY[r[0][0]][2] == direction and r[2] <= age <= r[3]
        ]
        if not fitting:
            continue
        offices, reason, _, _ = rng.choice(fitting)
        contact = contacts[rng.choice(offices)]
        dates = _referral_dates(charts, direction, charts.upcoming.get(i))
        charts.add(
            Referral, i, direction=direction, contact_id=contact["id"], reason=reason, **dates
        )
        if rng.random() < 0.5 or not lettered:  # half, and the first: a demo shows one
            lettered = True
            dated = dates["sent_on"] or dates["requested_on"]
            letter = letter_pdf(_referral_letter(charts, i, contact, direction, reason, dated))
            title = (
                f"Referral from {contact['name']}"
                if direction == "incoming"
                else f"Referral to {contact['organization']}"
            )
            name = f"referral-{dated:%Y-%m-%d}.pdf"
            charts.add(Document, i, **_document("referral letter", title, name, letter))


def _referral_dates(charts: ChartRows, direction: str, upcoming: date | None) -> Row:
    """Dates that follow one another and never run past today, except a booked visit's."""
    rng, today = charts.rng, charts.today
    day = today - timedelta(days=rng.randint(1, 45) if rng.random() < 0.4 else rng.randint(46, 300))
    dates: Row = dict.fromkeys(("sent_on", "received_on", "scheduled_on", "completed_on"))
    dates.update(requested_on=day, notes="")
    if direction == "incoming":
        dates.update(sent_on=day, received_on=min(day + timedelta(days=rng.randint(1, 5)), today))
        if upcoming is not None and (today - day).days < 60:
            dates.update(status="scheduled", scheduled_on=upcoming)
        elif (today - day).days > 30:
            seen = day + timedelta(days=rng.randint(7, 28))
            dates.update(status="completed", scheduled_on=seen, completed_on=seen)
        else:
            dates["status"] = "received"
        return dates
    sent = min(day + timedelta(days=rng.randint(0, 3)), today)
    booked = sent + timedelta(days=rng.randint(7, 40))
    report = booked + timedelta(days=rng.randint(2, 10))
    if (today - day).days <= 3 and rng.random() < 0.5:
        dates["status"] = "requested"
    elif booked > today:
        scheduled = rng.random() < 0.6
        dates.update(sent_on=sent, scheduled_on=booked if scheduled else None)
        dates["status"] = "scheduled" if scheduled else "sent"
    else:
        dates.update(status="completed", sent_on=sent, scheduled_on=booked, completed_on=booked)
        if report <= today:
            dates.update(received_on=report, notes="Report received; see the letter.")
    return dates


def _referral_letter(
    charts: ChartRows, i: int, contact: Row, direction: str, reason: str, dated: date
) -> Letter:
    new, practice = charts.people[i].new, charts.practice
    name = f"{new.first_name} {new.last_name}"
    about = f"{name}, born {new.date_of_birth:%m/%d/%Y}"
    town = f"{practice.city}, {practice.region} {practice.postal_code}"
    if direction == "incoming":
        return Letter(
            contact["organization"],
            (contact["address"], f"Phone {contact['phone']}   Fax {contact['fax']}"),
            dated,
            (practice.name, practice.street, town),
            about,
            (
                f"I am referring {name} to your office: {reason}.",
                "Relevant history and recent findings are enclosed. Please send us your "
                "findings and plan, and call with any questions.",
                _NOT_REAL,
            ),
            contact["name"],
        )
    alerts = ", ".join(charts.alerts.get(i, [])) or "none on file"
    return Letter(
        practice.name,
        (f"{practice.street}, {town}", f"Phone {practice.phone}"),
        dated,
        (contact["name"], contact["organization"], contact["address"]),
        about,
        (
            f"We are referring our patient {name} to you: {reason}.",
            f"Medical alerts: {alerts}. Recent radiographs are enclosed.",
            "Please send your report once you have seen the patient. Thank you.",
            _NOT_REAL,
        ),
        charts.signer,
    )


def add_documents(charts: ChartRows, i: int) -> None:
    """Scans of the insurance card (front and back) and, for adults, of a photo ID."""
    new = charts.people[i].new
    name = f"{new.first_name} {new.last_name}"
    cards = []
    if charts.policies[i]:
        policy = min(charts.policies[i], key=lambda p: p["rank"])
        number, carrier = charts.carriers[policy["carrier_id"]]
        accent = ACCENTS[number % len(ACCENTS)]
        dependant = policy["subscriber_relationship"] != "self"
        front = (
            f"Member: {name}",
            f"ID: {policy['member_id']}",
            f"Group: {policy['group_number']}",
            f"Plan: {policy['plan']}",
            f"Subscriber: {policy['subscriber_name']}"
            if dependant
            else f"Since {policy['effective_on']:%m/%d/%Y}",
        )
        back = (
            f"Claims: PO Box {4100 + 37 * number}",
            "Salem OR 97309",
            f"Providers: {carrier.phone}",
            f"Payer ID: {carrier.payer_id}",
            f"Member: {name}",
        )
        cards.append(("insurance card (front)", Card(carrier.name, front, accent)))
        cards.append(("insurance card (back)", Card(carrier.name, back, accent)))
    if charts.ages[i] >= 18 and (not cards or charts.rng.random() < 0.4):
        born, town = f"Born {new.date_of_birth:%m/%d/%Y}", f"{new.city} {new.region}"
        lines = (name, born, new.street, f"{town} {new.postal_code}")
        cards.append(("photo ID", Card("Identification card", lines, (84, 96, 108), photo=True)))
    for category, card in cards:
        file_name = category.replace(" (", "-").replace(")", "").replace(" ", "-") + ".png"
        title = category.capitalize()
        charts.add(Document, i, **_document(category, title, file_name, card_png(card)))


def _document(category: str, title: str, file_name: str, content: bytes) -> Row:
    media_type = "application/pdf" if content.startswith(b"%PDF-") else "image/png"
    return {
        "category": category, "title": title, "file_name": file_name, "media_type": media_type,
        "size": len(content), "sha256": hashlib.sha256(content).hexdigest(), "content": content,
        "added_by": "frontdesk",
    }  # fmt: skip
