"""What a message may say, and what its evidence adds: facts, language, formal demand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from services.notifications.application.links import OPT_OUT_TEMPLATE
from services.notifications.application.ports import Contact, ReminderFacts, TemplateUnavailable
from services.notifications.domain.state import NotificationState
from shared.contracts import Money
from shared.contracts.notifications import NotificationSent
from shared.infra.legacy_repository import Stamp
from shared.kernel.decision import Decision

FORMAL_DEMAND_TEMPLATES = frozenset({"demand_letter"})


def choose_language(preferred: str, jurisdiction: str) -> str:
    """``zh``/``zh-CN``/``zh-Hans`` → ``zh-CN``; ``en-*`` → ``en``; else by jurisdiction."""
    tag = preferred.strip().lower()
    if tag.startswith("zh"):
        return "zh-CN"
    if tag.startswith("en"):
        return "en"
    return "zh-CN" if jurisdiction == "cn" else "en"


def facts_of(state: NotificationState, contact: Contact, unsubscribe: str | None) -> ReminderFacts:
    """What the template may state; a request without a total cannot be rendered."""
    total = state.total_outstanding
    if total is None:
        if state.template != OPT_OUT_TEMPLATE:
            raise TemplateUnavailable("the request states no outstanding total")
        total = Money(amount=Decimal(0), currency="CNY")
    return ReminderFacts(
        recipient_name=contact.name, invoices=state.invoices,
        total_outstanding=total, reference=state.request_id, promise=state.promise,
        instalments=state.instalments, formal_demand=is_formal_demand(state),
        reply_by=state.reply_by, unsubscribe_link=unsubscribe or "",
    )  # fmt: skip


def is_formal_demand(state: NotificationState) -> bool:
    """The request said so, or the template is the formal demand letter."""
    return state.formal_demand or state.template in FORMAL_DEMAND_TEMPLATES


def with_evidence(
    decide: Callable[[NotificationState, Stamp], Decision],
    key: str, formal: bool, delivered_at: datetime | None,
) -> Callable[[NotificationState, Stamp], Decision]:  # fmt: skip
    """``record_sent`` plus the key sent, the formal-demand mark and a known arrival time."""

    def decided(state: NotificationState, stamp: Stamp) -> Decision:
        decision = decide(state, stamp)
        update = {"idempotency_key": key, "formal_demand": formal, "delivered_at": delivered_at}
        events = [e.model_copy(update=update) if isinstance(e, NotificationSent) else e
                  for e in decision.events]  # fmt: skip
        return Decision(events=events, schedule=decision.schedule, cancel=decision.cancel)

    return decided
