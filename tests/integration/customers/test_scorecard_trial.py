"""Trying a candidate scorecard on the customers' credit accounts with the real customers and
invoicing services: the grades that would move, hand-computed, with every factor's
contribution — and not one key of Redis written."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import redis.asyncio as aioredis

from services.customers.adapters.credit_files import SHIPPED
from services.invoicing.app import build as build_invoicing
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.customers.harness import AUDITOR, registration, running
from tests.integration.customers.test_credit_admin import pay_history
from tests.support.apps import eventually, key_dump, running_app
from tooling.cli_credit import trial_lines

# Each pays three invoices of 10 000 CNY due 1 June, 1 July, 1 August 2026 (issued 1 May):
# C-1001 on the day, C-1002 twenty days late; C-1003 has none. On 30 November, with the
# shipped scorecard 2026.1 (nothing open, no promise, no survey, first trade this year):
#   average days late     C-1001 0 → 1000 × 30 % = 300    C-1002 20 → 500 × 30 % = 150
#   overdue 0 %           1000 × 20 % = 200                  the same
#   promises (none)        800 × 15 % = 120                  the same
#   relationship 0 years   300 × 10 % =  30                  the same
#   founded (unknown)      400 × 10 % =  40                  the same
#   current ratio (unkn.)  500 ×  5 % =  25                  the same
#   halts 0, disputes 0   1000 ×  5 % × 2 = 100              the same
#   C-1001: 815 → B (A from 850)      C-1002: 665 → C (B from 700)
# The candidate 2027.1 gives 16–31 days late 700 points (not 500) and A from 810 (not 850):
#   C-1001: 815 → A (B→A)             C-1002: 665 - 150 + 210 = 725 → B (C→B)
# C-1003 has no invoice: no rating under either.
PAYS = {"C-1001": 0, "C-1002": 20, "C-1003": None}


def candidate() -> str:
    text = (SHIPPED / "scorecard.yaml").read_text(encoding="utf-8")
    for old, new in (('version: "2026.1"', 'version: "2027.1"'),
                     ("{at_least: 16, below: 31, points: 500}",
                      "{at_least: 16, below: 31, points: 700}"),
                     ("grades: {A: 850,", "grades: {A: 810,")):  # fmt: skip
        assert old in text
        text = text.replace(old, new, 1)
    return text


async def _rated(svc: Any, customer: str) -> bool:
    found = await svc.client.get(f"/customers/{customer}/credit-file", headers=svc.as_(AUDITOR))
    ratings = found.json().get("ratings", []) if found.status_code == 200 else []
    return (
        bool(ratings)
        and ratings[-1]["as_of"] is not None
        and len([x for x in found.json()["integrity_record"] if x["kind"].startswith("paid")]) == 3
    )


async def test_a_candidate_scorecard_shows_the_grades_that_would_move_and_writes_nothing(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc, running_app(build_invoicing, settings,
                                                             redis) as inv:  # fmt: skip
        for customer, late in PAYS.items():
            registered = await svc.register(registration(customer))
            assert registered.status_code == 201, registered.text
            if late is not None:
                await pay_history(inv, customer, late)
        for customer in ("C-1001", "C-1002"):
            await eventually(lambda c=customer: _rated(svc, c), timeout=60)  # type: ignore[misc]
        before = await key_dump(redis)
        tried = await svc.client.post(
            "/admin/credit/scorecard-trial",
            headers=svc.as_(Role.ADMIN),
            json={"scorecard_yaml": candidate(), "as_of": "2026-11-30"},
        )
        refused = await svc.client.post(
            "/admin/credit/scorecard-trial",
            headers=svc.as_(Role.ADMIN),
            json={"scorecard_yaml": candidate().replace("weight: 30", "weight: 31")},
        )
        collector = await svc.client.post("/admin/credit/scorecard-trial",
                                          headers=svc.as_(Role.COLLECTOR),
                                          json={"scorecard_yaml": candidate()})  # fmt: skip
        after = await key_dump(redis)

    assert tried.status_code == 200, tried.text
    report = tried.json()
    assert (report["current_version"], report["candidate_version"]) == ("2026.1", "2027.1")
    assert report["customers"] == 3
    assert report["moves"] == {"B→A": 1, "C→B": 1}
    moved = {c["customer_id"]: c for c in report["changes"]}
    assert set(moved) == {"C-1001", "C-1002"}
    first, second = moved["C-1001"], moved["C-1002"]
    assert (first["grade_now"], first["score_now"], first["grade_then"], first["score_then"]) == (
        "B", 815, "A", 815
    )  # fmt: skip
    assert (second["grade_now"], second["score_now"]) == ("C", 665)
    assert (second["grade_then"], second["score_then"]) == ("B", 725)
    late_now, late_then = (
        next(c for c in second[f"contributions_{when}"] if c["factor"] == "average_days_late")
        for when in ("now", "then")
    )
    assert (Decimal(late_now["value"]), late_now["points"], Decimal(late_now["contribution"])) == (
        Decimal(20), 500, Decimal(150)
    )  # fmt: skip
    assert (late_then["points"], Decimal(late_then["contribution"])) == (700, Decimal(210))
    assert sum(Decimal(c["contribution"]) for c in second["contributions_then"]) == 725
    assert trial_lines(report) == [
        "scorecard 2026.1 → 2027.1 on 3 customers (tried; nothing was written)",
        "C-1001: B (815) → A (815)",
        "C-1002: C (665) → B (725)",
        "    average_days_late = 20.00: 150 (16 or more, below 31) → 210 (16 or more, below 31)",
        "2 grades would change (B→A 1, C→B 1); 1 unchanged",
    ]
    assert refused.status_code == 422
    assert any("factor weights add up to 101" in p for p in refused.json()["detail"]["problems"])
    assert collector.status_code == 403
    assert after == before  # nothing written: no event, no rating, no key
