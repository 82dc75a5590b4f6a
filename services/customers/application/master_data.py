"""Use cases on master data and contacts: set the company data, add / change / remove a
contact, import a customer from the ERP's master.

A command that gives a contact new details keeps them in the vault first, under the
customer's lock, then appends its events (as a registration does): a contact in the
stream always has its details on file. Answers carry codes and company data only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from services.customers.application.service import Customers
from services.customers.domain.checks import require_contact, require_registered
from services.customers.domain.commands import (
    AddContact,
    ChangeContact,
    Command,
    ImportCustomer,
    RemoveContact,
    SetMasterData,
)
from services.customers.domain.decide import decide
from services.customers.domain.master_decide import personal_data_after
from services.customers.domain.personal import PersonalData
from services.customers.domain.state import CustomerState, contact_codes
from shared.contracts.customers import CompanyMasterData, ContactCodes
from shared.infra.repository import Outcome


class MasterDataView(BaseModel):
    model_config = ConfigDict(frozen=True)

    customer_id: str
    master_data: CompanyMasterData | None
    version: int
    changed: bool = False


class ContactCodesView(BaseModel):
    """A contact after a write: its codes (who the person is stays off the answer)."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    contact: ContactCodes | None
    version: int
    changed: bool = False


class Imported(BaseModel):
    """What importing one customer did: registered it, changed these fields, or nothing."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    outcome: Literal["new", "changed", "unchanged"]
    changed: tuple[str, ...] = ()


@dataclass
class MasterDataUseCases:
    customers: Customers

    async def set_master_data(
        self, cmd: SetMasterData, requested_by: str | None = None
    ) -> MasterDataView:
        outcome = await self._with_people(cmd, requested_by)
        customer = require_registered(outcome.state)
        master = customer.master_data
        return MasterDataView(customer_id=cmd.customer_id, master_data=master,
                              version=outcome.version, changed=bool(outcome.events))  # fmt: skip

    async def add_contact(self, cmd: AddContact, requested_by: str | None) -> ContactCodesView:
        outcome = await self._with_people(cmd, requested_by)
        customer = require_registered(outcome.state)
        added = customer.contacts[-1] if outcome.events else None
        if cmd.contact.ref:
            added = customer.contact_by_ref(cmd.contact.ref)
        return self._view(cmd.customer_id, contact_codes(added) if added else None, outcome)

    async def change_contact(
        self, cmd: ChangeContact, requested_by: str | None
    ) -> ContactCodesView:
        outcome = await self._with_people(cmd, requested_by)
        contact = require_contact(require_registered(outcome.state), cmd.contact_id)
        return self._view(cmd.customer_id, contact_codes(contact), outcome)

    async def remove_contact(
        self, cmd: RemoveContact, requested_by: str | None
    ) -> ContactCodesView:
        key = f"contact-removed:{cmd.customer_id}:{cmd.contact_id}"
        outcome = await self.customers.decide(cmd, key, idempotent=False, requested_by=requested_by)
        return self._view(cmd.customer_id, None, outcome)

    async def import_customer(self, cmd: ImportCustomer, requested_by: str | None) -> Imported:
        outcome = await self._with_people(cmd, requested_by)
        types = [e.type for e in outcome.events]
        if "CustomerRegistered" in types:
            return Imported(customer_id=cmd.customer_id, outcome="new")
        changed = tuple(
            field if e.type == "CustomerMasterDataChanged" else f"{e.type}:{field}"
            for e in outcome.events
            for field in getattr(e, "changed", ()) or ("contact",)
        )
        kind: Literal["changed", "unchanged"] = "changed" if changed else "unchanged"
        return Imported(customer_id=cmd.customer_id, outcome=kind, changed=changed)

    async def _with_people(
        self,
        cmd: ImportCustomer | AddContact | ChangeContact | SetMasterData,
        requested_by: str | None,
    ) -> Outcome[CustomerState]:
        customers = self.customers
        async with customers.lock.hold(cmd.customer_id):
            state, _ = await customers.repository.load(customers.repository.ref(cmd.customer_id))
            on_file = await self._on_file(state.customer is not None, cmd)
            erased = state.customer is not None and state.customer.erasure is not None
            preview = decide(state, cmd, await customers.clock.now(), requested_by, on_file)
            if preview.events and not erased:
                after = personal_data_after(state, preview, cmd, on_file)
                if after != on_file:
                    await customers.vault.keep(after)
            key = f"{type(cmd).__name__}:{cmd.customer_id}"
            return await customers.decide(
                cmd, key, idempotent=False, requested_by=requested_by, on_file=on_file
            )

    async def _on_file(self, registered: bool, cmd: Command) -> PersonalData | None:
        return await self.customers.vault.read(cmd.customer_id) if registered else None

    @staticmethod
    def _view(
        customer_id: str, contact: ContactCodes | None, outcome: Outcome[CustomerState]
    ) -> ContactCodesView:
        return ContactCodesView(customer_id=customer_id, contact=contact, version=outcome.version,
                                changed=bool(outcome.events))  # fmt: skip
