"""The evidence bundle of a debtor as a PDF (one section per message, then the chain)."""

from __future__ import annotations

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
        lines += [f"v{e['version']} {e['event']['type']} {e['hash'][:16]}…" for e in request.events]
        blocks.append(Block("\n".join(lines), "small"))
    return render_pdf("通知证据 / Notification evidence", blocks)


def _message_text(message: SentMessageEvidence) -> str:
    decisions = ", ".join(f"{d.rule}:{d.outcome}" for d in message.decisions)
    lines = [
        f"{message.sent_at.isoformat()} · {message.channel} · {message.template} "
        f"v{message.template_version}",
        f"To: {message.masked_address} ({message.addressee_role})",
        f"Content SHA-256: {message.content_sha256}",
        f"Provider: {message.provider_result}",
        f"Decisions: {decisions}",
    ]
    if message.formal_demand:
        arrived = message.delivered_at.isoformat() if message.delivered_at else "not yet confirmed"
        lines.append(f"Formal demand (催款函) — delivered: {arrived}")
    return "\n".join(lines)
