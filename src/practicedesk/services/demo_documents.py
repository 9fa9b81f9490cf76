"""The demo charts' history and paperwork: what happened around each patient, and the files.

Insurance checks, calls, texts, e-mails and letters (reminders for the coming week, calls about
cancellations and missed visits), tasks (some done, some overdue), pre-authorizations for the
booked surgeries, referrals with a made-up directory of offices, and scans. Every file says
"SAMPLE — DEMO", so nobody takes one for a real scan. Cards are palette PNGs drawn with the 5×7
pixel font below (Pillow is not one of the program's dependencies; copying whole rows of glyphs
keeps a card near a millisecond); letters use reportlab's standard fonts, which need no
embedding, in invariant mode, so the same seed gives byte-for-byte the same documents.
"""

from __future__ import annotations

import hashlib
import struct
import unicodedata
import uuid
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from io import BytesIO
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.schedule_records import RecordedVisit
from practicedesk.store.models import (
    Authorization,
    Communication,
    Document,
    Referral,
    ReferralContact,
    Task,
    Verification,
)

if TYPE_CHECKING:
    from practicedesk.services.demo_chart import ChartRows

Row = dict[str, Any]
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
_ACCENTS = ((31, 84, 150), (0, 121, 107), (46, 125, 50), (94, 53, 177), (191, 54, 12),
            (69, 90, 100), (173, 20, 87), (21, 101, 192))  # fmt: skip
_SAMPLE = "SAMPLE — DEMO"
_WIDTH, _HEIGHT = 360, 228  # an ID card's proportions
_WHITE, _INK, _ACCENT, _GREY, _RED = range(5)
# Each glyph is seven rows of five pixels, two hex digits a row, the top row first.
_GLYPHS = {
    "A": "0E1111111F1111", "B": "1E11111E11111E", "C": "0E11101010110E", "D": "1C12111111121C",
    "E": "1F10101E10101F", "F": "1F10101E101010", "G": "0E11101711110F", "H": "1111111F111111",
    "I": "0E04040404040E", "J": "0702020202120C", "K": "11121418141211", "L": "1010101010101F",
    "M": "111B1515111111", "N": "11111915131111", "O": "0E11111111110E", "P": "1E11111E101010",
    "Q": "0E11111115120D", "R": "1E11111E141211", "S": "0F10100E01011E", "T": "1F040404040404",
    "U": "1111111111110E", "V": "11111111110A04", "W": "1111111515150A", "X": "11110A040A1111",
    "Y": "1111110A040404", "Z": "1F01020408101F", "0": "0E11131519110E", "1": "040C040404040E",
    "2": "0E11010204081F", "3": "1F02040201110E", "4": "02060A121F0202", "5": "1F101E0101110E",
    "6": "0608101E11110E", "7": "1F010204080808", "8": "0E11110E11110E", "9": "0E11110F01020C",
    " ": "00000000000000", "-": "0000001F000000", ".": "00000000000C0C", ",": "000000000C0408",
    "'": "0C040800000000", "/": "00010204081000", "#": "0A0A1F0A1F0A0A", ":": "000C0C000C0C00",
    "&": "0C12140815120D", "(": "02040808080402", ")": "08040202020408",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Card:
    """A plain card: a coloured band with a heading, up to five lines, the SAMPLE mark."""

    heading: str
    lines: tuple[str, ...]
    accent: tuple[int, int, int]
    photo: bool = False  # leaves a grey box where an ID's photo would be


@dataclass(frozen=True, slots=True)
class _Letter:
    sender: str  # the letterhead: an office's name
    sender_lines: tuple[str, ...]
    dated: date
    to_lines: tuple[str, ...]
    regarding: str
    paragraphs: tuple[str, ...]
    signed: str


def add_verifications(charts: ChartRows, i: int, policy: Row) -> None:
    """Most policies with a visit in the next 30 days were checked lately, the rest long
    ago or never: those charts say "verification due"."""
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
    maximum = policy["annual_max_cents"]
    for days in checks:
        day = charts.today - timedelta(days=days)
        used = round(rng.uniform(0, day.timetuple().tm_yday / 366) * (maximum or 0), -3)
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
    for title in _OFFICE_TASKS:
        _task(charts, None, title, charts.today + timedelta(days=charts.rng.randint(-10, 20)))


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
    charts: ChartRows, i: int | None, title: str, due: date | None, logged: uuid.UUID | None = None
) -> None:
    """Most tasks past their due date are done; the rest show as overdue."""
    rng, today = charts.rng, charts.today
    who = rng.choices(("frontdesk", "owner", "hygiene"), (6, 2, 2))[0]
    done = rng.random() < (0.75 if due is not None and due < today else 0.1)
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
            letter = _letter_pdf(_referral_letter(charts, i, contact, direction, reason, dated))
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
) -> _Letter:
    new, practice = charts.people[i].new, charts.practice
    name = f"{new.first_name} {new.last_name}"
    about = f"{name}, born {new.date_of_birth:%m/%d/%Y}"
    town = f"{practice.city}, {practice.region} {practice.postal_code}"
    if direction == "incoming":
        return _Letter(
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
    return _Letter(
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
        accent = _ACCENTS[number % len(_ACCENTS)]
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
        cards.append(("insurance card (front)", _Card(carrier.name, front, accent)))
        cards.append(("insurance card (back)", _Card(carrier.name, back, accent)))
    if charts.ages[i] >= 18 and (not cards or charts.rng.random() < 0.4):
        born, town = f"Born {new.date_of_birth:%m/%d/%Y}", f"{new.city} {new.region}"
        lines = (name, born, new.street, f"{town} {new.postal_code}")
        cards.append(("photo ID", _Card("Identification card", lines, (84, 96, 108), photo=True)))
    for category, card in cards:
        file_name = category.replace(" (", "-").replace(")", "").replace(" ", "-") + ".png"
        title = category.capitalize()
        charts.add(Document, i, **_document(category, title, file_name, _card_png(card)))


def _document(category: str, title: str, file_name: str, content: bytes) -> Row:
    media_type = "application/pdf" if content.startswith(b"%PDF-") else "image/png"
    return {
        "category": category, "title": title, "file_name": file_name, "media_type": media_type,
        "size": len(content), "sha256": hashlib.sha256(content).hexdigest(), "content": content,
        "added_by": "frontdesk",
    }  # fmt: skip


def _card_png(card: _Card) -> bytes:
    rows = [bytearray(_WIDTH) for _ in range(_HEIGHT)]
    _fill(rows, 0, 0, _WIDTH, 40, _ACCENT)
    _text(rows, 14, 13, card.heading, 2, _WHITE, _ACCENT)
    left = 14
    if card.photo:
        _fill(rows, 14, 52, 84, 104, _GREY)
        _text(rows, 27, 100, "PHOTO", 2, _WHITE, _GREY)
        left = 110
    for number, line in enumerate(card.lines[:5]):
        _text(rows, left, 54 + 22 * number, line, 2, _INK, _WHITE)
    mark_width = 18 * len(_SAMPLE) - 3
    _text(rows, (_WIDTH - mark_width) // 2, 186, _SAMPLE, 3, _RED, _WHITE)
    for edge in (0, _HEIGHT - 2):
        _fill(rows, 0, edge, _WIDTH, 2, _GREY)
    for edge in (0, _WIDTH - 2):
        _fill(rows, edge, 0, 2, _HEIGHT, _GREY)
    palette = ((255, 255, 255), (33, 37, 41), card.accent, (196, 202, 208), (178, 34, 52))
    return _png(rows, palette)


def _letter_pdf(letter: _Letter) -> bytes:
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1)
    canvas.setTitle(letter.regarding)
    width, height = LETTER
    left, right, y = inch, width - inch, height - inch
    canvas.setFont("Helvetica-Bold", 15)
    canvas.drawString(left, y, letter.sender)
    canvas.setFont("Helvetica", 9)
    for line in letter.sender_lines:
        y -= 12
        canvas.drawString(left, y, line)
    canvas.line(left, y - 8, right, y - 8)
    canvas.setFont("Helvetica", 11)
    y -= 40
    canvas.drawString(left, y, f"{letter.dated:%B} {letter.dated.day}, {letter.dated.year}")
    y -= 28
    for line in letter.to_lines:
        canvas.drawString(left, y, line)
        y -= 14
    y -= 14
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawString(left, y, f"Re: {letter.regarding}")
    canvas.setFont("Helvetica", 11)
    for paragraph in letter.paragraphs:
        y -= 10
        for line in simpleSplit(paragraph, "Helvetica", 11, right - left):
            y -= 15
            canvas.drawString(left, y, line)
    y -= 40
    canvas.drawString(left, y, "Sincerely,")
    canvas.drawString(left, y - 36, letter.signed)
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.7, 0.13, 0.2, alpha=0.25))
    canvas.setFont("Helvetica-Bold", 64)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, 0, _SAMPLE)
    canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _fill(rows: list[bytearray], x: int, y: int, width: int, height: int, colour: int) -> None:
    run = bytes([colour]) * width
    for row in rows[y : y + height]:
        row[x : x + width] = run


def _text(
    rows: list[bytearray], x: int, y: int, text: str, scale: int, colour: int, ground: int
) -> None:
    """Draw `text` in capitals; what does not fit on the card is cut off at its edge."""
    glyphs = [_GLYPHS.get(char, _GLYPHS[" "]) for char in _plain(text)]
    room = _WIDTH - 2 - x
    for glyph_row in range(7):
        line = b"".join(
            _pixels(int(glyph[2 * glyph_row : 2 * glyph_row + 2], 16), scale, colour, ground)
            for glyph in glyphs
        )[:room]
        top = y + glyph_row * scale
        for row in rows[top : top + scale]:
            row[x : x + len(line)] = line


@cache
def _pixels(bits: int, scale: int, colour: int, ground: int) -> bytes:
    """One row of one glyph at `scale`, with the gap to the next glyph."""
    on, off = bytes([colour]) * scale, bytes([ground]) * scale
    return b"".join(on if bits >> (4 - column) & 1 else off for column in range(5)) + off


def _plain(text: str) -> str:
    text = text.replace("—", "-").replace("–", "-")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()


def _png(rows: Sequence[bytearray], palette: Sequence[tuple[int, int, int]]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", _WIDTH, _HEIGHT, 8, 3, 0, 0, 0)  # 8-bit palette colour
    pixels = zlib.compress(b"".join(b"\0" + bytes(row) for row in rows), 6)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"PLTE", bytes(value for rgb in palette for value in rgb))
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )
