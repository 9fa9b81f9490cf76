"""Money on paper as the desk and the owner read it: receipts, statements and their labels,
the day's report with its deposit slip, claim summaries and the A/R report, each read back
from the PDF (or the CSV) with the figures a person would check."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from practicedesk.domain.ledger import EntryKind
from practicedesk.domain.money import format_cents
from practicedesk.errors import InvalidInput, NotFound, PermissionDenied
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.money.claims import Eob
from practicedesk.services.money.desk import CheckOut, CheckOutLine, NewAdjustment, NewPayment
from practicedesk.services.money.printing import AR_AGING_COLUMNS
from practicedesk.services.money.statements import read_statement
from practicedesk.services.opening import open_practice
from practicedesk.services.patients.listing import NewPatient, PatientSummary
from practicedesk.services.practice.settings import STATEMENT_DUE_DAYS
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import LedgerEntry
from tests.conftest import OTHER_PASSWORD
from tests.services.money.ledger_history import post_days_ago, statement_sent_days_ago
from tests.services.money.money_fixtures import HYGIENE_CODES, MoneyOffice, set_up_money
from tests.services.schedule_fixtures import practice_today
from tests.services.test_one_transaction import transactions
from tests.sync.sync_fixtures import edit


@pytest.fixture
def money(owner_session: PracticeSession) -> MoneyOffice:
    return set_up_money(owner_session)


def _pages(pdf: bytes) -> list[str]:
    """Each page's text, its whitespace (table cells, wrapped lines) made single spaces."""
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(BytesIO(pdf)).pages]


def _hygiene(
    money: MoneyOffice, patient: PatientSummary | None = None, **kwargs: object
) -> CheckOut:
    """A hygiene visit checked out with its usual procedures (Ana's, unless `patient`)."""
    visit = money.arrived_visit(patient)
    lines = tuple(CheckOutLine(code) for code in HYGIENE_CODES)
    return CheckOut(visit.id, lines, **kwargs)  # type: ignore[arg-type]


def _with_address(session: PracticeSession, patient_id: uuid.UUID) -> None:
    edit(session, patient_id, street="7 Harbour View Road", street2="Apt 12B",
         city="Portsmouth", region="NH", postal_code="03801")  # fmt: skip


def _printed_for(session: PracticeSession, action: str) -> list[uuid.UUID | None]:
    return [entry.patient_id for entry in session.audit.entries(AuditFilter(action=action))]


def test_a_receipt_after_check_out_shows_fees_the_plans_part_what_was_paid_and_what_is_owed(
    money: MoneyOffice,
) -> None:
    session, ana = money.session, money.office.ana
    paid = NewPayment(ana.id, 2_500, "card", reference="4242 auth 0099")
    result = session.desk.check_out(_hygiene(money, payment=paid))
    (page,) = _pages(session.money_print.receipt(result))
    for expected in (
        "Receipt",
        "Ana Alvarez",
        "Provider Dr. Ada Park",
        "D0120 Periodic exam",
        "Total fees $255.00",
        "contracted discount -$55.00",
        "Bluewater Dental PPO should pay -$200.00",
        "Your estimated portion $0.00",
        "Card 4242 auth 0099 $25.00",
        "Total paid $25.00",
        f"Account balance on {practice_today():%m/%d/%Y} $175.00",
        "insurance is expected to pay -$200.00",
        "You owe $0.00",
        "a credit of $25.00",
        "Page 1 of 1",
    ):
        assert expected in page
    assert _printed_for(session, Action.MONEY_PRINTED) == [ana.id]


def test_a_receipt_for_a_payment_alone_says_what_was_paid_and_what_is_still_owed(
    money: MoneyOffice,
) -> None:
    session, ben = money.session, money.office.ben
    post_days_ago(session, ben.id, EntryKind.CHARGE, 12_000, 40, procedure_code="D2391")
    payment = session.desk.take_payment(NewPayment(ben.id, 4_000, "check", reference="1043"))
    (page,) = _pages(session.money_print.receipt([payment.id]))
    assert "Today's procedures" not in page
    assert "Check 1043 $40.00" in page and "You owe $80.00" in page


def test_a_receipt_is_for_entries_of_one_account_that_are_on_file(money: MoneyOffice) -> None:
    session, ana, ben = money.session, money.office.ana, money.office.ben
    one = session.desk.take_payment(NewPayment(ana.id, 1_000, "cash"))
    other = session.desk.take_payment(NewPayment(ben.id, 1_000, "cash"))
    with pytest.raises(InvalidInput, match="one account"):
        session.money_print.receipt([one.id, other.id])
    with pytest.raises(NotFound):
        session.money_print.receipt([one.id, uuid.uuid4()])
    with pytest.raises(InvalidInput):
        session.money_print.receipt([])
    assert _printed_for(session, Action.MONEY_PRINTED) == []


def _ben_with_history(money: MoneyOffice) -> uuid.UUID:
    """Ben, uninsured: $100 charged 100 days ago, $50 45 days ago, $30 paid 10 days ago and
    $80 charged today: $200 owed, $70 of it over 90 days old."""
    session, ben = money.session, money.office.ben
    post_days_ago(session, ben.id, EntryKind.CHARGE, 10_000, 100, procedure_code="D2391",
                  description="White filling back: one surface", tooth="30")  # fmt: skip
    post_days_ago(session, ben.id, EntryKind.CHARGE, 5_000, 45, procedure_code="D0140",
                  description="Limited exam")  # fmt: skip
    post_days_ago(session, ben.id, EntryKind.PAYMENT, -3_000, 10, method="check",
                  reference="1043")  # fmt: skip
    post_days_ago(session, ben.id, EntryKind.CHARGE, 8_000, 0, procedure_code="D1110",
                  description="Cleaning: adult")  # fmt: skip
    return ben.id


def test_a_statement_brings_the_balance_forward_and_its_buckets_add_up_to_the_amount_due(
    money: MoneyOffice,
) -> None:
    session, today = money.session, practice_today()
    ben = _ben_with_history(money)
    with session._ctx.db.reading() as db:
        statement = read_statement(db, ben, today, 30)
    assert statement.since == today - timedelta(days=90)
    assert statement.balance_forward == 10_000
    assert [line.amount for line in statement.lines] == [5_000, -3_000, 8_000]
    assert statement.balance_forward + sum(line.amount for line in statement.lines) == 20_000
    assert dict(statement.buckets) == {
        "0–30 days": 8_000, "31–60 days": 5_000, "61–90 days": 0, "91+ days": 7_000,
    }  # fmt: skip
    assert statement.amount_due == 20_000 == session.desk.balance(ben).patient_due

    (page,) = _pages(session.money_print.statement(ben))
    due = today + timedelta(days=30)
    for expected in (
        "Statement · Ben Brooks",
        "Account activity since",
        "Balance forward $100.00",
        "D0140 Limited exam $50.00 $150.00",
        "Payment, check 1043 $30.00 $120.00",
        "$80.00 $50.00 $0.00 $70.00 $200.00",  # the buckets, then the amount due
        f"Amount due by {due:%m/%d/%Y} $200.00",
        "How to pay",
        "(603) 436-2200",
        "Amount enclosed",
    ):
        assert expected in page
    assert "D2391" not in page  # before the activity shown: in the balance brought forward
    assert [row.account_id for row in session.receivables.statements_due()] == [ben]
    assert _printed_for(session, Action.STATEMENT_PRINTED) == [ben]


def test_an_insured_guarantor_is_asked_for_the_balance_less_what_insurance_should_pay(
    money: MoneyOffice,
) -> None:
    session, ana = money.session, money.office.ana
    session.desk.check_out(_hygiene(money))  # $200 after the write-off, all expected from the plan
    post_days_ago(session, ana.id, EntryKind.CHARGE, 2_000, 0, procedure_code="D9310",
                  description="Consultation")  # fmt: skip
    (page,) = _pages(session.money_print.statement(ana.id))
    assert "Balance of the account $220.00" in page
    assert "Less what insurance is still expected to pay -$200.00" in page
    assert "Amount due $20.00" in page and "Insurance payment" not in page
    assert "Plan's contracted discount, D1110" in page


def test_a_statement_shows_what_happened_since_the_last_one(money: MoneyOffice) -> None:
    session = money.session
    ben = _ben_with_history(money)
    statement_sent_days_ago(session, ben, 15_000, 20)
    with session._ctx.db.reading() as db:
        statement = read_statement(db, ben, practice_today(), 30)
    assert statement.since == practice_today() - timedelta(days=20)
    assert statement.balance_forward == 15_000
    assert [line.amount for line in statement.lines] == [-3_000, 8_000]


def test_the_date_to_pay_by_follows_the_practices_setting(money: MoneyOffice) -> None:
    session = money.session
    ben = _ben_with_history(money)
    session.settings.set(STATEMENT_DUE_DAYS, 14)
    (page,) = _pages(session.money_print.statement(ben))
    assert f"Amount due by {practice_today() + timedelta(days=14):%m/%d/%Y} $200.00" in page


def test_a_batch_prints_each_guarantor_on_pages_of_their_own_and_records_them_sent(
    money: MoneyOffice,
) -> None:
    session, ben, cleo = money.session, money.office.ben, money.office.cleo
    _with_address(session, ben.id)
    for day in range(30):  # enough lines to run onto a second page
        post_days_ago(session, ben.id, EntryKind.CHARGE, 1_000 + day, day % 28,
                      procedure_code="D1110", description="Cleaning: adult")  # fmt: skip
    post_days_ago(session, cleo.id, EntryKind.CHARGE, 6_500, 3, procedure_code="D0150")
    due = session.receivables.statements_due()
    assert {row.account_id for row in due} == {ben.id, cleo.id}

    batch = session.money_print.statements([row.account_id for row in due])
    assert batch.count == 2
    assert batch.amount_due == sum(1_000 + day for day in range(30)) + 6_500
    assert batch.without_address == ("Cleo Chen",)
    pages = _pages(batch.pdf)
    headers = [
        (re.search(r"Statement · (\w+ \w+)", p), re.search(r"Page \d of \d", p)) for p in pages
    ]
    assert [(who.group(1), page.group(0)) for who, page in headers if who and page] == [
        ("Ben Brooks", "Page 1 of 2"),
        ("Ben Brooks", "Page 2 of 2"),
        ("Cleo Chen", "Page 1 of 1"),
    ]
    assert "7 Harbour View Road" in pages[0] and "(no mailing address on file)" in pages[2]
    assert session.receivables.statements_due() == []
    assert sorted(map(str, _printed_for(session, Action.STATEMENT_PRINTED))) == sorted(
        [str(ben.id), str(cleo.id)]
    )


def test_labels_are_printed_for_the_accounts_with_an_address(money: MoneyOffice) -> None:
    session, ben, cleo = money.session, money.office.ben, money.office.cleo
    _with_address(session, ben.id)
    (sheet,) = _pages(session.money_print.labels([ben.id, cleo.id]))
    assert "Ben Brooks 7 Harbour View Road Apt 12B Portsmouth, NH 03801" in sheet
    assert "Cleo" not in sheet
    with pytest.raises(InvalidInput, match="mailing address"):
        session.money_print.labels([cleo.id])


def test_the_days_report_adds_up_and_the_deposit_slip_lists_each_check_and_the_cash(
    money: MoneyOffice,
) -> None:
    session, ana, ben, cleo = money.session, money.office.ana, money.office.ben, money.office.cleo
    today, yesterday = practice_today(), practice_today() - timedelta(days=1)
    session.day_close.close(yesterday)
    with session._ctx.db.writing() as db:  # as another PC's payment for yesterday arrives by sync
        db.add(LedgerEntry(account_id=cleo.id, patient_id=cleo.id, kind="payment",
                           amount_cents=-1_500, posted_on=yesterday, method="card",
                           posted_by="maria"))  # fmt: skip
    card = NewPayment(ana.id, 2_500, "card", reference="4242 auth 0099")
    session.desk.check_out(_hygiene(money, payment=card))
    check = NewPayment(ben.id, 10_000, "check", reference="1043")
    session.desk.check_out(_hygiene(money, ben, payment=check))
    session.desk.take_payment(NewPayment(ben.id, 5_500, "cash"))
    (claim,) = session.claims.for_patient(ana.id)
    session.claims.post_eob(claim.id, Eob(paid=18_000, check_number="77821"))
    session.day_close.close(today, counted_cash=6_000)

    pages = _pages(session.money_print.day_report(today))
    report, slip = " ".join(pages[:-1]), pages[-1]
    for expected in (
        "Closed by olive",
        "Dr. Ada Park $510.00",
        "Total charges $510.00",
        "Cash $55.00",
        "Check $100.00",
        "Card $40.00",
        "Insurance payments $180.00",
        "Total collected $375.00",
        "Adjustments and write-offs -$55.00",
        "Change in what is owed to the practice $80.00",
        "LATE",
        f"posted for {yesterday:%m/%d/%Y}",
        "Insurance payment from Bluewater Dental",
    ):
        assert expected in report
    for expected in (
        "Deposit slip",
        "Ben Brooks 1043 $100.00",
        "Bluewater Dental (for Ana Alvarez) 77821 $180.00",
        "2 checks $280.00",
        "Cash posted $55.00",
        "Cash counted $60.00",
        "over by $5.00",
        "Total deposit $340.00",
        "Page 1 of 1",
    ):
        assert expected in slip
    assert _printed_for(session, Action.MONEY_PRINTED) == [None]


def test_a_claim_summary_has_what_an_insurer_asks_for_and_the_total_billed(
    money: MoneyOffice,
) -> None:
    session, ana = money.session, money.office.ana
    session.desk.check_out(_hygiene(money))
    (claim,) = session.claims.for_patient(ana.id)
    (page,) = _pages(session.money_print.claim_summary(claim.id))
    for expected in (
        "Claim summary",
        "Claim status: to send",
        "Ana Alvarez",
        "Member id BW-1001",
        "Insurer Bluewater Dental",
        "Insurer's phone (800) 555-0100",
        "Treating provider Dr. Ada Park",
        "Billing office Harbor Test Dental",
        "D0120 Periodic exam $65.00",
        "D1110 Cleaning: adult $115.00",
        "Total billed $255.00",
    ):
        assert expected in page
    assert _printed_for(session, Action.MONEY_PRINTED) == [ana.id]
    with pytest.raises(NotFound):
        session.money_print.claim_summary(uuid.uuid4())


def test_the_ar_report_and_its_csv_agree_with_the_aging_to_the_cent(money: MoneyOffice) -> None:
    session = money.session
    ben = _ben_with_history(money)
    session.desk.check_out(_hygiene(money))
    formula = session.patients.add(NewPatient("Eve", "=HYPERLINK(1)"))
    post_days_ago(session, formula.id, EntryKind.CHARGE, 1_234, 70, procedure_code="D0140")
    report = session.receivables.aging()
    assert report.total == 20_000 + 20_000 + 1_234

    text = " ".join(_pages(session.money_print.ar_aging()))
    assert (
        f"Total owed {format_cents(21_234)} {format_cents(20_000)} {format_cents(41_234)}" in text
    )
    assert "Brooks, Ben" in text and "paid" in text
    week_ago = session.receivables.aging(practice_today() - timedelta(days=7)).total
    assert f"Owed a week ago {format_cents(week_ago)}" in text  # the owner's weekly summary
    assert f"Owed now {format_cents(41_234)}" in text
    assert "The largest balances" in text and "The oldest balances" in text

    rows = list(csv.reader(io.StringIO(session.money_print.ar_aging_csv().decode("utf-8-sig"))))
    assert tuple(rows[0]) == AR_AGING_COLUMNS
    by_name = {row[0]: dict(zip(AR_AGING_COLUMNS, row, strict=True)) for row in rows[1:]}
    assert sum(Decimal(row["Total"]) for row in by_name.values()) == Decimal("412.34")
    brooks = by_name["Brooks, Ben"]
    assert (brooks["0-30 patient"], brooks["31-60 patient"], brooks["91+ patient"]) == (
        "80.00", "50.00", "70.00",
    )  # fmt: skip
    assert brooks["Last payment"] == f"{practice_today() - timedelta(days=10):%Y-%m-%d}"
    assert by_name["Alvarez, Ana"]["0-30 insurance"] == "200.00"
    assert "'=HYPERLINK(1), Eve" in by_name  # shown as typed, never run as a formula
    assert ben in {row.account_id for row in report.rows}
    exported = session.audit.entries(AuditFilter(action=Action.MONEY_EXPORTED))
    assert len(exported) == 1 and "CSV" in exported[0].summary


PRINTS = {
    "a receipt": lambda s, ids: s.money_print.receipt([ids["payment"]]),
    "a statement": lambda s, ids: s.money_print.statement(ids["ben"]),
    "a batch of statements": lambda s, ids: s.money_print.statements([ids["ben"]]),
    "labels": lambda s, ids: s.money_print.labels([ids["ben"]]),
    "the day's report": lambda s, _ids: s.money_print.day_report(practice_today()),
    "a claim summary": lambda s, ids: s.money_print.claim_summary(ids["claim"]),
    "the A/R report": lambda s, _ids: s.money_print.ar_aging(),
    "the A/R CSV": lambda s, _ids: s.money_print.ar_aging_csv(),
}


@pytest.mark.parametrize("what", sorted(PRINTS))
def test_each_print_reads_renders_and_audits_in_one_transaction(
    money: MoneyOffice, what: str
) -> None:
    session, ana, ben = money.session, money.office.ana, money.office.ben
    _with_address(session, ben.id)
    session.desk.check_out(_hygiene(money))
    post_days_ago(session, ben.id, EntryKind.CHARGE, 9_000, 5, procedure_code="D0140")
    ids = {
        "ben": ben.id,
        "payment": session.desk.take_payment(NewPayment(ben.id, 1_000, "cash")).id,
        "claim": session.claims.for_patient(ana.id)[0].id,
    }
    with transactions(session) as begun:
        PRINTS[what](session, ids)
    assert len(begun) == 1, begun


def test_a_clinician_prints_no_money(money: MoneyOffice, data_dir: Path) -> None:
    session, ben = money.session, money.office.ben
    session.users.add("kim", "Dr. Kim", Role.CLINICIAN, OTHER_PASSWORD, must_change_password=False)
    session.close()
    with open_practice(data_dir, "kim", OTHER_PASSWORD) as clinician:
        for attempt in (
            lambda: clinician.money_print.statement(ben.id),
            lambda: clinician.money_print.day_report(practice_today()),
            lambda: clinician.money_print.ar_aging_csv(),
            lambda: clinician.money_print.day_sheet(practice_today()),
        ):
            with pytest.raises(PermissionDenied):
                attempt()


def test_the_desks_day_sheet_says_what_each_patient_has_to_pay(money: MoneyOffice) -> None:
    session, office = money.session, money.office
    session.desk.adjust(NewAdjustment(office.ben.id, 4_000, "correction", credit=False))
    schedule = session.schedule
    ben = schedule.book(office.visit(office.ben, 0, 10, kind=money.hygiene, minutes=60))
    schedule.book(office.visit(office.ana, 0, 9, kind=money.hygiene, minutes=60))
    day = ben.starts_at.astimezone(schedule.zone()).date()
    (page,) = _pages(session.money_print.day_sheet(day))
    assert "To collect" in page
    assert "fees $255.00 due $40.00" in page  # Ben: no insurance, and what he owed before
    (plain,) = _pages(session.printouts.day_sheet(day))
    assert "To collect" not in plain and "$" not in plain
    assert _printed_for(session, Action.SCHEDULE_PRINTED) == [None, None]
