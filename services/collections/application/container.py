"""What the collections routes and stream handlers use; built by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from services.collections.application.service import Collections
from services.collections.application.worklist import Worklist


@dataclass(frozen=True)
class Container:
    collections: Collections
    worklist: Worklist
