"""The list of shredded customers, kept outside Redis (and so outside Redis's backups).

A backup taken before an erasure still holds the customer's data key; restoring it would
bring the personal data back. Every shred is first appended here (one JSON line, flushed
and fsynced), and after a restore ``huikuan erasures reapply --ledger <file>`` destroys
the data keys of every customer listed (docs/operations.md, "Backup and restore"). Keep
the file on durable storage that is not restored with Redis.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
from pathlib import Path


def _append(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as ledger:
        ledger.write(line + "\n")
        ledger.flush()
        os.fsync(ledger.fileno())


class FileShreddedLedger:
    """:class:`~services.customers.application.ports.ShreddedLedger` as a JSON-lines file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    async def record(self, customer_id: str) -> None:
        at = dt.datetime.now(dt.UTC).isoformat()  # when it was written, for the operator
        line = json.dumps({"customer_id": customer_id, "shredded_at": at})
        await asyncio.to_thread(_append, self.path, line)


def shredded_customers(path: Path) -> list[str]:
    """The customer ids a ledger lists, in order, each once."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    ids = [str(json.loads(line)["customer_id"]) for line in lines if line.strip()]
    return list(dict.fromkeys(ids))
