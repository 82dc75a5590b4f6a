"""What the domain may know of a contact: ids, role, consent, zone — never who they are."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.notifications import Channel


class Recipient(BaseModel):
    """A registered contact as the gate sees it.

    ``reachable`` lists the channels for which an address is on file; ``timezone`` is an
    IANA zone or ``None`` when unknown (then the jurisdiction's candidate zones apply).
    """

    model_config = ConfigDict(frozen=True)

    contact_id: str
    role: str
    language: str = "en"
    timezone: str | None = None
    consent: Mapping[str, bool] = Field(default_factory=dict)
    represented_by_lawyer: bool = False
    reachable: frozenset[Channel] = frozenset()


class Audience(BaseModel):
    """The debtor's registered contacts at the moment of sending, and their jurisdiction."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    jurisdiction: str
    recipients: tuple[Recipient, ...] = ()

    def find(self, contact_id: str) -> Recipient | None:
        return next((r for r in self.recipients if r.contact_id == contact_id), None)
