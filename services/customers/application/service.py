"""Use cases of the customer registry: load the customer, decide, append.

A registration keeps the customer's personal data (encrypted, outside the event stream)
before its ``CustomerRegistered`` is appended, under a per-customer lock: so a
registered customer always has its data on file, and two registrations of one id never
interleave. A repeated registration appends nothing (idempotency key
``register:<customer_id>``); a repeated consent, cease-contact request, withdrawal or
statement of preferences changes nothing because it already holds.
"""

from __future__ import annotations

from dataclasses import dataclass

import structlog

from services.customers.application.directory import (
    DirectoryEntry,
    DirectoryFilter,
    DirectoryStore,
    Page,
)
from services.customers.application.ports import AccessLog, PersonalDataVault, RegistrationLock
from services.customers.application.views import (
    ConsentView,
    ContactBook,
    ContactPreferencesView,
    CustomerProfile,
    RegistrationView,
)
from services.customers.domain.access import (
    PersonalDataRead,
    disclosure_for,
    masked,
    purpose_of,
)
from services.customers.domain.checks import require_contact, require_registered
from services.customers.domain.commands import (
    ChangeConsent,
    Command,
    RecordCeaseRequest,
    RegisterCustomer,
    SetContactPreferences,
    WithdrawCeaseRequest,
)
from services.customers.domain.decide import decide
from services.customers.domain.jurisdictions import check_jurisdiction_is_served
from services.customers.domain.personal import PersonalData
from services.customers.domain.state import Customer, CustomerState
from shared.infra.clock import Clock
from shared.infra.eventstore import StreamRef
from shared.infra.repository import Cause, Outcome, Repository

SERVICE = "customers"
log = structlog.get_logger("customers.access")


@dataclass(frozen=True)
class Registered:
    """The registration's result, and whether this call registered the customer."""

    view: RegistrationView
    created: bool


@dataclass(frozen=True)
class Reader:
    """Who asks for a customer's personal data, and why (the API key's name and role)."""

    name: str
    role: str
    route: str
    purpose: str | None = None


@dataclass
class Customers:
    repository: Repository[CustomerState]
    vault: PersonalDataVault
    lock: RegistrationLock
    access_log: AccessLog
    clock: Clock
    directory: DirectoryStore

    async def register(self, cmd: RegisterCustomer, requested_by: str | None = None) -> Registered:
        ref = self.repository.ref(cmd.customer_id)
        async with self.lock.hold(cmd.customer_id):
            on_file = await self._keep_personal_data_of_new_customer(ref, cmd)
            outcome = await self.decide(
                cmd, f"register:{cmd.customer_id}", requested_by=requested_by, on_file=on_file
            )
        customer = require_registered(outcome.state)
        return Registered(RegistrationView.of(customer), created=bool(outcome.events))

    async def change_consent(
        self, cmd: ChangeConsent, requested_by: str | None = None
    ) -> ConsentView:
        key = f"consent:{cmd.customer_id}:{cmd.contact_id}:{cmd.channel}:{cmd.consent}"
        # A consent may be given, withdrawn and given again: it is idempotent by state.
        outcome = await self.decide(cmd, key, idempotent=False, requested_by=requested_by)
        contact = require_contact(require_registered(outcome.state), cmd.contact_id)
        return ConsentView(
            customer_id=cmd.customer_id, contact_id=cmd.contact_id, consent=contact.consent
        )

    async def record_cease_request(
        self, cmd: RecordCeaseRequest, requested_by: str | None = None
    ) -> ContactPreferencesView:
        key = f"cease:{cmd.customer_id}:{cmd.contact_id}:{cmd.received_on}:{cmd.source}"
        return await self._change_contact(cmd, cmd.contact_id, key, requested_by)

    async def withdraw_cease_request(
        self, cmd: WithdrawCeaseRequest, requested_by: str | None = None
    ) -> ContactPreferencesView:
        key = f"cease-withdrawn:{cmd.customer_id}:{cmd.contact_id}:{cmd.received_on}"
        return await self._change_contact(cmd, cmd.contact_id, key, requested_by)

    async def set_preferences(
        self, cmd: SetContactPreferences, requested_by: str | None = None
    ) -> ContactPreferencesView:
        key = f"preferences:{cmd.customer_id}:{cmd.contact_id}:{cmd.preferences.model_dump_json()}"
        return await self._change_contact(cmd, cmd.contact_id, key, requested_by)

    async def _change_contact(
        self, cmd: Command, contact_id: str, key: str, requested_by: str | None
    ) -> ContactPreferencesView:
        # Idempotent by state, like consent: a request may be made, withdrawn and made again.
        outcome = await self.decide(cmd, key, idempotent=False, requested_by=requested_by)
        contact = require_contact(require_registered(outcome.state), contact_id)
        return ContactPreferencesView.of(cmd.customer_id, contact)

    async def profile(self, customer_id: str, reader: Reader) -> CustomerProfile:
        """The customer as ``reader``'s role may see it (see ``domain.access``)."""
        customer, version = await self.registered(customer_id)
        personal = await self._disclosed(customer, reader)
        return CustomerProfile.of(customer, personal, version, disclosure_for(reader.role))

    async def contact_book(self, customer_id: str, reader: Reader) -> ContactBook:
        customer, _ = await self.registered(customer_id)
        return ContactBook.of(customer, await self._disclosed(customer, reader))

    async def access_reads(self, customer_id: str, limit: int) -> list[PersonalDataRead]:
        await self.registered(customer_id)
        return await self.access_log.reads(customer_id, limit)

    async def _disclosed(self, customer: Customer, reader: Reader) -> PersonalData | None:
        """The personal data ``reader`` may see: in full after its read is logged, else
        masked (nothing to log: no personal data leaves)."""
        personal = await self._personal_data(customer)
        if personal is None:
            return None
        if disclosure_for(reader.role) == "masked":
            return masked(personal)
        read = PersonalDataRead(
            customer_id=customer.customer_id, read_by=reader.name, role=reader.role,
            purpose=purpose_of(reader.role, reader.purpose), read_at=await self.clock.now(),
            route=reader.route,
        )  # fmt: skip
        await self.access_log.record(read)
        log.info("personal_data_read", **read.model_dump(mode="json"))
        return personal

    async def registered(self, customer_id: str) -> tuple[Customer, int]:
        """The registered customer as its stream says now, and the stream's version."""
        state, version = await self.repository.load(self.repository.ref(customer_id))
        return require_registered(state), version

    async def _personal_data(self, customer: Customer) -> PersonalData | None:
        # Once erased, the vault is not asked: its key may be about to go (the shred timer).
        if customer.erasure is not None:
            return None
        return await self.vault.read(customer.customer_id)

    async def _keep_personal_data_of_new_customer(
        self, ref: StreamRef, cmd: RegisterCustomer
    ) -> PersonalData | None:
        """The data on file for the id; for a new id, the command's (kept first).

        Under the lock, data on file for an unregistered id can only be left over from an
        attempt that failed before its append, so it is replaced.
        """
        state, _ = await self.repository.load(ref)
        if state.customer is not None:
            return await self.vault.read(cmd.customer_id)
        check_jurisdiction_is_served(cmd.jurisdiction)  # before anything is kept
        data = cmd.personal_data()
        await self.vault.keep(data)
        return data

    async def decide(
        self,
        cmd: Command,
        key: str,
        idempotent: bool = True,
        requested_by: str | None = None,
        on_file: PersonalData | None = None,
    ) -> Outcome[CustomerState]:
        """Load the customer, decide ``cmd`` and append, under ``key`` (or by state)."""
        ref = self.repository.ref(cmd.customer_id)
        outcome = await self.repository.execute(
            ref,
            lambda state, now: decide(state, cmd, now, requested_by, on_file),
            Cause.command("customer", ref.aggregate_id, key, idempotent),
        )
        if outcome.state.customer is not None:
            await self.directory.put(DirectoryEntry.of(outcome.state.customer, outcome.version))
        return outcome

    async def directory_page(self, where: DirectoryFilter, after: str | None, limit: int) -> Page:
        return await self.directory.page(where, after, limit)

    async def rebuild_directory(self) -> int:
        """Drop the directory and write it again from every customer's stream."""
        await self.directory.drop()
        ids = await self.directory.customer_ids()
        for customer_id in ids:
            state, version = await self.repository.load(self.repository.ref(customer_id))
            if state.customer is not None:
                await self.directory.put(DirectoryEntry.of(state.customer, version))
        return len(ids)
