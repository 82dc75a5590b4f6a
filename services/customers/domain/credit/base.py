"""What the credit values share: frozen, refusing unknown fields; versioned documents' ids."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints


class Frozen(BaseModel):
    """A value: immutable, and a field it does not know is an error, not ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class VersionedDocument(Frozen):
    """A scorecard, credit policy or rewards programme: its id, version and first day."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")]
    version: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,32}$")]
    effective_from: dt.date
