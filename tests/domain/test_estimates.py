"""The insurance estimate: who pays what of a visit or a treatment plan."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practicedesk.domain.estimates import (
    Coverage,
    ProcedureCategory,
    ProcedureLine,
    estimate,
)

PREVENTIVE, BASIC, MAJOR, OTHER = list(ProcedureCategory)

fees = st.integers(0, 300_000)
procedure_lines = st.lists(
    st.builds(
        ProcedureLine,
        st.sampled_from(["D0120", "D1110", "D2391", "D2740", "99213"]),
        st.sampled_from(list(ProcedureCategory)),
        fees,
        st.none() | fees,
    ),
    max_size=8,
)
coverages = st.builds(
    Coverage,
    st.dictionaries(st.sampled_from(list(ProcedureCategory)), st.integers(0, 100)),
    st.integers(0, 20_000),
    st.frozensets(st.sampled_from(list(ProcedureCategory))),
    st.none() | st.integers(0, 300_000),
    st.none() | st.integers(0, 10_000),
)


@given(procedure_lines, st.none() | coverages)
def test_every_cent_of_a_fee_is_paid_by_the_plan_or_the_patient_or_written_off(
    lines: list[ProcedureLine], coverage: Coverage | None
) -> None:
    result = estimate(lines, coverage)
    assert len(result.lines) == len(lines)
    for line in result.lines:
        assert line.insurance + line.patient + line.write_off == line.fee
        assert min(line.insurance, line.patient, line.write_off, line.deductible) >= 0
        assert line.allowed + line.write_off == line.fee
    assert result.fee == sum(line.fee for line in lines)
    assert result.insurance + result.patient + result.write_off == result.fee


@given(procedure_lines, coverages)
def test_the_plan_never_pays_beyond_its_maximum_or_the_deductible_beyond_what_is_left(
    lines: list[ProcedureLine], coverage: Coverage
) -> None:
    result = estimate(lines, coverage)
    if coverage.annual_max_left is not None:
        assert result.insurance <= coverage.annual_max_left
    assert result.deductible <= coverage.deductible_left


@given(procedure_lines)
def test_full_cover_without_deductible_or_maximum_leaves_the_patient_nothing(
    lines: list[ProcedureLine],
) -> None:
    full = Coverage(dict.fromkeys(ProcedureCategory, 100))
    result = estimate(lines, full)
    assert result.patient == 0
    assert result.insurance == result.allowed


@given(procedure_lines, coverages)
def test_a_plan_paying_no_percent_leaves_the_patient_everything_but_the_write_off(
    lines: list[ProcedureLine], coverage: Coverage
) -> None:
    result = estimate(lines, replace(coverage, percent_by_category={}, copay=None))
    assert result.insurance == 0 and result.deductible == 0
    assert result.patient == result.allowed


@given(procedure_lines, coverages, st.sampled_from(list(ProcedureCategory)), st.integers(0, 100))
def test_a_plan_paying_a_higher_percentage_never_raises_what_the_patient_pays(
    lines: list[ProcedureLine], coverage: Coverage, category: str, raise_by: int
) -> None:
    plain = replace(coverage, copay=None)
    percent = plain.percent_by_category.get(category, 0)
    better = replace(
        plain,
        percent_by_category={**plain.percent_by_category, category: min(100, percent + raise_by)},
    )
    assert estimate(lines, better).patient <= estimate(lines, plain).patient


@given(procedure_lines, st.integers(0, 10_000))
def test_a_co_pay_plan_asks_the_co_pay_or_the_whole_if_less(
    lines: list[ProcedureLine], copay: int
) -> None:
    result = estimate(lines, Coverage(copay=copay))
    assert result.patient == min(copay, result.allowed)


def test_a_hygiene_visit_with_full_preventive_cover_costs_the_patient_nothing() -> None:
    visit = [
        ProcedureLine("D0120", PREVENTIVE, 6_000, 4_500),
        ProcedureLine("D1110", PREVENTIVE, 11_000, 8_500),
        ProcedureLine("D0274", PREVENTIVE, 8_000, 6_000),
    ]
    plan = Coverage({PREVENTIVE: 100, BASIC: 80, MAJOR: 50}, deductible_left=5_000)
    result = estimate(visit, plan)
    assert (result.insurance, result.patient, result.write_off) == (19_000, 0, 6_000)
    assert result.deductible == 0  # preventive care is exempt


def test_a_filling_pays_the_deductible_first_then_the_plans_percentage() -> None:
    filling = ProcedureLine("D2391", BASIC, 20_000, 15_000)
    plan = Coverage({PREVENTIVE: 100, BASIC: 80}, deductible_left=5_000)
    [line] = estimate([filling], plan).lines
    assert (line.allowed, line.write_off, line.deductible) == (15_000, 5_000, 5_000)
    assert (line.insurance, line.patient) == (8_000, 7_000)


def test_the_annual_maximum_is_spent_on_the_first_lines_first() -> None:
    crown = ProcedureLine("D2740", MAJOR, 120_000, 90_000)
    filling = ProcedureLine("D2391", BASIC, 15_000)
    plan = Coverage({BASIC: 80, MAJOR: 50}, annual_max_left=50_000)
    first, second = estimate([crown, filling], plan).lines
    assert (first.insurance, first.patient) == (45_000, 45_000)
    assert (second.insurance, second.patient) == (5_000, 10_000)


def test_a_service_the_plan_does_not_cover_leaves_the_deductible_for_one_it_does() -> None:
    implant = ProcedureLine("D6010", OTHER, 200_000)
    filling = ProcedureLine("D2391", BASIC, 15_000)
    plan = Coverage(
        {BASIC: 80}, deductible_left=5_000, deductible_categories=frozenset({BASIC, OTHER})
    )
    first, second = estimate([implant, filling], plan).lines
    assert (first.deductible, first.patient) == (0, 200_000)
    assert (second.deductible, second.insurance) == (5_000, 8_000)


def test_a_co_pay_is_split_over_the_lines_by_their_allowed_fees() -> None:
    office_visit = ProcedureLine("99213", OTHER, 15_000)
    test = ProcedureLine("81002", OTHER, 5_000)
    first, second = estimate([office_visit, test], Coverage(copay=2_500)).lines
    assert (first.patient, second.patient) == (1_875, 625)
    assert first.insurance + second.insurance == 17_500


def test_without_insurance_the_patient_pays_the_office_fee_not_a_plans_fee() -> None:
    [line] = estimate([ProcedureLine("D2391", BASIC, 15_000, 9_000)], None).lines
    assert (line.patient, line.insurance, line.write_off) == (15_000, 0, 0)


def test_an_allowed_fee_above_the_office_fee_is_not_charged() -> None:
    [line] = estimate([ProcedureLine("D0120", PREVENTIVE, 5_000, 6_000)], Coverage()).lines
    assert (line.allowed, line.write_off, line.patient) == (5_000, 0, 5_000)


@pytest.mark.parametrize(
    "plan",
    [
        {"percent_by_category": {BASIC: 120}},
        {"deductible_left": -1},
        {"annual_max_left": -100},
        {"copay": -5},
    ],
)
def test_a_plan_that_cannot_exist_is_a_bug_not_an_estimate(plan: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Coverage(**plan)
