"""What the collections routes and stream handlers use; built by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from services.collections.application.ranking import RecoveryPredictions
from services.collections.application.service import Collections
from services.collections.application.worklist import Worklist


@dataclass(frozen=True)
class Container:
    collections: Collections
    worklist: Worklist
    predictions: RecoveryPredictions | None = None
    """Analytics' recovery prediction (``rank=expected_recovery``); None when not configured."""
