"""Statements: what a guarantor's account did since the last statement, how old what it owes
is, and how much to pay by when; one guarantor per set of pages, many in one file for a batch.

The mailing address sits where a #10 single-window envelope shows it when the page is folded
in three: that window is 4½" × 1⅛", ⅞" from the envelope's left edge and ½" from its bottom.
Folded, the top third of the page is 3⅔" tall inside an envelope 4⅛" tall, and 8½" wide
inside 9½", so the page can slide ½" either way. What shows through the window whatever the
slide is the page's band from 2.04" to 3.17" below its top and 0.875" to 4.375" from its
left; the address is kept inside 2.12"–2.95" and 1.0"–4.3", and shrinks rather than leave it.

The amount due is the account's balance less what insurance is still expected to pay, and
the aging buckets show how old that amount is, so they add up to it (domain/aging.py).
Plain values in, PDF bytes out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
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

from practicedesk.documents.fonts import (
    SANS,
    SANS_BOLD,
    cut_to_width,
    draw,
    markup,
    register_fonts,
    text_width,
)
from practicedesk.documents.money_layout import (
    BODY,
    BOLD,
    CELL,
    GREY,
    INK,
    NOTE,
    WIDTH,
    Cell,
    amount,
    day,
    heading,
    money_table,
    sum_table,
)
from practicedesk.documents.pages import (
    BODY_TOP,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Letterhead,
    PageSet,
    render_letter_pages,
)

# Where the address prints (inches from the page's top and left; see the module's docstring).
ADDRESS_TOP, ADDRESS_LEFT, ADDRESS_WIDTH = 2.12, 1.0, 3.3
ADDRESS_SIZE, ADDRESS_LEADING, ADDRESS_LINES = 10.0, 12.5, 5
FACTS_LEFT = 5.5  # the statement's date and amount, right of where any window can reach
_HEAD_BOTTOM = 3.25  # inches from the top: where the activity starts on the first page


@dataclass(frozen=True, slots=True)
class StatementLine:
    day: date
    patient: str
    description: str
    amount: int  # signed cents: a charge above zero, a payment or credit below


@dataclass(frozen=True, slots=True)
class Statement:
    addressee: str  # who the envelope goes to: the guarantor, or the person responsible
    mailing: tuple[str, ...]  # the lines under the name; () when no address is on file
    account: str  # the guarantor's chart number, to write on a check; "" if none
    patients: tuple[str, ...]  # whose visits the account pays for
    statement_date: date
    due_date: date
    since: date  # the activity shown starts here (the last statement, or 90 days back)
    balance_forward: int  # the balance before `since`
    lines: tuple[StatementLine, ...]  # oldest first
    buckets: tuple[tuple[str, int], ...]  # the amount due by age: ("0–30 days", cents)...
    balance: int  # what the account owes (below zero: a credit)
    insurance_pending: int
    amount_due: int


def render_statements(letterhead: Letterhead, statements: Sequence[Statement]) -> bytes:
    """One file: each statement on pages of its own, numbered on their own."""
    if not statements:
        raise ValueError("a batch of statements holds at least one")
    register_fonts()
    story: list[Flowable] = []
    for index, statement in enumerate(statements):
        if index:
            story.append(PageBreak())
        subject = f"Statement · {statement.addressee}"
        if statement.account:
            subject += f" · Account {statement.account}"
        story += [PageSet(subject), *_statement(letterhead, statement)]
    title = "Statement" if len(statements) == 1 else f"{len(statements)} statements"
    return render_letter_pages(letterhead, title, story)


def _statement(letterhead: Letterhead, statement: Statement) -> list[Flowable]:
    story: list[Flowable] = [_Head(statement)]
    story += _activity(statement)
    story += [*heading("What is owed, by age"), _buckets(statement)]
    story += [Spacer(1, 6), _sums(statement), Spacer(1, 6)]
    story.append(Paragraph(markup(_how_to_pay(letterhead, statement)), BODY))
    if statement.amount_due > 0:
        story += [Spacer(1, 8), KeepTogether(_slip(letterhead, statement))]
    return story


def _activity(statement: Statement) -> list[Flowable]:
    title = heading(f"Account activity since {day(statement.since)}")
    rows: list[list[Cell]] = [
        [day(statement.since), "", "Balance forward", None, None, statement.balance_forward]
    ]
    running = statement.balance_forward
    for line in statement.lines:
        running += line.amount
        charge = line.amount if line.amount > 0 else None
        credit = -line.amount if line.amount < 0 else None
        rows.append([day(line.day), line.patient, line.description, charge, credit, running])
    table = money_table(
        ("Date", "Patient", "Description", "Charges", "Credits", "Balance"),
        (0.88, 1.25, 2.62, 0.85, 0.85, 0.85),
        rows,
    )
    if not statement.lines:
        return [*title, table, Paragraph("No new charges or payments.", NOTE)]
    return [*title, table]


def _buckets(statement: Statement) -> Table:
    labels = [label for label, _ in statement.buckets]
    figures: list[Cell] = [cents for _, cents in statement.buckets]
    return money_table(
        (*labels, "Amount due"),
        (7.3 / (len(labels) + 1),) * (len(labels) + 1),
        [[*figures, statement.amount_due]],
    )


def _sums(statement: Statement) -> Table:
    if statement.balance < 0:
        return sum_table([], ("Credit on your account (nothing is due)", -statement.balance))
    lines = [("Balance of the account", statement.balance)]
    if statement.insurance_pending:
        lines.append(("Less what insurance is still expected to pay", -statement.insurance_pending))
    return sum_table(lines, (f"Amount due by {day(statement.due_date)}", statement.amount_due))


def _how_to_pay(letterhead: Letterhead, statement: Statement) -> str:
    phone = letterhead.phone
    if statement.amount_due <= 0:
        text = "Nothing is due. A credit is used for your next visit, or refunded if you ask."
        return text + (f" Questions? Call us at {phone}." if phone else "")
    ways = ["at the front desk (cash, check or card)"]
    if phone:
        ways.append(f"by card over the phone at {phone}")
    check = f"by mailing a check made out to {letterhead.practice_name}"
    if letterhead.address_lines:
        check += f" to {', '.join(letterhead.address_lines)}"
    ways.append(f"{check}, with the slip below")
    text = "How to pay: " + "; ".join(ways) + "."
    return text + (f" Questions about this statement? Call us at {phone}." if phone else "")


def _slip(letterhead: Letterhead, statement: Statement) -> Table:
    """The part returned with a check: whose payment it is, without the account's details.
    Two lines under a dashed "detach here", so it fits below a statement of a dozen lines."""
    account = f"Account {statement.account}" if statement.account else ""
    rows = [
        [Paragraph("Detach here and return the part below with your payment", NOTE), "", ""],
        [Paragraph(markup(statement.addressee), BOLD), Paragraph(markup(account), CELL),
         Paragraph(markup(f"Statement of {day(statement.statement_date)}"), CELL)],
        [Paragraph(markup(f"Pay to {letterhead.practice_name}"), CELL),
         Paragraph(markup(f"Amount due {amount(statement.amount_due)}"), BOLD),
         Paragraph("Amount enclosed  $ ____________", CELL)],
    ]  # fmt: skip
    slip = Table(rows, colWidths=[3.1 * inch, 1.8 * inch, WIDTH - 4.9 * inch])
    slip.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (-1, 0)),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, GREY, 0, (4, 3)),
                ("LEFTPADDING", (0, 0), (-1, 0), 0),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 6),
                ("BOX", (0, 1), (-1, -1), 0.8, INK),
                ("TOPPADDING", (0, 1), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 3),
            ]
        )
    )
    return slip


class _Head(Flowable):
    """The top of a statement's first page: its title and dates on the right, and the mailing
    address on the left, both placed on the page itself (not in the flow), so the address is
    where the envelope's window is whatever the letterhead above it holds."""

    def __init__(self, statement: Statement) -> None:
        super().__init__()
        self.statement = statement

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, _HEAD_BOTTOM * inch - BODY_TOP

    def draw(self) -> None:
        canvas = self.canv
        origin_x, origin_y = canvas.absolutePosition(0, 0)
        canvas.saveState()
        canvas.translate(-origin_x, -origin_y)  # from here on: the page's own coordinates
        self._draw_address()
        self._draw_facts()
        canvas.restoreState()

    def _draw_address(self) -> None:
        """Each line as large as fits the window's width (down to 7 points), cut short only
        past that: a line run out of the window would hide the city from the post office."""
        statement = self.statement
        lines = [statement.addressee, *statement.mailing][:ADDRESS_LINES]
        if not statement.mailing:
            lines.append("(no mailing address on file)")
        room = ADDRESS_WIDTH * inch
        y = PAGE_HEIGHT - ADDRESS_TOP * inch - ADDRESS_SIZE
        for index, line in enumerate(lines):
            font = SANS_BOLD if index == 0 else SANS
            size = ADDRESS_SIZE
            while size > 7 and text_width(line, font, size) > room:
                size -= 0.5
            self.canv.setFillColor(GREY if not statement.mailing and index else colors.black)
            draw(
                self.canv, ADDRESS_LEFT * inch, y, cut_to_width(line, font, size, room), font, size
            )
            y -= ADDRESS_LEADING

    def _draw_facts(self) -> None:
        statement, canvas = self.statement, self.canv
        left, right = FACTS_LEFT * inch, PAGE_WIDTH - MARGIN
        top = PAGE_HEIGHT - 1.3 * inch
        canvas.setFillColor(INK)
        draw(canvas, left, top - 16, "Statement", SANS_BOLD, 18)
        facts = [
            ("Statement date", day(statement.statement_date)),
            ("Account", statement.account or "—"),
        ]
        if statement.amount_due > 0:
            facts.append(("Please pay by", day(statement.due_date)))
        y = top - 36
        canvas.setFillColor(colors.black)
        for label, value in facts:
            draw(canvas, left, y, label, SANS, 9.5)
            draw(canvas, right, y, value, SANS_BOLD, 9.5, align="right")
            y -= 14
        box_top = y - 2
        canvas.setStrokeColor(INK)
        canvas.setFillColor(colors.HexColor("#E8EEF2"))
        canvas.rect(left - 6, box_top - 34, right - left + 6, 34, stroke=1, fill=1)
        canvas.setFillColor(colors.black)
        due = "Amount due" if statement.balance >= 0 else "Credit on your account"
        figure = statement.amount_due if statement.balance >= 0 else -statement.balance
        draw(canvas, left, box_top - 22, due, SANS_BOLD, 11)
        draw(canvas, right - 6, box_top - 23, amount(figure), SANS_BOLD, 14, align="right")
        if statement.patients:
            canvas.setFillColor(GREY)
            who = "For " + ", ".join(statement.patients)
            size = 8.0
            while size > 6 and text_width(who, SANS, size) > right - left:
                size -= 0.5
            draw(canvas, left, box_top - 48, who, SANS, size)
