"""``huikuan credit scorecard-trial FILE``: try a candidate credit scorecard on every
customer's credit account before it takes effect.

Sends the scorecard to customers' ``POST /admin/credit/scorecard-trial`` (which reads the
accounts and writes nothing) and prints, per customer whose grade would move, the grades
and scores now and then with the factors whose contribution differs, and the moves in total.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from shared.infra.settings import SERVICE_PORTS
from tooling.connect import fail

credit_app = typer.Typer(help="Credit control: try a candidate scorecard.", no_args_is_help=True)


def _grade(change: dict[str, Any], when: str) -> str:
    grade = change[f"grade_{when}"]
    return f"{grade} ({change[f'score_{when}']})" if grade else "no rating"


def _factors(change: dict[str, Any]) -> list[str]:
    now = {c["factor"]: c for c in change["contributions_now"]}
    then = {c["factor"]: c for c in change["contributions_then"]}
    out = []
    for factor in [*now, *(f for f in then if f not in now)]:
        a, b = now.get(factor), then.get(factor)
        if a and b and (a["points"], a["weight"]) == (b["points"], b["weight"]):
            continue
        was = f"{a['contribution']} ({a['band']})" if a else "-"
        will = f"{b['contribution']} ({b['band']})" if b else "-"
        value = (a or b or {}).get("value")
        out.append(f"    {factor} = {value}: {was} → {will}")
    return out


def trial_lines(report: dict[str, Any]) -> list[str]:
    """The report as lines a person reads."""
    out = [
        f"scorecard {report['current_version']} → {report['candidate_version']} on "
        f"{report['customers']} customers (tried; nothing was written)"
    ]
    for change in report["changes"]:
        out.append(f"{change['customer_id']}: {_grade(change, 'now')} → {_grade(change, 'then')}")
        out.extend(_factors(change))
    moves = ", ".join(f"{move} {n}" for move, n in report["moves"].items()) or "none"
    out.append(f"{len(report['changes'])} grades would change ({moves}); "
               f"{report['customers'] - len(report['changes'])} unchanged")  # fmt: skip
    return out


@credit_app.command("scorecard-trial")
def scorecard_trial(
    scorecard: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="candidate YAML")],
    as_of: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="rating day (today)")
    ] = None,
    api_key: Annotated[str, typer.Option(envvar="HUIKUAN_API_KEY", help="an admin key")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="the whole report as JSON")] = False,
    customers_url: Annotated[str, typer.Option(help="base URL of customers")] = (
        f"http://127.0.0.1:{SERVICE_PORTS['customers']}"
    ),
) -> None:
    """Which customers' grades the candidate scorecard would change, and why."""
    if not api_key:
        raise fail("an admin API key is needed: --api-key or HUIKUAN_API_KEY")
    body = {"scorecard_yaml": scorecard.read_text(encoding="utf-8"),
            "as_of": as_of.date().isoformat() if as_of else None}  # fmt: skip
    try:
        answer = httpx.post(f"{customers_url}/admin/credit/scorecard-trial", json=body,
                            headers={"X-API-Key": api_key}, timeout=600)  # fmt: skip
    except httpx.HTTPError as exc:
        raise fail(f"cannot reach customers ({type(exc).__name__}: {exc}); is it up?") from None
    if answer.status_code != 200:
        raise fail(f"scorecard trial refused ({answer.status_code}): {answer.text[:2000]}")
    report = answer.json()
    if as_json:
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    for line in trial_lines(report):
        typer.echo(line)
