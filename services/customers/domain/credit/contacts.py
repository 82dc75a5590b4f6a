"""What a contact does at the customer, beside whether collection may address them.

``ContactRole`` (shared contract) is the compliance role that decides who may be told
about a debt (R1: the debtor's staff, a guarantor, its lawyer; never a third party).
``BusinessRole`` is the job the person holds at the debtor: accounts payable settles
invoices, the finance manager agrees plans, the 法定代表人 receives a formal demand.
Only the debtor's own staff hold business roles there.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import model_validator

from services.customers.domain.credit.base import Frozen
from shared.contracts.customers import ContactRole

BusinessRole = Literal[
    "accounts_payable",  # 应付账款 / 会计
    "finance_manager",  # 财务经理 / 财务总监
    "cashier",  # 出纳
    "purchasing",  # 采购
    "receiving",  # 收货 / 仓库: confirms deliveries
    "general_manager",  # 总经理
    "legal_representative",  # 法定代表人
    "owner",  # 老板 / 股东
]
BUSINESS_ROLES: tuple[BusinessRole, ...] = get_args(BusinessRole)

# Who is asked first, by purpose: reminders go to whoever pays invoices; a formal
# demand (催款函) is addressed to the company's legal representative and its finance.
ADDRESSEE_ORDER: dict[str, tuple[BusinessRole, ...]] = {
    "reminder": ("accounts_payable", "cashier", "finance_manager"),
    "statement": ("accounts_payable", "finance_manager"),
    "demand": ("legal_representative", "general_manager", "finance_manager"),
    "credit_review": ("finance_manager", "general_manager", "owner"),
}


class ContactRoles(Frozen):
    """A contact's compliance role and the business roles they hold (several allowed)."""

    role: ContactRole
    business_roles: frozenset[BusinessRole] = frozenset()

    @model_validator(mode="after")
    def _only_staff_hold_business_roles(self) -> ContactRoles:
        if self.business_roles and self.role != "debtor_staff":
            raise ValueError(
                f"a {self.role} is not the debtor's staff and holds no business role there"
            )
        return self


def addressees(contacts: dict[str, ContactRoles], purpose: str) -> tuple[str, ...]:
    """Contact ids to address for ``purpose``, best first; debtor's staff without a fitting
    business role come after, lawyers and guarantors are not chosen here (R2 decides)."""
    order = ADDRESSEE_ORDER.get(purpose, ())
    staff = {cid: c for cid, c in contacts.items() if c.role == "debtor_staff"}

    def rank(cid: str) -> tuple[int, str]:
        held = [order.index(r) for r in staff[cid].business_roles if r in order]
        return (min(held, default=len(order)), cid)

    return tuple(sorted(staff, key=rank))
