"""The credit scorecard, read from a YAML file.

The shipped documents are in ``services/customers/credit``; a bad document is refused
at load with its path and the reason of every error (``ConfigRejected``).
"""

from __future__ import annotations

from pathlib import Path

from services.customers.domain.credit.scorecard import Scorecard
from shared.config_files import parse_yaml_document

SHIPPED = Path(__file__).resolve().parent.parent / "credit"


def load_scorecard(path: Path = SHIPPED / "scorecard.yaml") -> Scorecard:
    return parse_yaml_document(path.read_text(encoding="utf-8"), Scorecard, str(path), "scorecard")
