"""The evidence bundle of a debtor as a PDF (one section per message, then the chain)."""

from __future__ import annotations

from typing import Any

from services.notifications.adapters.pdf import Block, render_pdf
from services.notifications.application.evidence import DebtorEvidence, SentMessageEvidence


def evidence_pdf(evidence: DebtorEvidence) -> bytes:
    """A readable, printable bundle; the JSON export is the machine-readable twin."""
    chain = "verified" if evidence.verified else "BROKEN"
    blocks = [Block(
        f"Customer: {evidence.customer_id}\nExported at: {evidence.exported_at.isoformat()}\n"
        f"Messages: {len(evidence.messages)} · hash chain: {chain}"
    )]  # fmt: skip
    blocks += [Block(_message_text(m)) for m in evidence.messages]
    for request in evidence.requests:
        lines = [f"Request {request.request_id} — chain {'ok' if request.verified else 'BROKEN'}"]
        lines += [f"v{e['version']} {e['event']['type']} {e['hash'][:16]}…{_why(e['event'])}"
                  for e in request.events]  # fmt: skip
        blocks.append(Block("\n".join(lines), "small"))
    return render_pdf("通知证据 / Notification evidence", blocks)


def _why(event: dict[str, Any]) -> str:
    """What a suppression, deferral or refresh adds: its rule, reason and detail."""
    if event["type"] == "NotificationRefreshed":
        total = event["total_outstanding"]
        return f" total now {total['currency']} {total['amount']}"
    if event["type"] not in ("NotificationSuppressed", "NotificationDeferred"):
        return ""
    decisions = [d for d in event.get("decisions", ()) if d.get("outcome") != "allow"]
    detail = "; ".join(d["detail"] for d in decisions if d.get("detail"))
    parts = [event["channel"], event.get("rule", ""), event.get("reason", ""), detail]
    return " — " + " ".join(p for p in parts if p)


def _message_text(message: SentMessageEvidence) -> str:
    decisions = ", ".join(f"{d.rule}:{d.outcome}" for d in message.decisions)
    lines = [
        f"{message.sent_at.isoformat()} · {message.channel} · {message.template} "
        f"v{message.template_version}",
        f"To: {message.masked_address} ({message.addressee_role})",
        "Content SHA-256:",
        message.content_sha256,  # a line of its own: 64 characters fit the page's width
        f"Provider: {message.provider_result}",
        f"Decisions: {decisions}",
    ]
    if message.formal_demand:
        arrived = message.delivered_at.isoformat() if message.delivered_at else "not yet confirmed"
        lines.append(f"Formal demand (催款函) — delivered: {arrived}")
    return "\n".join(lines)
