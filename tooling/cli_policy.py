"""``huikuan policy what-if``: try a candidate dunning policy on recorded histories.

Sends the policy to collections' ``POST /admin/what-if`` (which replays and writes nothing)
with the cure rates analytics measured per template (``/reports/cure-rates?by=template``),
and prints per debtor what would have differed, the totals, and the money estimate —
labelled an estimate.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from shared.infra.settings import SERVICE_PORTS
from tooling.connect import fail

policy_app = typer.Typer(help="Dunning policies: try a candidate on history.", no_args_is_help=True)

Url = Annotated[str, typer.Option(help="base URL of the service")]


def cure_shares(
    analytics_url: str, key: str, within_days: int, as_of: dt.date
) -> dict[str, Decimal]:
    """Template → share of owed money paid within ``within_days`` of a message (all currencies)."""
    answer = httpx.get(
        f"{analytics_url}/reports/cure-rates",
        params={"by": "template", "within_days": within_days, "as_of": as_of.isoformat()},
        headers={"X-API-Key": key},
        timeout=120,
    )
    answer.raise_for_status()
    shares = {}
    for row in answer.json()["report"]["rows"]:
        owed = sum(Decimal(m["owed"]) for m in row["money"])
        paid = sum(Decimal(m["paid"]) for m in row["money"])
        if owed > 0:
            shares[row["key"]] = (paid / owed).quantize(Decimal("0.0001"))
    return shares


def lines(report: dict[str, Any]) -> list[str]:
    out = [
        f"policy {report['policy_id']} {report['policy_version']} from {report['start']} "
        f"to {report['end']} (replayed; nothing was written or sent)"
    ]
    for debtor in report["debtors"]:
        if not debtor["differences"] and debtor["faithful"]:
            continue
        flag = "" if debtor["faithful"] else "  (replay differs from what happened: see JSON)"
        out.append(f"{debtor['customer_id']}: {len(debtor['happened'])} steps happened{flag}")
        for d in debtor["differences"]:
            step = d["step"]
            was = f" (was {d['was_on']})" if d["was_on"] else ""
            what = f" {step['what']}" if step["what"] else ""
            out.append(f"  {d['change']:<8}{step['on']}{was}  {step['type']} {step['rule']}{what}")
        for refused in debtor["refused"]:
            out.append(f"  refused  {refused}")
    t = report["totals"]
    out.append(
        f"{t['debtors']} debtors, {t['changed']} would differ: {t['added']} steps added, "
        f"{t['removed']} removed, {t['moved']} moved"
    )
    effect = ", ".join(f"{v} {c}" for c, v in report["estimated_effect"].items()) or "none"
    out.append(f"money effect, ESTIMATE: {effect} — {report['estimate_note']}")
    return out


@policy_app.command("what-if")
def what_if(
    policy: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="candidate YAML")],
    start: Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="first day")],
    end: Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="last day")],
    customer: Annotated[
        list[str] | None, typer.Option(help="a debtor (repeat; default all)")
    ] = None,
    api_key: Annotated[str, typer.Option(envvar="HUIKUAN_API_KEY", help="an admin key")] = "",
    cure_within: Annotated[int, typer.Option(min=1, max=365, help="days for cure rates")] = 30,
    estimate: Annotated[bool, typer.Option(help="ask analytics for cure rates")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="the whole report as JSON")] = False,
    collections_url: Url = f"http://127.0.0.1:{SERVICE_PORTS['collections']}",
    analytics_url: Url = f"http://127.0.0.1:{SERVICE_PORTS['analytics']}",
) -> None:
    """What the candidate policy would have done differently on the recorded histories."""
    if not api_key:
        raise fail(
            "an admin API key is needed: --api-key or HUIKUAN_API_KEY (`huikuan up` prints one)"
        )
    body: dict[str, Any] = {
        "policy_yaml": policy.read_text(encoding="utf-8"),
        "start": start.date().isoformat(),
        "end": end.date().isoformat(),
        "customers": customer or None,
    }
    try:
        if estimate:
            rates = cure_shares(analytics_url, api_key, cure_within, end.date())
            body["cure_rates"] = {k: str(v) for k, v in rates.items()}
        answer = httpx.post(
            f"{collections_url}/admin/what-if",
            json=body,
            headers={"X-API-Key": api_key},
            timeout=600,
        )
    except httpx.HTTPError as exc:
        raise fail(
            f"cannot reach the services ({type(exc).__name__}: {exc}); is the system up?"
        ) from None
    if answer.status_code != 200:
        raise fail(f"what-if refused ({answer.status_code}): {answer.text[:2000]}")
    report = answer.json()
    if as_json:
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    for line in lines(report):
        typer.echo(line)
