"""The scorecard's arithmetic on hand-computed files, no rating when inputs are missing,
overrides that expire, and a candidate scorecard tried before it takes effect."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.customers.adapters.credit_files import SHIPPED, load_scorecard
from services.customers.domain.credit.facts import SupplyHalt
from services.customers.domain.credit.integrity import integrity_record
from services.customers.domain.credit.measures import RatingBasis, measure
from services.customers.domain.credit.rating import (
    NoRating,
    Rating,
    RatingOverride,
    effective_grade,
    rate,
)
from services.customers.domain.credit.scorecard import Scorecard
from services.customers.domain.credit.survey import (
    BusinessSurvey,
    EnteredBy,
    Financials,
    Founded,
    SurveyEntry,
)
from services.customers.domain.credit.whatif import what_if
from shared.config_files import parse_yaml_document
from tests.unit.customers.credit.given import cny, day, open_item, paid, promise, refusal

CARD = load_scorecard()
AS_OF = day(11, 30)


def survey() -> BusinessSurvey:
    analyst = EnteredBy(user="li.analyst")
    figures = Financials(
        period_end=day(12, 31, 2025), revenue=cny(9_000_000), net_profit=cny(400_000),
        current_assets=cny(1_500_000), current_liabilities=cny(1_000_000),
        total_assets=cny(4_000_000), total_liabilities=cny(2_500_000),
    )  # fmt: skip
    founded = Founded(established_on=day(12, 1, 2019))
    return (
        BusinessSurvey()
        .add(SurveyEntry(entry_id="s-1", as_of=day(3, 1), source=analyst, finding=founded))
        .add(SurveyEntry(entry_id="s-2", as_of=day(4, 15), source=analyst, finding=figures))
    )


def basis(paid_invoices: int = 3) -> RatingBasis:
    invoices = [
        paid("INV-1", day(3, 31), day(3, 31)),  # on time
        paid("INV-2", day(5, 31), day(6, 10)),  # 10 days late
        paid("INV-3", day(7, 31), day(8, 20)),  # 20 days late
    ][:paid_invoices]
    facts = [
        *invoices,
        promise("P-1", "kept", day(4, 20)),
        promise("P-2", "broken", day(9, 5)),
        SupplyHalt(halt_id="H-1", halted_on=day(9, 1)),
    ]
    return RatingBasis(
        record=integrity_record(facts),
        open_items=(
            open_item("INV-4", day(11, 20), "10000"),  # 10 days past due on 30 Nov
            open_item("INV-5", day(12, 20), "30000"),  # not yet due
        ),
        survey=survey(),
        relationship_since=day(6, 1, 2023),
    )


def test_the_shipped_scorecard_rates_a_hand_computed_file_c_with_590() -> None:
    # average days late (0 + 10 + 20 + 10 so far on INV-4) / 4 = 10 → [8, 16)  700 × 30 % = 210
    # overdue 10 000 of 40 000 = 25 %                                 → [15, 30) 550 × 20 % = 110
    # promises broken 1 of 2 = 50 %                                   → [41, …)    0 × 15 % =   0
    # relationship since 2023-06-01: 3 whole years                    → [3, 5)   800 × 10 % =  80
    # founded 2019-12-01: 6 whole years                               → [5, 10)  800 × 10 % =  80
    # current ratio 1 500 000 / 1 000 000 = 1.5                       → [1.2, 2) 800 ×  5 % =  40
    # supply halts in the year: 1                                     → [1, 2)   400 ×  5 % =  20
    # disputes lost: 0                                                → below 1 1000 ×  5 % =  50
    # score 590: C starts at 550, B at 700
    rating = rate(CARD, measure(CARD, AS_OF, basis()))
    assert isinstance(rating, Rating)
    assert (rating.grade, rating.score, rating.scorecard_version) == ("C", 590, "2026.1")
    table = {c.factor: (c.value, c.points, c.weight, c.contribution) for c in rating.contributions}
    assert table == {
        "average_days_late": (Decimal("10.00"), 700, 30, 210),
        "overdue_percent": (Decimal("25.00"), 550, 20, 110),
        "promises_broken_percent": (Decimal("50.00"), 0, 15, 0),
        "years_of_relationship": (Decimal("3.00"), 800, 10, 80),
        "years_in_business": (Decimal("6.00"), 800, 10, 80),
        "current_ratio": (Decimal("1.50"), 800, 5, 40),
        "supply_halts": (Decimal("1.00"), 400, 5, 20),
        "disputes_upheld": (Decimal("0.00"), 1000, 5, 50),
    }
    assert next(c.band for c in rating.contributions if c.factor == "average_days_late") == (
        "8 or more, below 16"
    )


def test_facts_dated_after_the_rating_day_do_not_count() -> None:
    earlier = rate(CARD, measure(CARD, day(9, 2), basis()))
    assert isinstance(earlier, Rating)
    late = {c.factor: c.value for c in earlier.contributions}
    # on 2 September: INV-1..3 paid (0, 10, 20), INV-4 and INV-5 not yet due
    assert late["average_days_late"] == Decimal("10.00")
    assert late["overdue_percent"] == Decimal("0.00")


SMALL = """
id: small
version: t-1
effective_from: 2026-01-01
grades: {A: 900, B: 616, C: 615, D: 1, E: 0}
factors:
  - measure: overdue_percent
    weight: 33
    bands: [{below: 10, points: 850}, {at_least: 10, points: 100}]
  - measure: supply_halts
    weight: 67
    bands: [{below: 1, points: 500}, {at_least: 1, points: 0}]
"""


def test_the_score_is_the_weighted_sum_rounded_half_up() -> None:
    # 850 × 33 % = 280.5 and 500 × 67 % = 335: 615.5 rounds up to 616, grade B (not C at 615)
    card = parse_yaml_document(SMALL, Scorecard)
    rating = rate(card, measure(card, AS_OF, RatingBasis(record=integrity_record([]))))
    assert isinstance(rating, Rating)
    assert [c.contribution for c in rating.contributions] == [Decimal("280.5"), Decimal("335")]
    assert (rating.score, rating.grade) == (616, "B")


def test_too_few_invoices_give_no_rating_and_say_what_is_missing() -> None:
    result = rate(CARD, measure(CARD, day(8, 1), basis(paid_invoices=2)))
    assert isinstance(result, NoRating)
    # on 1 August: INV-1 and INV-2 paid, INV-3 not yet past due: 2 of the 3 needed
    assert result.missing == (
        "average_days_late: at least 3, 2 known (2 invoices paid, 0 open past due)",
    )


def test_a_new_customer_without_any_history_is_not_rated() -> None:
    result = rate(CARD, measure(CARD, AS_OF, RatingBasis(record=integrity_record([]))))
    assert isinstance(result, NoRating)
    assert result.missing[0].startswith("average_days_late: at least 3, 0 known")


def test_an_override_sets_the_grade_until_it_expires() -> None:
    rating = rate(CARD, measure(CARD, AS_OF, basis()))
    override = RatingOverride(
        grade="B", reason="Parent company guarantee signed 2026-11-28", set_by="zhang.admin",
        set_on=day(12, 1), expires_on=day(3, 1, 2027),
    )  # fmt: skip
    assert effective_grade(rating, override, day(11, 30)).grade == "C"
    during = effective_grade(rating, override, day(2, 28, 2027))
    assert (during.grade, during.source) == ("B", "override")
    assert effective_grade(rating, override, day(3, 1, 2027)).source == "scorecard"


def test_an_override_must_expire_after_the_day_it_is_set() -> None:
    with pytest.raises(ValueError, match="expires after"):
        RatingOverride(grade="A", reason="x", set_by="a", set_on=day(12, 1), expires_on=day(12, 1))


def test_a_candidate_scorecard_reports_which_grades_would_change() -> None:
    text = (SHIPPED / "scorecard.yaml").read_text(encoding="utf-8")
    candidate = parse_yaml_document(
        text.replace('version: "2026.1"', 'version: "2026.2"').replace("C: 550", "C: 600"),
        Scorecard,
    )
    files = {"C-1": basis(), "C-2": basis(paid_invoices=2), "C-3": basis()}
    files["C-3"] = files["C-3"].model_copy(update={"open_items": ()})
    report = what_if(CARD, candidate, files, AS_OF)
    # C-1 scores 590: C under 2026.1, D once C starts at 600. C-2 stays unrated on either;
    # C-3 owes nothing (overdue 0 %: 590 - 110 + 200 = 680, INV-1..3 still average 10 days
    # late) and stays C
    assert [(c.customer_id, c.grade_now, c.grade_then) for c in report.changes] == [
        ("C-1", "C", "D")
    ]
    assert (report.moves, report.unchanged, report.candidate_version) == ({"C→D": 1}, 2, "2026.2")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("weight: 30", "weight: 31"), "(top): Value error, factor weights add up to 101"),
        (("{at_least: 8, below: 16", "{at_least: 9, below: 16"), "below must be the next"),
        (("C: 550", "C: 750"), "grade floors must fall strictly"),
        (("effective_from: 2026-01-01", "effective_from: 2026-13-01"), "effective_from: "),
        (("measure: supply_halts", "measure: shoe_size"), "factors.6.measure: "),
    ],
)
def test_a_bad_scorecard_is_refused_with_the_path_and_reason(
    change: tuple[str, str], problem: str
) -> None:
    problems = refusal("scorecard.yaml", Scorecard, change)
    assert any(p.startswith("scorecard.yaml: ") and problem in p for p in problems), problems
