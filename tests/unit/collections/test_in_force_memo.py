"""``context`` keeps what it last found: it must answer every question as if it had not,
whichever order the questions come in (another book, segment, jurisdiction or instant)."""

from __future__ import annotations

import datetime as dt
import itertools

from services.collections.domain.in_force import _in_force, context
from services.collections.domain.state import Debtor
from tests.unit.collections.given import BOOK, NOW
from tests.unit.collections.test_policy import SHIPPED, parse_policy, with_version

NEWER = with_version("cn-2027.1", dt.date(2026, 12, 5))  # BOOK plus a version from 5 Dec
_NAMED = (SHIPPED / "key_account.yaml").read_text().replace("id: key-account", "id: c2-own")
NEWER = NEWER.with_version(
    parse_policy(_NAMED.replace("segments: [key_account]", "customers: [C-2]"))
)  # and a policy of customer C-2's own

DEBTORS = [
    Debtor(customer_id="C-1", jurisdiction="cn"),
    Debtor(customer_id="C-1", jurisdiction="cn", segment="key_account"),
    Debtor(customer_id="C-1", jurisdiction="eu"),
    Debtor(customer_id="C-2", jurisdiction="cn"),
]
INSTANTS = [NOW, NOW + dt.timedelta(days=1), NOW.astimezone(dt.timezone(dt.timedelta(hours=8)))]


def test_every_question_gets_what_a_fresh_lookup_gives_in_any_order() -> None:
    questions = list(itertools.product(range(len(DEBTORS)), INSTANTS, (BOOK, NEWER)))
    found: dict[tuple[int, dt.datetime, object], tuple[str, dt.date]] = {}
    for first, (d, now, book) in itertools.product(questions, questions):  # every pair in turn
        context(DEBTORS[first[0]], first[1], first[2])
        ctx = context(DEBTORS[d], now, book)
        policy, today, basis = _in_force(DEBTORS[d], now, book)
        assert (ctx.policy, ctx.today, ctx.basis, ctx.now) == (policy, today, basis, now)
        found[d, now, id(book)] = (ctx.policy.version, ctx.today)
    # the questions do tell apart: segment, jurisdiction, customer, book and day
    tomorrow = INSTANTS[1]
    assert found[0, NOW, id(BOOK)][0] == "cn-2026.1"
    assert found[1, NOW, id(BOOK)][0] != "cn-2026.1"  # key accounts have their own policy
    assert found[2, NOW, id(BOOK)][0] != "cn-2026.1"  # so has the EU
    assert found[0, tomorrow, id(NEWER)][0] == "cn-2027.1"  # in force from 5 December
    assert found[0, tomorrow, id(BOOK)][0] == "cn-2026.1"
    assert found[0, NOW, id(NEWER)][0] == "cn-2026.1"
    assert found[3, NOW, id(BOOK)][0] == "cn-2026.1"
    assert found[3, NOW, id(NEWER)][0] == "ka-2026.1"  # C-2's own policy (a key account's copy)


def test_the_same_question_about_an_equal_debtor_shares_the_policy_found() -> None:
    first = context(Debtor(customer_id="C-9", jurisdiction="cn"), NOW, BOOK)
    again = context(Debtor(customer_id="C-9", jurisdiction="cn"), NOW, BOOK, reassess=True)
    assert again.policy is first.policy and again.today == first.today
    assert again.reassess and not first.reassess  # the flag is the caller's, never kept
