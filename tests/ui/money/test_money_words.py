"""The balance in words, as the chart header and the Ledger tab say it."""

from __future__ import annotations

from practicedesk.domain.ledger import Balance
from practicedesk.ui.money.money_words import balance_words


def test_the_balance_says_what_is_owed_a_credit_or_nothing() -> None:
    assert balance_words(Balance(4_000, 0)) == "Owes $40.00"
    assert balance_words(Balance(25_000, 20_000)) == "Owes $50.00"
    assert balance_words(Balance(-3_500, 0)) == "Credit $35.00"
    assert balance_words(Balance(0, 0)) == "Nothing due"
    assert balance_words(Balance(20_000, 20_000)) == "Nothing due"


def test_a_patient_who_paid_ahead_of_insurance_is_told_what_comes_back() -> None:
    """$200 expected from the insurer on $190 owed: the $10 paid at the desk comes back to
    the patient if it pays in full; until then the account is not in credit."""
    assert balance_words(Balance(19_000, 20_000)) == "Nothing due; $10.00 back if insurance pays"
