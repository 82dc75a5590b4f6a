"""诚信档案: the integrity record comes from facts alone; the survey keeps every entry with
its source and date; basic information names what changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from services.customers.domain.credit.facts import (
    DisputeRaised,
    DisputeSettled,
    StatementConfirmed,
    SupplyHalt,
    SupplyResume,
)
from services.customers.domain.credit.integrity import integrity_record
from services.customers.domain.credit.survey import (
    BankReference,
    BusinessSurvey,
    EnteredBy,
    Financials,
    ImportedFrom,
    Scale,
    SurveyEntry,
    TradeReference,
)
from tests.unit.customers.credit.given import basic, cny, day, paid, promise

FACTS = [
    paid("INV-1", day(3, 31), day(3, 28)),
    paid("INV-2", day(5, 31), day(6, 14)),
    promise("P-1", "broken", day(6, 5)),
    DisputeRaised(invoice_id="INV-3", raised_on=day(7, 2), reason="quality"),
    DisputeSettled(invoice_id="INV-3", resolved_on=day(7, 20), outcome="upheld"),
    StatementConfirmed(
        statement_id="ST-2026-06", period_end=day(6, 30), answered_on=day(7, 8), agreed=True
    ),
    SupplyHalt(halt_id="H-1", halted_on=day(8, 1)),
]


def test_the_integrity_record_lists_every_fact_in_date_order() -> None:
    record = integrity_record(reversed(FACTS))
    assert [(line.on.isoformat(), line.kind, line.reference) for line in record.lines] == [
        ("2026-03-28", "paid_on_time", "INV-1"),
        ("2026-06-05", "promise_broken", "P-1"),
        ("2026-06-14", "paid_late", "INV-2"),
        ("2026-07-02", "dispute_raised", "INV-3"),
        ("2026-07-08", "statement_agreed", "ST-2026-06"),
        ("2026-07-20", "dispute_upheld", "INV-3"),
        ("2026-08-01", "supply_halted", "H-1"),
    ]
    assert record.lines[2].days_late == 14
    assert record.halted


def test_the_summary_counts_a_period_and_averages_the_days_late() -> None:
    summary = integrity_record(FACTS).summary()
    assert (summary.invoices_paid_on_time, summary.invoices_paid_late) == (1, 1)
    assert (summary.average_days_late, summary.most_days_late) == (Decimal(7), 14)
    assert (summary.promises_broken, summary.disputes_raised, summary.disputes_upheld) == (1, 1, 1)
    assert (summary.statements_agreed, summary.supply_halts) == (1, 1)
    assert integrity_record(FACTS).summary(day(6, 30), day(12, 31)).invoices_paid_late == 0


def test_a_fact_delivered_twice_is_one_line() -> None:
    assert integrity_record(FACTS + FACTS) == integrity_record(FACTS)


def test_a_resumed_halt_no_longer_stands() -> None:
    record = integrity_record([*FACTS, SupplyResume(halt_id="H-1", resumed_on=day(8, 20))])
    assert not record.halted
    assert record.lines[-1].kind == "supply_resumed"


def entry(entry_id: str, as_of: tuple[int, int], finding: object, by: object = None) -> SurveyEntry:
    return SurveyEntry.model_validate(
        {"entry_id": entry_id, "as_of": day(*as_of), "finding": finding,
         "source": by or EnteredBy(user="wang.collector")}
    )  # fmt: skip


def test_the_survey_keeps_every_entry_and_the_latest_of_a_topic_is_current() -> None:
    bureau = ImportedFrom(system="credit_bureau", reference="RPT-88231")
    survey = (
        BusinessSurvey()
        .add(entry("e-1", (2, 1), Scale(employees=120, size_class="small")))
        .add(entry("e-2", (9, 1), Scale(employees=180, size_class="medium"), bureau))
        .add(entry("e-3", (5, 1), BankReference(bank="中国工商银行深圳分行", opinion="good")))
        .add(
            entry("e-4", (5, 3), TradeReference(supplier="华南钢材有限公司", payment_habit="slow"))
        )
    )
    assert survey.add(entry("e-1", (2, 1), Scale(employees=999))) == survey
    current = survey.current("scale", day(12, 1))
    assert current is not None and current.entry_id == "e-2"
    assert current.source == bureau
    assert survey.current("scale", day(6, 1)).entry_id == "e-1"  # type: ignore[union-attr]
    assert len(survey.all_of("scale", day(12, 1))) == 2


def test_financial_figures_of_one_period_are_in_one_currency() -> None:
    figures = {
        "period_end": day(12, 31, 2025), "revenue": cny(100), "net_profit": cny(1),
        "current_assets": cny(10), "current_liabilities": cny(0), "total_assets": cny(50),
        "total_liabilities": {"amount": "20", "currency": "USD"},
    }  # fmt: skip
    with pytest.raises(ValidationError, match="one currency"):
        Financials.model_validate(figures)
    figures["total_liabilities"] = cny(20)
    assert Financials.model_validate(figures).current_ratio is None  # no current liabilities


def test_a_note_keeps_its_lines_but_refuses_other_control_characters() -> None:
    fields = entry("e-9", (1, 1), Scale(employees=3)).model_dump()
    kept = SurveyEntry.model_validate({**fields, "note": "第一行\r\n第二行"})
    assert kept.note == "第一行\n第二行"
    with pytest.raises(ValidationError, match=r"U\+0007 ALERT"):
        SurveyEntry.model_validate({**fields, "note": "ring\x07"})


def test_basic_information_names_the_fields_that_changed() -> None:
    before = basic()
    after = basic(owner="li.sales", legal_name="深圳市海川国际贸易有限公司")
    assert after.changes_from(before) == ("legal_name", "owner")
    assert before.changes_from(before) == ()
