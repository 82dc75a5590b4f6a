"""What a message may state, in which language, and whether it is a formal demand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.notifications.domain.errors import TemplateUnavailable
from services.notifications.domain.optout import OPT_OUT_TEMPLATE
from services.notifications.domain.state import NotificationState
from shared.contracts import Money
from shared.contracts.notifications import InstalmentRef, InvoiceRef, LegalStep, PromiseRef

FORMAL_DEMAND_TEMPLATES = frozenset({"demand_letter"})
NOTHING_OWED = Money.zero("CNY")
"""The total an opt-out confirmation states: it is about no debt (R3: no other content)."""


@dataclass(frozen=True)
class ReminderFacts:
    """The fixed set of facts a template may state (documented in templates/catalog.yaml)."""

    recipient_name: str
    invoices: tuple[InvoiceRef, ...]
    total_outstanding: Money
    reference: str
    # Optional facts (templates/catalog.yaml and docs/templates.md list what each may use).
    promise: PromiseRef | None = None
    instalments: tuple[InstalmentRef, ...] = ()
    formal_demand: bool = False
    reply_by: date | None = None
    payment_link: str = ""
    unsubscribe_link: str = ""
    confirm_link: str = ""  # a statement's signed link to confirm its balance
    dispute_link: str = ""  # … and to dispute its lines
    legal_steps: tuple[LegalStep, ...] = ()  # configured at the debtor's next levels
    time_barred: bool = False
    jurisdiction: str = ""
    today: date | None = None  # the date the message is sent (a letter's date)

    @property
    def plan_total(self) -> Money | None:
        """What a payment plan adds up to: the sum of its instalments, nothing else (not
        the overdue total, which may hold a disputed invoice the plan leaves out)."""
        if not self.instalments:
            return None
        total = Money.zero(self.instalments[0].amount.currency)
        for instalment in self.instalments:
            total = total + instalment.amount  # mixed currencies raise: not one plan
        return total


def choose_language(preferred: str, jurisdiction: str) -> str:
    """``zh``/``zh-CN``/``zh-Hans`` → ``zh-CN``; ``en-*`` → ``en``; else by jurisdiction."""
    tag = preferred.strip().lower()
    if tag.startswith("zh"):
        return "zh-CN"
    if tag.startswith("en"):
        return "en"
    return "zh-CN" if jurisdiction == "cn" else "en"


def facts_of(
    state: NotificationState,
    recipient_name: str,
    unsubscribe: str | None,
    *,
    jurisdiction: str = "",
    today: date | None = None,
) -> ReminderFacts:
    """What the template may state; a request without a total cannot be rendered."""
    total = state.total_outstanding
    if total is None:
        if state.template != OPT_OUT_TEMPLATE:
            raise TemplateUnavailable("the request states no outstanding total")
        total = NOTHING_OWED
    return ReminderFacts(
        recipient_name=recipient_name, invoices=state.invoices,
        total_outstanding=total, reference=state.request_id, promise=state.promise,
        instalments=state.instalments, formal_demand=is_formal_demand(state),
        reply_by=state.reply_by, unsubscribe_link=unsubscribe or "",
        legal_steps=state.legal_steps, time_barred=state.time_barred,
        jurisdiction=jurisdiction, today=today,
        confirm_link=state.confirm_link, dispute_link=state.dispute_link,
    )  # fmt: skip


def is_formal_demand(state: NotificationState) -> bool:
    """The request said so, or the template is the formal demand letter."""
    return state.formal_demand or state.template in FORMAL_DEMAND_TEMPLATES
