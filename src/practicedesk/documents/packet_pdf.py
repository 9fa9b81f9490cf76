"""A packet on paper: the cover letter, then each of its forms, as one PDF to print or send.

A patient holds the packet as one stack, so it is one document: every page carries the
letterhead, the patient's name and date of birth, and "Page N of M" counted over the whole
packet, and each form starts on a page of its own so it can be taken out and handed back.
The forms print exactly as they do alone (form_pdf.form_story). A fact the chart does not have
prints as a line to write on, never as an empty gap or a raw "{placeholder}".

Plain values in (the definition, the templates, the facts as text), PDF bytes out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from practicedesk.documents.fonts import SANS, SANS_BOLD, markup, register_fonts
from practicedesk.documents.form_pdf import (
    TICK_BOX,
    WIDTH,
    FormMode,
    FormPatient,
    fitted_form_story,
)
from practicedesk.documents.pages import (
    Letterhead,
    patient_line,
    practice_facts,
    render_letter_pages,
)
from practicedesk.forms.answers import Answer
from practicedesk.forms.bindings import PLACEHOLDER, prefill
from practicedesk.forms.model import FormTemplate
from practicedesk.forms.packets import CoverLetter, FillMode, PacketDefinition, PacketError

WRITE_IN = "________________"

_HEADING = ParagraphStyle(
    "packet-heading", fontName=SANS_BOLD, fontSize=16, leading=20, spaceAfter=1
)
_NOTE = ParagraphStyle(
    "packet-note", fontName=SANS, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#5F6B73")
)
ALERT_RED = colors.HexColor("#B3261E")  # the chart's banner red
_ALERT = ParagraphStyle(
    "packet-alert", fontName=SANS_BOLD, fontSize=10, leading=13, textColor=colors.white
)
_DATE = ParagraphStyle("packet-date", fontName=SANS, fontSize=10.5, leading=14, spaceBefore=10)
_BODY = ParagraphStyle(
    "packet-body", fontName=SANS, fontSize=10.5, leading=14.5, spaceBefore=4, spaceAfter=6
)
_SUBHEADING = ParagraphStyle(
    "packet-subheading",
    fontName=SANS_BOLD,
    fontSize=11.5,
    leading=15,
    spaceBefore=10,
    spaceAfter=4,
    textColor=colors.HexColor("#1F3A4D"),
    keepWithNext=1,
)
_LABEL = ParagraphStyle(
    "packet-label", fontName=SANS, fontSize=10, leading=13, textColor=colors.HexColor("#44525C")
)
_VALUE = ParagraphStyle("packet-value", fontName=SANS_BOLD, fontSize=10.5, leading=13.5)
_CHECK = ParagraphStyle("packet-check", fontName=SANS, fontSize=10.5, leading=15)
_BOX_FILL = colors.HexColor("#F1F5F8")
_BOX_LINE = colors.HexColor("#9FB3C2")


def render_packet(
    definition: PacketDefinition,
    templates: Mapping[str, FormTemplate],
    letterhead: Letterhead,
    facts: Mapping[str, str],
    *,
    patient: FormPatient,
    answers: Mapping[str, Mapping[str, Answer]] | None = None,
    alerts: Sequence[str] = (),
) -> bytes:
    """Forms print as the packet says (pre-filled from the facts, or blank), except a form
    with answers given (keyed by template id), which prints completed: a reprint of what was
    signed must show what was signed. `alerts` (the chart's serious medical alerts) print in
    a red banner at the top, as wherever else the patient appears."""
    register_fonts()
    letterhead = replace(letterhead, subject=patient_line(patient.name, patient.born))
    known = {
        **practice_facts(letterhead),
        **{name: value.strip() for name, value in facts.items() if value.strip()},
    }
    story = _alert_banner(alerts) + _cover(definition, templates, known)
    for form in definition.forms:
        template = templates.get(form.template)
        if template is None:
            raise PacketError(
                definition.source or Path(f"{definition.id}.yaml"),
                form.line or None,
                f"names the form '{form.template}', which could not be loaded; fix or restore "
                "that form's template",
            )
        given = (answers or {}).get(form.template)
        values: dict[str, Answer] | None = None
        mode = FormMode.BLANK
        if given:
            values, mode = {**prefill(template, known), **given}, FormMode.COMPLETED
        elif form.mode is FillMode.PREFILLED:
            values, mode = prefill(template, known), FormMode.PREFILLED
        if story:
            story.append(PageBreak())
        story += fitted_form_story(template, letterhead, values, mode)
    return render_letter_pages(letterhead, _fill(definition.title, known), story)


def _alert_banner(alerts: Sequence[str]) -> list[Flowable]:
    if not alerts:
        return []
    text = "⚠ " + "&nbsp;&nbsp;&nbsp;⚠ ".join(markup(alert) for alert in alerts)
    banner = Table([[Paragraph(text, _ALERT)]], colWidths=[WIDTH])
    banner.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), ALERT_RED),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return [banner, Spacer(1, 8)]


def _cover(
    definition: PacketDefinition, templates: Mapping[str, FormTemplate], facts: dict[str, str]
) -> list[Flowable]:
    """The letter, what to bring and what is inside; a packet with neither a letter nor a
    list to bring starts straight with its first form."""
    letter = definition.letter
    if letter is None and not definition.bring:
        return []
    heading = letter.heading if letter and letter.heading else definition.title
    story: list[Flowable] = [
        Paragraph(markup(_fill(heading, facts)), _HEADING),
        Paragraph(markup(f"Packet {definition.id}, version {definition.version}"), _NOTE),
    ]
    if letter is not None:
        story += _letter(letter, facts)
    if definition.bring:
        story += _checklist("What to bring", [_fill(item, facts) for item in definition.bring])
    titles = [templates[f.template].title for f in definition.forms if f.template in templates]
    story += [
        Paragraph("In this packet", _SUBHEADING),
        *(Paragraph(markup(f"{n}. {title}"), _CHECK) for n, title in enumerate(titles, 1)),
    ]
    if letter is not None and letter.closing:
        closing = markup(_fill(letter.closing, facts))
        story += [Spacer(1, 10), KeepTogether([Paragraph(closing, _BODY)])]
    return story


def _letter(letter: CoverLetter, facts: dict[str, str]) -> list[Flowable]:
    story: list[Flowable] = []
    if "today" in facts:
        story.append(Paragraph(markup(facts["today"]), _DATE))
    story.append(Paragraph(markup(_fill(letter.greeting, facts)), _BODY))
    for paragraph in re.split(r"\n\s*\n", letter.text):
        prose = " ".join(line.strip() for line in paragraph.splitlines())
        story.append(Paragraph(markup(_fill(prose, facts)), _BODY))
    if letter.details:
        story += [Spacer(1, 4), _details(letter, facts)]
    return story


def _details(letter: CoverLetter, facts: dict[str, str]) -> Table:
    """The facts a patient looks for again on the day, in a shaded box of their own."""
    rows = [
        [
            Paragraph(markup(d.label), _LABEL),
            Paragraph(markup(facts.get(d.fact, WRITE_IN)), _VALUE),
        ]
        for d in letter.details
    ]
    table = Table(rows, colWidths=[1.7 * inch, WIDTH - 1.7 * inch])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), _BOX_FILL),
                ("BOX", (0, 0), (-1, -1), 0.6, _BOX_LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, 0), 7),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 7),
            ]
        )
    )
    return table


def _checklist(title: str, items: list[str]) -> list[Flowable]:
    """A box per item, big enough to tick with a pen while packing the bag."""
    rows = [
        Paragraph(f"<font size='13'>{TICK_BOX}</font>  {markup(item)}", _CHECK) for item in items
    ]
    return [Paragraph(markup(title), _SUBHEADING), *rows]


def _fill(text: str, facts: Mapping[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: facts.get(m.group(1), WRITE_IN), text)
