"""The owner's Emergency Kit: one page to print at set-up and keep in a safe place.

It carries the practice, where its data lives, the recovery code, and what to do when the
owner's password is lost or the PC dies. It is the only place the recovery code is ever
written down by the program; it is never saved in the data folder or sent to a backup place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from practicedesk.documents.fonts import MONO, SANS, SANS_BOLD, markup, register_fonts, text_width


@dataclass(frozen=True, slots=True)
class EmergencyKit:
    practice_name: str
    practice_address: list[str]
    data_folder: str
    owner_username: str
    recovery_code: str
    created: date


WARNING = (
    "Keep this page in a locked drawer or safe, away from the computer. Anyone holding it "
    "can open the practice's patient records."
)
CODE_NOTE = (
    "Capitals, spaces and dashes do not matter when you type it. This code is not stored "
    "anywhere else: if it is lost, a new one cannot be made from it."
)

BODY_SIZE = 10.5
FOLDER = "Data folder"
VALUE_COLUMN = 5.0 * inch  # the details' value column
VALUE_ROOM = VALUE_COLUMN - 12  # less its cell padding


def kit_sections() -> list[tuple[str, str]]:
    """What to do in each emergency; shared by the PDF and the printed page."""
    return [
        (
            "If the owner's password is lost",
            "1. Start PracticeDesk and choose “Forgot the owner's password?” on the sign-in "
            "window. 2. Type the owner's user name and the recovery code above. 3. Choose a "
            "new password. The use of this code is recorded in the audit log.",
        ),
        (
            "If an account is locked after too many attempts",
            "The owner can unlock it in Settings → Users. If the owner's own account is "
            "locked, use the recovery code as above.",
        ),
        (
            "If this computer breaks or is stolen",
            "Install PracticeDesk on another computer and restore your most recent backup with "
            "the owner's password or this recovery code. The data on the lost computer is "
            "encrypted and cannot be read without a password or this code.",
        ),
    ]


def kit_details(kit: EmergencyKit) -> list[tuple[str, str]]:
    return [
        ("Practice", kit.practice_name),
        ("Address", ", ".join(kit.practice_address) or "—"),
        (FOLDER, kit.data_folder),
        ("Owner's user name", kit.owner_username),
        ("Made on", kit.created.strftime("%B %d, %Y").replace(" 0", " ")),
    ]


def path_lines(path: str, room: float = VALUE_ROOM) -> list[str]:
    """A folder path as lines broken only after a separator, never inside a folder's name:
    someone may have to type it from the paper. A name too long for a line alone is left
    to the paragraph to split."""
    lines: list[str] = []
    for part in re.split(r"(?<=[\\/])", path):
        if lines and text_width(lines[-1] + part, SANS, BODY_SIZE) <= room:
            lines[-1] += part
        elif part:
            lines.append(part)
    return lines or [""]


def _folder(path: str, style: ParagraphStyle) -> Paragraph:
    lines = path_lines(path)
    text = "<br/>".join(markup(line) for line in lines)
    if len(lines) > 1:
        text += (
            f"<br/><font size='8.5' color='grey'>{len(lines)} lines on paper: type them as "
            "one, without spaces</font>"
        )
    return Paragraph(text, style)


def render_emergency_kit(kit: EmergencyKit) -> bytes:
    register_fonts()
    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=LETTER,
        leftMargin=0.9 * inch,
        rightMargin=0.9 * inch,
        topMargin=0.8 * inch,
        bottomMargin=0.8 * inch,
        title=f"PracticeDesk Emergency Kit — {kit.practice_name}",
        author="PracticeDesk",
    )
    body = ParagraphStyle("body", fontName=SANS, fontSize=BODY_SIZE, leading=14.5)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=12, textColor=colors.grey)
    heading = ParagraphStyle("h", fontName=SANS_BOLD, fontSize=12.5, leading=16, spaceBefore=10)
    title = ParagraphStyle("title", fontName=SANS_BOLD, fontSize=20, leading=24)
    code_style = ParagraphStyle(
        "code", fontName=MONO, fontSize=17, leading=22, alignment=1, textColor=colors.black
    )

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(markup(text), style)

    details = [
        [para(label), _folder(value, body) if label == FOLDER else para(value)]
        for label, value in kit_details(kit)
    ]
    details_table = Table(details, colWidths=[1.7 * inch, VALUE_COLUMN])
    details_table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.25, colors.lightgrey),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    code_box = Table([[Paragraph(markup(kit.recovery_code), code_style)]], colWidths=[6.7 * inch])
    code_box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.5, colors.black),
                ("TOPPADDING", (0, 0), (-1, -1), 14),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 14),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#FFF8E1")),
            ]
        )
    )
    story = [
        para("PracticeDesk Emergency Kit", title),
        Spacer(1, 4),
        para(WARNING),
        Spacer(1, 10),
        details_table,
        para("Recovery code", heading),
        Spacer(1, 4),
        code_box,
        Spacer(1, 4),
        para(CODE_NOTE, small),
        *[
            item
            for heading_text, text in kit_sections()
            for item in (para(heading_text, heading), para(text))
        ],
    ]
    doc.build(story)
    return out.getvalue()
