"""A form template on paper: blank to write on, pre-filled from the chart, or completed and
signed.

The three modes share one layout: every field takes the same room whether it holds an answer
or not (an answer longer than the room grows its box and flows on over pages, never clipped),
so a patient who filled a blank copy and the signed copy on file read alike. Boxes are sized
for handwriting, tick boxes for a pen. Every page carries the letterhead, the patient's name
and date of birth, and "page N of M"; the template's id and version are printed under the
title so a paper copy says which wording was signed.

Plain values in (the template, and answers already formatted as text), PDF bytes out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from practicedesk.documents.fonts import SANS, SANS_BOLD, SANS_ITALIC, markup, register_fonts
from practicedesk.documents.pages import (
    MARGIN,
    PAGE_WIDTH,
    Letterhead,
    layout_of,
    patient_line,
    practice_facts,
    render_letter_pages,
)
from practicedesk.forms.answers import Answer, Signature, YesNo
from practicedesk.forms.bindings import fill_placeholders
from practicedesk.forms.model import WIDTHS, Field, FieldType, FormTemplate, Section


class FormMode(StrEnum):
    BLANK = "blank"  # nothing filled in
    PREFILLED = "prefilled"  # only fields bound to the chart filled in
    COMPLETED = "completed"  # every answer, and the signatures


@dataclass(frozen=True, slots=True)
class FormPatient:
    name: str
    born: str  # the date of birth as printed, or ""


WIDTH = PAGE_WIDTH - 2 * MARGIN - 12  # the frame keeps 6 points clear on each side
PAD = 4
WRITING_LINE = 22  # points per handwritten line: about 8 mm
BOX_HEIGHT = 26
GAP = 10  # between fields sharing a line
INK = colors.HexColor("#1B2A8A")  # answers print in a dark blue, as if written in pen
BOX_LINE = colors.HexColor("#7D8B96")
TICK_BOX, TICKED = "\u2610", "\u2612"

_TITLE = ParagraphStyle("title", fontName=SANS_BOLD, fontSize=16, leading=20, spaceAfter=1)
_NOTE = ParagraphStyle(
    "note", fontName=SANS, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#5F6B73")
)
_HEADING = ParagraphStyle(
    "heading",
    fontName=SANS_BOLD,
    fontSize=12,
    leading=15,
    spaceBefore=12,
    spaceAfter=4,
    textColor=colors.HexColor("#1F3A4D"),
    keepWithNext=1,
)
_BODY = ParagraphStyle("body", fontName=SANS, fontSize=9.5, leading=12.5, spaceAfter=5)
_BULLET = ParagraphStyle("bullet", parent=_BODY, leftIndent=14, bulletIndent=3, spaceAfter=3)
_LABEL = ParagraphStyle("label", fontName=SANS, fontSize=8.5, leading=10.5, spaceAfter=2)
_EXPLAIN = ParagraphStyle("explain", parent=_LABEL, fontName=SANS_ITALIC, leftIndent=12)
_ANSWER = ParagraphStyle("answer", fontName=SANS, fontSize=10.5, leading=13.5, textColor=INK)
_CHOICE = ParagraphStyle("choice", fontName=SANS, fontSize=9.5, leading=14)


@dataclass(frozen=True, slots=True)
class _Look:
    """A form's vertical rhythm: headings, prose and the air between fields. `_TIGHT` takes
    some air out (never the room to write: boxes, lines and type keep their size) when that
    saves the page a form's last lines or signature would otherwise have to themselves."""

    heading: ParagraphStyle
    body: ParagraphStyle
    bullet: ParagraphStyle
    after_field: float  # below a long answer or a list of choices
    after_question: float  # below a yes/no question
    below_row: float  # below a line of boxes
    below_signature: float


_ROOMY = _Look(_HEADING, _BODY, _BULLET, 8, 7, 8, 12)
_TIGHT = _Look(
    ParagraphStyle("heading-tight", parent=_HEADING, spaceBefore=5, spaceAfter=2),
    ParagraphStyle("body-tight", parent=_BODY, spaceAfter=2),
    ParagraphStyle("bullet-tight", parent=_BULLET, spaceAfter=0.5),
    3, 3, 4, 5,
)  # fmt: skip
SPARSE = 1 / 3  # a last page less full than this is worth a tighter layout

_CHOICE_ROW = [
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
]


def render_form(
    template: FormTemplate,
    letterhead: Letterhead,
    values: Mapping[str, Answer] | None,
    mode: FormMode,
    patient: FormPatient | None = None,
) -> bytes:
    """Without a patient the header leaves lines for a name and birth date, so a form
    handed to someone not yet in the chart still says on every page whose it is."""
    register_fonts()
    if patient is None:
        subject = "Patient: ____________________  DOB: __________"
    else:
        subject = patient_line(patient.name, patient.born)
    letterhead = replace(letterhead, subject=subject)
    story = fitted_form_story(template, letterhead, values, mode)
    return render_letter_pages(letterhead, template.title, story)


def fitted_form_story(
    template: FormTemplate,
    letterhead: Letterhead,
    values: Mapping[str, Answer] | None,
    mode: FormMode,
) -> list[Flowable]:
    """`form_story`, tightened when that spares a page: a form whose last page would hold
    only a few lines or its signature is laid out again with less air, and the tight layout
    is kept only if it takes fewer pages."""
    pages, used = layout_of(form_story(template, letterhead, values, mode))
    if pages > 1 and used < SPARSE:
        tight = form_story(template, letterhead, values, mode, _TIGHT)
        if layout_of(tight)[0] < pages:
            return form_story(template, letterhead, values, mode, _TIGHT)
    return form_story(template, letterhead, values, mode)


def form_story(
    template: FormTemplate,
    letterhead: Letterhead,
    values: Mapping[str, Answer] | None,
    mode: FormMode,
    look: _Look = _ROOMY,
) -> list[Flowable]:
    """The form's flowables without a document around them, so a packet can lay several
    forms out as one document numbered from its first page to its last. The caller
    registers the fonts and draws the letterhead. A story is laid out once: ask again for
    another layout."""
    facts = practice_facts(letterhead)
    shown = _shown(template, values or {}, mode)
    story: list[Flowable] = [
        Paragraph(markup(template.title), _TITLE),
        Paragraph(markup(f"Form {template.id}, version {template.version}"), _NOTE),
        Spacer(1, 6),
    ]
    if template.intro:
        story.append(Paragraph(markup(fill_placeholders(template.intro, facts)), look.body))
    last = len(template.sections) - 1
    for index, section in enumerate(template.sections):
        part = _section(section, shown, facts, look)
        if index == last and index and _only_signatures(section):
            # A page of signatures alone says nothing of what was signed: the previous
            # section's last question or paragraph goes over with them.
            part = [_kept([*_last_field(story), *part[1:]])]
        story += part
    return story


class _Kept(KeepTogether):
    """A KeepTogether that remembers what it holds, so a larger group can take it in."""

    def __init__(self, parts: list[Flowable]) -> None:
        super().__init__(parts)
        self.parts = parts


def _kept(flowables: list[Flowable]) -> _Kept:
    """Keeps the flowables on one page. A group inside a group is opened up first: reportlab
    sizes a KeepTogether as endless, so one nested in another always sent the outer one to
    a new page, and a form's signature with the words above it got a page to itself."""
    parts: list[Flowable] = []
    for flowable in flowables:
        parts += flowable.parts if isinstance(flowable, _Kept) else [flowable]
    return _Kept(parts)


def _only_signatures(section: Section) -> bool:
    return all(f.type in (FieldType.SIGNATURE, FieldType.INITIALS) for f in section.fields)


def _last_field(story: list[Flowable]) -> list[Flowable]:
    """Takes the story's last field (and the space after it) off the story, and returns it."""
    start = len(story) - 1
    while start > 0 and isinstance(story[start], Spacer):
        start -= 1
    taken = story[start:]
    del story[start:]
    return taken


def _shown(
    template: FormTemplate, values: Mapping[str, Answer], mode: FormMode
) -> dict[str, Answer]:
    if mode is FormMode.BLANK:
        return {}
    if mode is FormMode.PREFILLED:
        return {f.id: values[f.id] for f in template.fields if f.bind and f.id in values}
    return dict(values)


def _section(
    section: Section, shown: dict[str, Answer], facts: dict[str, str], look: _Look
) -> list[Flowable]:
    """The words a person signs for stay on the signature's page: a paragraph just before a
    signature (and the heading, if the paragraph opens the section) is kept with it."""
    story: list[Flowable] = [
        CondPageBreak(1.2 * inch),
        Paragraph(markup(section.title), look.heading),
    ]
    if section.intro:
        story.append(Paragraph(markup(fill_placeholders(section.intro, facts)), look.body))
    opening = len(story)
    row: list[Field] = []
    paragraph_from: int | None = None  # where the paragraph just before this field starts
    for field in section.fields:
        width = WIDTHS[field.width]
        if width < 1 and sum(WIDTHS[f.width] for f in row) + width <= 1.01:
            row.append(field)
            continue
        story += _row(row, shown, look)
        row = [field] if width < 1 else []
        if row:
            paragraph_from = None
            continue
        start = len(story)
        flowables = _field(field, shown.get(field.id), facts, look)
        if field.type is FieldType.SIGNATURE and paragraph_from is not None:
            start = 1 if paragraph_from == opening else paragraph_from
            flowables = [_kept([*story[start:], *flowables])]
            del story[start:]
        story += flowables
        paragraph_from = start if field.type is FieldType.PARAGRAPH else None
    story += _row(row, shown, look)
    return story


def _row(fields: list[Field], shown: dict[str, Answer], look: _Look) -> list[Flowable]:
    """Narrow fields side by side; boxes line up at the bottom even when one label wraps."""
    if not fields:
        return []
    widths = [WIDTH * WIDTHS[f.width] for f in fields]
    cells = [_labelled(f, shown.get(f.id)) for f in fields]
    table = Table([cells], colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-2, -1), GAP),
                ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), look.below_row),
            ]
        )
    )
    return [table]


def _labelled(field: Field, answer: Answer | None) -> list[Flowable]:
    if field.type is FieldType.SINGLE_CHOICE:
        return [_label(field), _choices(field, _ticked(field, answer))]
    return [_label(field), _AnswerBox(_as_text(field, answer), BOX_HEIGHT)]


def _field(
    field: Field, answer: Answer | None, facts: dict[str, str], look: _Look
) -> list[Flowable]:
    kind = field.type
    if kind is FieldType.PARAGRAPH:
        return _paragraphs(fill_placeholders(field.text, facts), look)
    if kind is FieldType.LONG_TEXT:
        box = _AnswerBox(_as_text(field, answer), field.lines * WRITING_LINE, ruled=True)
        return [_kept([_label(field), box]), Spacer(1, look.after_field)]
    if kind in (FieldType.SINGLE_CHOICE, FieldType.MULTIPLE_CHOICE):
        return [
            _kept([_label(field), _choices(field, _ticked(field, answer))]),
            Spacer(1, look.after_field),
        ]
    if kind is FieldType.YES_NO:
        return _yes_no(field, answer, look)
    if kind is FieldType.SIGNATURE:
        return [_kept([_signature(field, answer, look)])]
    if kind is FieldType.INITIALS:
        return [_initials(field, answer, look)]
    return _row([field], {field.id: answer} if answer is not None else {}, look)


def _label(field: Field) -> Paragraph:
    mark = " <font color='#B3261E'>*</font>" if field.required else ""
    help_ = f" <font color='#5F6B73' size='7.5'>({markup(field.help)})</font>" if field.help else ""
    return Paragraph(f"{markup(field.label)}{mark}{help_}", _LABEL)


def _paragraphs(text: str, look: _Look) -> list[Flowable]:
    """Lines starting with "- " are bullets; other lines run together as prose."""
    story: list[Flowable] = []
    prose: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("- ") or not line.strip():
            if prose:
                story.append(Paragraph(markup(" ".join(prose)), look.body))
                prose = []
            if line.startswith("- "):
                story.append(Paragraph(markup(line[2:].strip()), look.bullet, bulletText="•"))
        else:
            prose.append(line.strip())
    return story


def _choices(field: Field, ticked: set[str]) -> Table:
    """Options in as many columns as their length allows, each with a box for a pen tick."""
    longest = max(len(o) for o in field.options)
    columns = 4 if longest <= 16 else 3 if longest <= 26 else 2 if longest <= 44 else 1
    if field.type is FieldType.SINGLE_CHOICE and field.width != "full":
        columns = min(columns, 2)
    cells = [
        Paragraph(
            f"<font size='13'>{TICKED if o in ticked else TICK_BOX}</font> {markup(o)}", _CHOICE
        )
        for o in field.options
    ]
    rows = [cells[i : i + columns] for i in range(0, len(cells), columns)]
    rows[-1] += [Paragraph("", _CHOICE)] * (columns - len(rows[-1]))
    width = WIDTH * WIDTHS[field.width] - (GAP if field.width != "full" else 0)
    table = Table(rows, colWidths=[width / columns] * columns)
    table.setStyle(TableStyle(_CHOICE_ROW))
    return table


def _yes_no(field: Field, answer: Answer | None, look: _Look) -> list[Flowable]:
    if answer is not None and not isinstance(answer, YesNo):
        raise TypeError(f"The answer to {field.id} must be a YesNo")
    said = answer.answer if answer else None
    boxes = [
        Paragraph(f"<font size='13'>{TICKED if said is value else TICK_BOX}</font> {word}", _CHOICE)
        for value, word in ((True, "Yes"), (False, "No"))
    ]
    question = Table(
        [[_label(field), *boxes]], colWidths=[WIDTH - 1.3 * inch, 0.65 * inch, 0.65 * inch]
    )
    question.setStyle(TableStyle([*_CHOICE_ROW, ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    parts: list[Flowable] = [question]
    if field.explain:
        explanation = answer.explanation if answer else ""
        box = _AnswerBox(explanation or None, 2 * WRITING_LINE, ruled=True, indent=12)
        parts += [Spacer(1, 2), Paragraph(markup(field.explain), _EXPLAIN), box]
    return [_kept(parts), Spacer(1, look.after_question)]


def _signature(field: Field, answer: Answer | None, look: _Look) -> Flowable:
    """A box a full signature fits in, the date beside it, and who signed when underneath."""
    signed = _as_signature(field, answer)
    label = [_label(field)]
    sign_box = _AnswerBox(None, 0.62 * inch, image=signed.image_png if signed else None)
    date_box = _AnswerBox(signed.signed_on if signed else None, 0.62 * inch)
    if signed:
        below = f"Signed on {signed.signed_on} by {signed.signer}"
    else:
        below = "Print name: ____________________________________"
    table = Table(
        [
            [label, Paragraph("Date", _LABEL)],
            [sign_box, date_box],
            [Paragraph(markup(below), _LABEL), ""],
        ],
        colWidths=[WIDTH - 2.1 * inch, 2.1 * inch],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), GAP),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, 0), 5),
                ("SPAN", (0, 2), (1, 2)),
                ("TOPPADDING", (0, 2), (-1, 2), 3),
                ("BOTTOMPADDING", (0, 2), (-1, 2), look.below_signature),
            ]
        )
    )
    return table


def _initials(field: Field, answer: Answer | None, look: _Look) -> Flowable:
    text = answer if isinstance(answer, str) else None
    image = answer.image_png if isinstance(answer, Signature) else None
    if isinstance(answer, Signature) and image is None:
        text = answer.signer
    box = _AnswerBox(text, 0.42 * inch, image=image)
    table = Table([[_label(field), box]], colWidths=[WIDTH - 1.3 * inch, 1.3 * inch])
    table.setStyle(
        TableStyle(
            [
                *_CHOICE_ROW,
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), look.below_row),
            ]
        )
    )
    return table


def _ticked(field: Field, answer: Answer | None) -> set[str]:
    if answer is None:
        return set()
    if isinstance(answer, str):
        return {answer}
    if isinstance(answer, tuple):
        return set(answer)
    raise TypeError(f"The answer to {field.id} must be text or a tuple of options")


def _as_text(field: Field, answer: Answer | None) -> str | None:
    if answer is None or isinstance(answer, str):
        return answer or None
    raise TypeError(f"The answer to {field.id} must be text")


def _as_signature(field: Field, answer: Answer | None) -> Signature | None:
    if answer is None or isinstance(answer, Signature):
        return answer
    raise TypeError(f"The answer to {field.id} must be a Signature")


class _AnswerBox(Flowable):
    """A box to write in, at least `least` points high, holding the answer if there is one.

    Longer answers grow the box, and one longer than a page splits into boxes page by page;
    a box with `ruled` lines keeps them only while empty, as a handwriting guide."""

    def __init__(
        self,
        text: str | None,
        least: float,
        *,
        ruled: bool = False,
        indent: float = 0,
        image: bytes | None = None,
        paragraph: Paragraph | None = None,
    ) -> None:
        super().__init__()
        self._least = least
        self._ruled = ruled
        self._indent = indent
        self._image = image
        self._para = paragraph or (Paragraph(markup(text), _ANSWER) if text else None)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self._least
        if self._para is not None:
            _, used = self._para.wrap(self._inner(avail_width), avail_height)
            self.height = max(self._least, used + 2 * PAD + 2)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self._para is None or avail_height < 3 * WRITING_LINE:
            return []
        parts = self._para.split(self._inner(avail_width), avail_height - 2 * PAD - 2)
        if len(parts) < 2:
            return []
        first, rest = parts[0], parts[1]
        return [
            _AnswerBox(None, 0, indent=self._indent, paragraph=first),
            _AnswerBox(None, self._least, indent=self._indent, paragraph=rest),
        ]

    def _inner(self, width: float) -> float:
        return width - self._indent - 2 * PAD

    def draw(self) -> None:
        canvas: Any = self.canv
        width = self.width - self._indent
        canvas.setStrokeColor(BOX_LINE)
        canvas.setLineWidth(0.6)
        canvas.rect(self._indent, 0, width, self.height)
        if self._ruled and self._para is None:
            canvas.setStrokeColor(colors.HexColor("#C9D2D8"))
            canvas.setLineWidth(0.4)
            y = self.height - WRITING_LINE
            while y > 4:
                canvas.line(self._indent + PAD, y, self._indent + width - PAD, y)
                y -= WRITING_LINE
        if self._para is not None:
            self._para.drawOn(canvas, self._indent + PAD, self.height - PAD - self._para.height)
        if self._image:
            try:  # PIL raises OSError, ValueError or SyntaxError for a damaged picture
                canvas.drawImage(
                    ImageReader(BytesIO(self._image)),
                    self._indent + PAD,
                    PAD,
                    width - 2 * PAD,
                    self.height - 2 * PAD,
                    preserveAspectRatio=True,
                    anchor="w",
                    mask="auto",
                )
            except Exception:
                canvas.setFont(SANS, 8)
                canvas.drawString(
                    self._indent + PAD, PAD + 2, "(the signature image could not be read)"
                )
