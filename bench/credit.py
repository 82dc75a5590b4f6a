"""The credit file's pure core: CSV import and the order credit check, each beside a baseline.

    .venv/bin/python bench/credit.py [N]     # default 10 000

1. CSV import: ``parse_customers_csv`` of N generated customers with a contact each
   (every cell validated: 统一社会信用代码, address, e-mail, phone, zone, roles), then
   ``plan_import`` of the same file against the result — beside ``csv.reader`` alone
   over the same bytes;
2. order credit check: ``terms_for`` + ``check_order`` with five open items and two open
   orders, no I/O — checks/s and p50 / p99 latency;
3. ``--redis [CUSTOMERS] [CHECKS] [--clients 8,32]``: order checks through the service's
   use case on a real Redis beside raw redis-py, closed loops of 8 and 32 clients
   (bench/credit_redis.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
import sys
import time

from common import Timer

from services.customers.adapters.credit_files import load_credit_policy
from services.customers.domain.credit.check import OrderToCheck, check_order
from services.customers.domain.credit.csv_import import parse_customers_csv, plan_import
from services.customers.domain.credit.exposure import OpenOrder
from services.customers.domain.credit.facts import OpenItem
from services.customers.domain.credit.policy import terms_for
from shared.contracts.money import Money
from tests.support.credit_csv import customer_row, customers_csv


def cny(amount: int) -> Money:
    return Money(amount=amount, currency="CNY")


def show(title: str, n: int, ours: float, base: float, unit: str) -> None:
    print(f"\n{title}")
    print(f"  huikuan  : {n / ours:>10,.0f} {unit}/s  ({ours:.2f} s for {n:,})")
    print(f"  baseline : {n / base:>10,.0f} {unit}/s  ({base:.2f} s for {n:,})")


def bench_import(n: int) -> None:
    data = customers_csv([customer_row(i) for i in range(n)])
    with Timer() as ours:
        parsed = parse_customers_csv(data)
        known = {c.basic.customer_id: c for c in parsed.customers}
        assert not parsed.errors and len(plan_import(known, parsed.customers)) == n
    with Timer() as raw:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert len(rows) == n + 1
    show("CSV import (parse, validate, plan) vs csv.reader", n, ours.seconds, raw.seconds, "rows")


def bench_check(n: int) -> None:
    policy, today = load_credit_policy(), dt.date(2026, 11, 30)
    due = [today - dt.timedelta(days=d) for d in range(5)]
    items = [OpenItem(invoice_id=f"I-{d}", outstanding=cny(40_000), due_date=d) for d in due]
    orders = [OpenOrder(order_id=f"SO-{i}", open=cny(25_000)) for i in range(2)]
    latencies = []
    with Timer() as ours:
        for i in range(n):
            started = time.perf_counter()
            terms = terms_for(policy, "BC"[i % 2], "CNY", today)  # type: ignore[arg-type]
            order = OrderToCheck(order_id=f"SO-N{i}", amount=cny(30_000))
            check_order(order, terms, items, orders, False, today)
            latencies.append(time.perf_counter() - started)
    with Timer() as raw:
        for _ in range(n):
            owed = sum(item.outstanding.amount for item in items)
            _ = owed + sum(o.open.amount for o in orders) + 30_000 > 1_000_000
    title = "order credit check, pure (terms + check) vs a bare sum and compare"
    show(title, n, ours.seconds, raw.seconds, "checks")
    q = statistics.quantiles(latencies, n=100)
    print(f"  latency : p50 {q[49] * 1000:.3f} ms, p99 {q[98] * 1000:.3f} ms")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--redis"]:
        from credit_redis import CLIENTS, run

        args = sys.argv[2:]
        levels = CLIENTS
        if "--clients" in args:
            at = args.index("--clients")
            levels = tuple(int(c) for c in args[at + 1].split(","))
            del args[at : at + 2]
        numbers = [int(a) for a in args[:2]]
        customers, checks = numbers + [100_000, 3_000][len(numbers) :]
        run(customers, checks, levels)
        sys.exit(0)
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    bench_import(count)
    bench_check(count)
