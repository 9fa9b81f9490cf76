"""The chart summary: one patient's record on paper, for a records request or a referral.

Medical alerts come first, in red, so nobody can miss them; then demographics and phones,
insurance with its last verification, visits, referrals and pre-authorizations, the list of
documents (never their content), the communication log and open tasks. Long text wraps and
long lists run on over as many pages as they need: a table row may split across pages, so
even a very long note is never cut off. Every page carries the letterhead, the patient's
name and date of birth, and "page N of M".

Plain values in (formatted by the service, as for the day sheet), PDF bytes out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from practicedesk.documents.fonts import SANS, SANS_BOLD, markup, register_fonts
from practicedesk.documents.pages import (
    MARGIN,
    PAGE_WIDTH,
    Letterhead,
    patient_line,
    render_letter_pages,
)

ALERT_RED = colors.HexColor("#B3261E")
WIDTH = PAGE_WIDTH - 2 * MARGIN
Pair = tuple[str, str]  # a label and its value


@dataclass(frozen=True, slots=True)
class SummaryAlert:
    kind: str  # "Allergy", "Premedication"…
    text: str
    severity: str  # info, warning, critical
    notes: str = ""
    active: bool = True


@dataclass(frozen=True, slots=True)
class SummaryPolicy:
    title: str  # "Primary: Delta Dental"
    details: list[Pair]  # plan, member id, subscriber, dates, benefits…
    last_verification: str  # "03/02/2026 by olive, by phone: active (ref. 4411)" or "Never"


@dataclass(frozen=True, slots=True)
class SummaryVisit:
    when: str
    minutes: int
    provider: str
    kind: str
    chair: str
    status: str
    notes: str = ""


@dataclass(frozen=True, slots=True)
class SummaryReferral:
    direction: str
    contact: str
    reason: str
    status: str
    dates: str
    notes: str = ""


@dataclass(frozen=True, slots=True)
class SummaryAuthorization:
    procedure: str
    payer: str
    status: str
    number: str
    valid: str
    notes: str = ""


@dataclass(frozen=True, slots=True)
class SummaryDocument:
    title: str
    category: str
    added: str


@dataclass(frozen=True, slots=True)
class SummaryCommunication:
    when: str
    kind: str  # "Call, incoming"
    summary: str
    by: str
    follow_up: str = ""


@dataclass(frozen=True, slots=True)
class SummaryTask:
    title: str
    due: str
    assignee: str
    notes: str = ""


@dataclass(frozen=True, slots=True)
class ChartSummary:
    name: str
    born: str  # the date of birth as printed, or ""
    chart_number: str
    demographics: list[Pair] = field(default_factory=list)
    phones: list[Pair] = field(default_factory=list)
    alerts: list[SummaryAlert] = field(default_factory=list)
    policies: list[SummaryPolicy] = field(default_factory=list)
    upcoming: list[SummaryVisit] = field(default_factory=list)
    past: list[SummaryVisit] = field(default_factory=list)
    referrals: list[SummaryReferral] = field(default_factory=list)
    authorizations: list[SummaryAuthorization] = field(default_factory=list)
    documents: list[SummaryDocument] = field(default_factory=list)
    communications: list[SummaryCommunication] = field(default_factory=list)
    tasks: list[SummaryTask] = field(default_factory=list)


_TITLE = ParagraphStyle("title", fontName=SANS_BOLD, fontSize=15, leading=19, spaceAfter=2)
_HEADING = ParagraphStyle(
    "heading",
    fontName=SANS_BOLD,
    fontSize=11.5,
    leading=14,
    spaceBefore=10,
    spaceAfter=4,
    textColor=colors.HexColor("#1F3A4D"),
)
_CELL = ParagraphStyle("cell", fontName=SANS, fontSize=8.5, leading=10.5)
_BOLD = ParagraphStyle("bold", parent=_CELL, fontName=SANS_BOLD)
_NONE = ParagraphStyle("none", parent=_CELL, textColor=colors.HexColor("#5F6B73"))
_ALERT = ParagraphStyle("alert", parent=_CELL, fontSize=9.5, leading=12, textColor=ALERT_RED)
_KEEP_WITH_HEADING = 1.1 * inch
_GRID = [
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#C9D2D8")),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
]


def render_chart_summary(letterhead: Letterhead, summary: ChartSummary) -> bytes:
    """The patient's name and birth date head every page, whatever subject the letterhead
    came with: a loose page must still say whose it is."""
    register_fonts()
    born = f" · DOB {summary.born}" if summary.born else ""
    letterhead = replace(letterhead, subject=patient_line(summary.name, summary.born))
    chart = f"Chart {summary.chart_number}" if summary.chart_number else "No chart number"
    story: list[Flowable] = [
        Paragraph(markup(summary.name), _TITLE),
        Paragraph(markup(f"Chart summary · {chart}{born}"), _NONE),
        *_alerts(summary.alerts),
        *_section("Demographics", _pairs(summary.demographics)),
        *_section("Phones", _pairs(summary.phones)),
        *_insurance(summary.policies),
        *_visits("Upcoming appointments", summary.upcoming),
        *_visits("Past appointments", summary.past),
        *_section(
            "Referrals",
            _table(
                ("Direction", "Provider", "Reason", "Status", "Dates", "Notes"),
                (0.8, 1.4, 1.4, 0.8, 1.3, 1.6),
                [
                    (r.direction, r.contact, r.reason, r.status, r.dates, r.notes)
                    for r in summary.referrals
                ],
            ),
        ),
        *_section(
            "Pre-authorizations",
            _table(
                ("Procedure", "Payer", "Status", "Number", "Valid", "Notes"),
                (1.5, 1.2, 0.8, 1.0, 1.3, 1.5),
                [
                    (a.procedure, a.payer, a.status, a.number, a.valid, a.notes)
                    for a in summary.authorizations
                ],
            ),
        ),
        *_section(
            "Documents",
            _table(
                ("Title", "Category", "Added"),
                (3.6, 2.2, 1.5),
                [(d.title, d.category, d.added) for d in summary.documents],
            ),
        ),
        *_section(
            "Communication log",
            _table(
                ("When", "Kind", "Summary", "By", "Follow up"),
                (1.6, 0.95, 2.85, 0.9, 1.0),
                [(c.when, c.kind, c.summary, c.by, c.follow_up) for c in summary.communications],
            ),
        ),
        *_section(
            "Open tasks",
            _table(
                ("Task", "Due", "Assigned to", "Notes"),
                (2.9, 0.9, 1.3, 2.2),
                [(t.title, t.due, t.assignee, t.notes) for t in summary.tasks],
            ),
        ),
    ]
    return render_letter_pages(letterhead, f"Chart summary — {summary.name}", story)


def _section(title: str, body: Flowable | None, style: ParagraphStyle = _HEADING) -> list[Flowable]:
    """A heading starts a new page when fewer than a few rows would fit under it, so it is
    never left alone at a page's foot; the content itself then flows on freely."""
    content = body if body is not None else Paragraph("None on file.", _NONE)
    return [CondPageBreak(_KEEP_WITH_HEADING), Paragraph(markup(title), style), content]


def _alerts(alerts: list[SummaryAlert]) -> list[Flowable]:
    if not alerts:
        return _section("Medical alerts", Paragraph("No medical alerts on file.", _NONE))
    active = [a for a in alerts if a.active]
    rows = []
    for alert in active:
        notes = f"<br/>{markup(alert.notes)}" if alert.notes else ""
        rows.append(
            [
                Paragraph(f"<b>{markup(alert.severity.upper())}</b>", _ALERT),
                Paragraph(f"<b>{markup(alert.kind)}:</b> {markup(alert.text)}{notes}", _ALERT),
            ]
        )
    for alert in (a for a in alerts if not a.active):
        notes = f" — {markup(alert.notes)}" if alert.notes else ""
        rows.append(
            [
                Paragraph("No longer active", _NONE),
                Paragraph(f"{markup(alert.kind)}: {markup(alert.text)}{notes}", _NONE),
            ]
        )
    table = Table(rows, colWidths=[1.3 * inch, WIDTH - 1.3 * inch], splitInRow=1)
    style = [
        *_GRID,
        ("BOX", (0, 0), (-1, -1), 1.5, ALERT_RED),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    if active:
        style.append(("BACKGROUND", (0, 0), (-1, len(active) - 1), colors.HexColor("#FDECEA")))
    table.setStyle(TableStyle(style))
    title = f"Medical alerts ({len(active)} active)" if active else "Medical alerts"
    return _section(title, table, ParagraphStyle("alerts", parent=_HEADING, textColor=ALERT_RED))


def _insurance(policies: list[SummaryPolicy]) -> list[Flowable]:
    """Each policy's few lines stay together, so one plan is never read across two pages."""
    if not policies:
        return _section("Insurance", None)
    story: list[Flowable] = [CondPageBreak(_KEEP_WITH_HEADING), Paragraph("Insurance", _HEADING)]
    for policy in policies:
        pairs = [*policy.details, ("Last verified", policy.last_verification)]
        block = [Paragraph(markup(policy.title), _BOLD), _pairs(pairs)]
        story += [KeepTogether([f for f in block if f is not None]), Spacer(1, 4)]
    return story


def _visits(title: str, visits: list[SummaryVisit]) -> list[Flowable]:
    return _section(
        title,
        _table(
            ("When", "Provider", "Type", "Chair", "Status", "Notes"),
            (1.75, 1.3, 1.0, 0.7, 1.0, 1.55),
            [
                (v.when + f"\n{v.minutes} min", v.provider, v.kind, v.chair, v.status, v.notes)
                for v in visits
            ],
        ),
    )


def _pairs(pairs: list[Pair]) -> Table | None:
    if not pairs:
        return None
    rows = [
        [Paragraph(markup(label), _BOLD), Paragraph(markup(value), _CELL)] for label, value in pairs
    ]
    table = Table(rows, colWidths=[1.9 * inch, WIDTH - 1.9 * inch], splitInRow=1)
    table.setStyle(TableStyle(_GRID))
    return table


def _table(
    headers: tuple[str, ...], widths: tuple[float, ...], rows: list[tuple[str, ...]]
) -> Table | None:
    """Column widths in inches, summing to the page's 7.3; rows may split between pages."""
    if not rows:
        return None
    data = [[Paragraph(markup(h), _BOLD) for h in headers]]
    data += [[Paragraph(markup(cell), _CELL) for cell in row] for row in rows]
    table = Table(data, colWidths=[w * inch for w in widths], repeatRows=1, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                *_GRID,
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF2")),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F6F9FB")]),
            ]
        )
    )
    return table
