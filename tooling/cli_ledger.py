"""``huikuan ledger reconcile``: do invoicing (the ledger of record) and collections agree?

Asks invoicing's ``GET /admin/ledger/reconcile`` with an auditor key made for the run and
revoked after it; prints every difference (customer, invoice, both amounts) and the
per-currency totals, and exits 1 when there is any difference, 0 when both agree.
"""

from __future__ import annotations

from typing import Annotated, Any

import httpx
import typer

from shared.infra.api_keys import KeyBook, Role
from shared.infra.settings import SERVICE_PORTS
from tooling.connect import fail, load_settings, with_keys

ledger_app = typer.Typer(help="The receivables ledger: reconcile with collections.")
RECONCILER = "ledger-reconcile"


def _line(difference: dict[str, Any]) -> str:
    def shown(side: dict[str, str] | None) -> str:
        return f"{side['amount']} {side['currency']}" if side else "-"

    where = difference["invoice_id"] or "(whole account)"
    if difference["kind"] == "due_date_differs":
        return (
            f"{difference['customer_id']} {where}: due_date_differs "
            f"(invoicing {difference['invoicing_due_date']}, "
            f"collections {difference['collections_due_date']})"
        )
    return (
        f"{difference['customer_id']} {where}: {difference['kind']} "
        f"(invoicing {shown(difference['invoicing'])}, "
        f"collections {shown(difference['collections'])})"
    )


def print_report(report: dict[str, Any]) -> None:
    for difference in report["differences"]:
        typer.echo(_line(difference))
    typer.echo(
        f"{report['customers']} customers, {report['invoices']} invoices compared: "
        f"{len(report['differences'])} differences"
    )
    typer.echo(f"compared: {', '.join(report.get('compared', []))}")
    typer.echo(
        f"not compared (invoicing's alone, collections receives no event for them): "
        f"{', '.join(report.get('not_compared', []))}"
    )
    for charges in report.get("charges_not_compared", []):
        amount = f"{charges['open']['amount']} {charges['open']['currency']}"
        typer.echo(f"{charges['customer_id']}: open charges {amount} (not compared)")


@ledger_app.command("reconcile")
def reconcile(
    customer: Annotated[list[str] | None, typer.Option("--customer", help="Only these")] = None,
    invoicing_url: Annotated[str | None, typer.Option(help="Default: the local port")] = None,
) -> None:
    """Compare every invoice in invoicing and in collections: outstanding principal, amount
    invoiced, due date (interest, fees, debit notes and unapplied cash are invoicing's alone
    and not compared; the output says so)."""
    settings = load_settings()
    url = invoicing_url or f"http://127.0.0.1:{SERVICE_PORTS['invoicing']}"

    async def make(book: KeyBook) -> str:
        return await book.replace(RECONCILER, Role.AUDITOR)

    async def revoke(book: KeyBook) -> bool:
        return await book.revoke(key)

    key = with_keys(settings, make)
    try:
        answer = httpx.get(
            f"{url}/admin/ledger/reconcile",
            params={"customer_id": customer or []},
            headers={"X-API-Key": key},
            timeout=120,
        )
    except httpx.HTTPError as exc:
        raise fail(
            f"invoicing does not answer at {url} ({exc}); start it with `huikuan up`"
        ) from None
    finally:
        with_keys(settings, revoke)
    if answer.status_code != 200:
        raise fail(f"invoicing answered {answer.status_code}: {answer.text[:300]}")
    report = answer.json()
    print_report(report)
    if report["differences"]:
        raise typer.Exit(1)
