"""Pre-surgery readiness rules: every state of every item, the windows' edges, the colours."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practicedesk.domain.readiness import (
    AuthorizationFact,
    Colour,
    Facts,
    Key,
    ReferralFact,
    State,
    Tick,
    Windows,
    board_order,
    checklist,
    open_by_kind,
    open_keys,
)

SURGERY = date(2026, 12, 10)
TODAY = date(2026, 11, 29)
WINDOWS = Windows(verify_days=30, history_days=180, consent_days=30)
TICK = Tick("frontdesk", date(2026, 11, 28), "mother drives")


def ready(**changes: object) -> Facts:
    """A chart with everything in place, changed only where a test says."""
    facts = Facts(
        surgery_on=SURGERY,
        today=TODAY,
        photo_id_on=date(2025, 1, 5),
        insurance_card_on=date(2025, 1, 5),
        insured=True,
        verified_on=date(2026, 11, 20),
        verified_result="active",
        authorizations=(AuthorizationFact("approved", None, None, date(2026, 12, 31), "A7"),),
        referrals=(ReferralFact("received", date(2026, 10, 1)),),
        history_signed_on=date(2026, 11, 2),
        consent_signed_on=date(2026, 11, 20),
        pre_op_given_on=date(2026, 11, 20),
        pre_op_how="printed",
        ticks={Key.ESCORT: TICK},
    )
    return replace(facts, **changes)  # type: ignore[arg-type]


def item(facts: Facts, key: Key):  # type: ignore[no-untyped-def]
    return checklist(facts, WINDOWS).item(key)


def test_a_chart_with_everything_in_place_is_green() -> None:
    result = checklist(ready(), WINDOWS)
    assert result.colour is Colour.GREEN
    assert all(i.state is State.DONE for i in result.items)
    assert result.summary() == ""


@pytest.mark.parametrize(
    ("key", "changes", "state", "detail"),
    [
        (Key.PHOTO_ID, {}, State.DONE, "on file since 01/05/2025"),
        (Key.PHOTO_ID, {"photo_id_on": None}, State.MISSING, "no photo ID on file"),
        (Key.INSURANCE_CARD, {}, State.DONE, "on file since 01/05/2025"),
        (Key.INSURANCE_CARD, {"insurance_card_on": None}, State.MISSING, "no insurance card"),
        (Key.INSURANCE_CARD, {"insured": False}, State.NOT_NEEDED, "self-pay — not needed"),
        (Key.INSURANCE_VERIFIED, {}, State.DONE, "verified 11/20/2026"),
        (Key.INSURANCE_VERIFIED, {"insured": False}, State.NOT_NEEDED, "self-pay"),
        (Key.INSURANCE_VERIFIED, {"verified_on": None}, State.MISSING, "never verified"),
        (
            Key.INSURANCE_VERIFIED,
            {"verified_on": date(2026, 11, 9)},
            State.MISSING,
            "more than 30 days before the surgery",
        ),
        (Key.INSURANCE_VERIFIED, {"verified_on": date(2026, 11, 10)}, State.DONE, "11/10/2026"),
        (Key.AUTHORIZATION, {}, State.DONE, "approved #A7, valid to 12/31/2026"),
        (
            Key.AUTHORIZATION,
            {"authorizations": (AuthorizationFact("submitted", date(2026, 11, 3)),)},
            State.WAITING,
            "submitted 11/03/2026, no answer yet",
        ),
        (
            Key.AUTHORIZATION,
            {"authorizations": (AuthorizationFact("draft"),)},
            State.WAITING,
            "not sent",
        ),
        (
            Key.AUTHORIZATION,
            {"authorizations": (AuthorizationFact("denied"),)},
            State.MISSING,
            "denied",
        ),
        (
            Key.AUTHORIZATION,
            {"authorizations": (AuthorizationFact("expired"),)},
            State.MISSING,
            "not valid on the surgery date",
        ),
        (Key.AUTHORIZATION, {"authorizations": ()}, State.MISSING, "tick if not needed"),
        (
            Key.AUTHORIZATION,
            {"authorizations": (), "ticks": {Key.AUTHORIZATION: TICK}},
            State.DONE,
            "not needed / obtained, ticked by frontdesk 11/28/2026: mother drives",
        ),
        (Key.REFERRAL, {}, State.DONE, "received 10/01/2026"),
        (
            Key.REFERRAL,
            {"referrals": (ReferralFact("completed", date(2026, 10, 9)),)},
            State.DONE,
            "completed 10/09/2026",
        ),
        (
            Key.REFERRAL,
            {"referrals": (ReferralFact("sent", date(2026, 10, 2)),)},
            State.WAITING,
            "sent 10/02/2026, not received yet",
        ),
        (Key.REFERRAL, {"referrals": ()}, State.MISSING, "tick if not needed"),
        (
            Key.REFERRAL,
            {"referrals": (), "ticks": {Key.REFERRAL: TICK}},
            State.DONE,
            "ticked by frontdesk",
        ),
        (Key.MEDICAL_HISTORY, {}, State.DONE, "signed 11/02/2026"),
        (Key.MEDICAL_HISTORY, {"history_signed_on": None}, State.MISSING, "no signed medical"),
        (Key.CONSENT, {}, State.DONE, "signed 11/20/2026"),
        (Key.CONSENT, {"consent_signed_on": None}, State.MISSING, "not signed"),
        (
            Key.CONSENT,
            {"consent_signed_on": date(2026, 1, 2), "consent_for_this_visit": True},
            State.DONE,
            "signed for this visit 01/02/2026",
        ),
        (Key.CONSENT, {"consent_signed_on": date(2026, 1, 2)}, State.MISSING, "sign again"),
        (Key.PRE_OP, {}, State.DONE, "printed 11/20/2026"),
        (Key.PRE_OP, {"pre_op_how": "signed"}, State.DONE, "signed 11/20/2026"),
        (Key.PRE_OP, {"pre_op_given_on": None}, State.MISSING, "not given yet"),
        (
            Key.PRE_OP,
            {"pre_op_given_on": None, "ticks": {Key.PRE_OP: TICK}},
            State.DONE,
            "given, ticked by frontdesk",
        ),
        (Key.ESCORT, {}, State.DONE, "confirmed, ticked by frontdesk 11/28/2026"),
        (Key.ESCORT, {"ticks": {}}, State.MISSING, "not confirmed yet"),
    ],
)
def test_each_item_is_worked_out_from_the_facts(
    key: Key, changes: dict[str, object], state: State, detail: str
) -> None:
    found = item(ready(**changes), key)
    assert found.state is state
    assert detail in found.detail


@pytest.mark.parametrize(
    ("key", "days_before", "state"),
    [
        (Key.INSURANCE_VERIFIED, 30, State.DONE),
        (Key.INSURANCE_VERIFIED, 31, State.MISSING),
        (Key.MEDICAL_HISTORY, 180, State.DONE),
        (Key.MEDICAL_HISTORY, 181, State.MISSING),
        (Key.CONSENT, 30, State.DONE),
        (Key.CONSENT, 31, State.MISSING),
    ],
)
def test_a_window_counts_back_from_the_surgery_day_inclusive(
    key: Key, days_before: int, state: State
) -> None:
    on = SURGERY - timedelta(days=days_before)
    field = {
        Key.INSURANCE_VERIFIED: "verified_on",
        Key.MEDICAL_HISTORY: "history_signed_on",
        Key.CONSENT: "consent_signed_on",
    }[key]
    assert item(ready(**{field: on}), key).state is state


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "state"),
    [
        (SURGERY, SURGERY, State.DONE),
        (SURGERY + timedelta(days=1), None, State.MISSING),
        (None, SURGERY - timedelta(days=1), State.MISSING),
    ],
)
def test_an_approval_counts_only_on_the_surgery_date(
    valid_from: date | None, valid_to: date | None, state: State
) -> None:
    auth = AuthorizationFact("approved", None, valid_from, valid_to)
    found = item(ready(authorizations=(auth,)), Key.AUTHORIZATION)
    assert found.state is state
    assert found.problem is (state is State.MISSING)


def test_only_items_the_chart_cannot_settle_get_a_check_box() -> None:
    result = checklist(ready(authorizations=(), referrals=(), pre_op_given_on=None), WINDOWS)
    by_hand = {i.key for i in result.items if i.by_hand}
    assert by_hand == {Key.AUTHORIZATION, Key.REFERRAL, Key.PRE_OP, Key.ESCORT}


def test_a_coverage_the_payer_called_inactive_is_a_problem() -> None:
    found = item(ready(verified_result="inactive"), Key.INSURANCE_VERIFIED)
    assert found.state is State.MISSING and found.problem
    assert "inactive" in found.detail


@pytest.mark.parametrize(
    ("changes", "today", "colour"),
    [
        ({}, TODAY, Colour.GREEN),
        ({"insured": False}, TODAY, Colour.GREEN),  # not needed counts as done
        ({"ticks": {}}, SURGERY - timedelta(days=3), Colour.AMBER),
        ({"ticks": {}}, SURGERY - timedelta(days=1), Colour.AMBER),  # a call today will do
        ({"ticks": {}}, SURGERY, Colour.RED),  # too late to find an escort
        ({"ticks": {}, "days_to_act": 0}, SURGERY - timedelta(days=2), Colour.RED),  # a weekend
        ({"photo_id_on": None}, SURGERY, Colour.AMBER),  # brought at check-in
        ({"consent_signed_on": None}, SURGERY, Colour.AMBER),  # signed at check-in
        ({"referrals": (ReferralFact("sent"),)}, SURGERY - timedelta(days=1), Colour.AMBER),
        ({"referrals": (ReferralFact("sent"),)}, SURGERY, Colour.RED),
        ({"authorizations": ()}, SURGERY - timedelta(days=5), Colour.AMBER),
        ({"authorizations": ()}, SURGERY - timedelta(days=4), Colour.RED),  # no payer is that quick
        ({"authorizations": (AuthorizationFact("submitted"),)}, SURGERY - timedelta(days=2),
         Colour.AMBER),
        ({"authorizations": (AuthorizationFact("submitted"),)}, SURGERY - timedelta(days=1),
         Colour.RED),
        ({"authorizations": (AuthorizationFact("denied"),)}, TODAY, Colour.RED),
    ],
)  # fmt: skip
def test_the_colour_is_red_only_for_what_cannot_be_fixed_in_time(
    changes: dict[str, object], today: date, colour: Colour
) -> None:
    assert checklist(ready(today=today, **changes), WINDOWS).colour is colour


_WORSE = {Colour.GREEN: 0, Colour.AMBER: 1, Colour.RED: 2}
_GAPS: list[dict[str, object]] = [
    {"photo_id_on": None},
    {"ticks": {}},
    {"pre_op_given_on": None},
    {"verified_on": None},
    {"authorizations": ()},
    {"authorizations": (AuthorizationFact("submitted"),)},
    {"referrals": (ReferralFact("requested"),)},
    {"history_signed_on": None},
]


@given(
    days=st.integers(min_value=0, max_value=20),
    gaps=st.sets(st.sampled_from(range(len(_GAPS)))),
)
def test_more_days_to_act_never_make_a_surgery_look_worse(days: int, gaps: set[int]) -> None:
    changes = {key: value for gap in sorted(gaps) for key, value in _GAPS[gap].items()}
    sooner = checklist(ready(days_to_act=days, **changes), WINDOWS)
    later = checklist(ready(days_to_act=days + 1, **changes), WINDOWS)
    assert _WORSE[later.colour] <= _WORSE[sooner.colour]
    assert (sooner.colour is Colour.GREEN) == (not changes)


def test_the_last_day_to_act_names_the_calls_to_make_today() -> None:
    tomorrow = checklist(ready(ticks={}, authorizations=(), days_to_act=1), WINDOWS)
    assert tomorrow.today() == (Key.ESCORT,)  # the pre-authorization is already too late
    assert tomorrow.colour is Colour.RED
    in_a_week = checklist(ready(ticks={}, authorizations=(), days_to_act=5), WINDOWS)
    assert in_a_week.today() == (Key.AUTHORIZATION,)
    assert in_a_week.colour is Colour.AMBER


def test_the_board_puts_the_next_two_working_days_on_top_then_red_first() -> None:
    def surgery(days: int, **changes: object) -> tuple[str, object]:
        return (f"{days} {changes}", checklist(ready(days_to_act=days, **changes), WINDOWS))

    found = [
        surgery(9),  # green, later
        surgery(8, authorizations=(AuthorizationFact("denied"),)),  # red, later
        surgery(2),  # green, soon
        surgery(6, ticks={}),  # amber, later
        surgery(0, ticks={}),  # red, soon
    ]
    ordered = sorted(found, key=lambda pair: (board_order(pair[1]), pair[1].days_to_act))
    assert [name.split()[0] for name, _ in ordered] == ["0", "2", "8", "6", "9"]


def test_the_count_above_the_board_puts_the_commonest_gap_first() -> None:
    lists = [
        checklist(ready(ticks={}), WINDOWS),
        checklist(ready(ticks={}, photo_id_on=None), WINDOWS),
        checklist(ready(referrals=(ReferralFact("sent"),)), WINDOWS),
        checklist(ready(), WINDOWS),
    ]
    assert open_by_kind(open_keys(found) for found in lists) == [
        ("escort", 2),
        ("photo ID", 1),
        ("referral", 1),
    ]


def test_the_summary_names_what_is_missing_and_what_is_waiting() -> None:
    result = checklist(
        ready(photo_id_on=None, ticks={}, referrals=(ReferralFact("requested"),)), WINDOWS
    )
    assert result.summary() == "missing: photo ID, escort; waiting: referral"
