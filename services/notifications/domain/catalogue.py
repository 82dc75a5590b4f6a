"""What each message template is for: its kind and the channels it may travel on.

The gate's rules decide by kind (R3 one confirmation, R4 cease-contact exceptions, R6
limited content, T4 spacing, T5 location inquiries); the linter checks each template
against its kind. ``templates/catalog.yaml`` holds versions and languages; a template
missing here cannot be loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from shared.contracts.notifications import Channel

Kind = Literal[
    "reminder", "dunning", "demand", "remedy_notice", "collection_ends", "confirmation",
    "statement", "opt_out_confirmation", "limited", "location_inquiry",
]  # fmt: skip

# T4 spaces these; confirmations, statements and opt-out confirmations are exempt.
DUNNING_KINDS: frozenset[Kind] = frozenset(
    {"reminder", "dunning", "demand", "remedy_notice", "limited"}
)
# R4: all a debtor who asked us in writing to cease contact may still receive.
CEASE_CONTACT_EXCEPTIONS: frozenset[Kind] = frozenset({"collection_ends", "remedy_notice"})


@dataclass(frozen=True)
class TemplateSpec:
    """A template's kind, its channels, and the facts it cannot do without."""

    kind: Kind
    channels: frozenset[Channel]
    requires: tuple[str, ...] = ()


def _spec(kind: Kind, *channels: Channel, requires: tuple[str, ...] = ()) -> TemplateSpec:
    return TemplateSpec(kind, frozenset(channels), requires)


# ``webhook`` goes to the company's own systems (its CRM or ERP), never to a third party.
SPECS: dict[str, TemplateSpec] = {
    "pre_due_reminder": _spec("reminder", "email", "sms", "webhook", "log"),
    "overdue_reminder_1": _spec("dunning", "email", "sms", "webhook", "log"),
    "overdue_reminder_2": _spec("dunning", "email", "sms", "webhook", "log"),
    "demand_letter": _spec("demand", "letter", "webhook", "log"),
    "supply_halt_notice": _spec("remedy_notice", "email", "letter", "webhook", "log"),
    "promise_confirmation": _spec("confirmation", "email", "sms", "log", requires=("promise",)),
    "promise_broken": _spec("dunning", "email", "sms", "log", requires=("promise",)),
    "payment_plan_schedule": _spec(
        "confirmation", "email", "letter", "log", requires=("instalments",)
    ),
    "statement_cover": _spec("statement", "email", "letter", "log"),
    "opt_out_confirmation": _spec("opt_out_confirmation", "email", "sms", "log"),
    "limited_content": _spec("limited", "sms", "log"),
    "location_inquiry": _spec("location_inquiry", "email", "sms", "log"),
}
UNKNOWN = TemplateSpec("dunning", frozenset())  # an unknown template is treated as dunning


def spec_of(template: str) -> TemplateSpec:
    """The spec of ``template`` (dunning, no channel restriction, when not catalogued)."""
    return SPECS.get(template, UNKNOWN)


def kind_of(template: str) -> Kind:
    return spec_of(template).kind
