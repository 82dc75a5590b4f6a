"""The policy book: every policy version collections knows, and which one decides for a debtor.

A customer named by a policy's ``applies_to.customers`` gets that policy; else one naming
its segment; else the one for its jurisdiction; else the book's default jurisdiction.
Of the chosen policy, the newest version whose ``effective_from`` has come applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from services.collections.domain.policy import DunningPolicy


class NoPolicy(LookupError):
    """No policy version is in force for the debtor on that day."""


@dataclass(frozen=True)
class PolicyBook:
    policies: tuple[DunningPolicy, ...]
    default_jurisdiction: str = "cn"
    _by_id: dict[str, list[DunningPolicy]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, list[DunningPolicy]] = {}
        for policy in sorted(self.policies, key=lambda p: p.effective_from):
            by_id.setdefault(policy.id, []).append(policy)
        object.__setattr__(self, "_by_id", by_id)

    @classmethod
    def of(cls, policies: Iterable[DunningPolicy], default_jurisdiction: str = "cn") -> PolicyBook:
        return cls(tuple(policies), default_jurisdiction)

    def policy_id_for(self, customer_id: str, segment: str | None, jurisdiction: str | None) -> str:
        """Which policy (by id) decides for this debtor: customer, segment, jurisdiction."""
        tests: tuple[Callable[[DunningPolicy], bool], ...] = (
            lambda p: customer_id in p.applies_to.customers,
            lambda p: segment is not None and segment in p.applies_to.segments,
            lambda p: (jurisdiction or self.default_jurisdiction) in p.applies_to.jurisdictions,
            lambda p: self.default_jurisdiction in p.applies_to.jurisdictions,
        )
        for test in tests:
            for policy_id, versions in self._by_id.items():
                if any(test(v) for v in versions):
                    return policy_id
        raise NoPolicy(f"no policy for customer {customer_id}")

    def version_on(self, policy_id: str, day: dt.date) -> DunningPolicy:
        """The newest version of ``policy_id`` in force on ``day`` (the first one before that)."""
        versions = self._by_id[policy_id]
        in_force = [v for v in versions if v.effective_from <= day]
        return in_force[-1] if in_force else versions[0]

    def for_debtor(
        self, customer_id: str, segment: str | None, jurisdiction: str | None, day: dt.date
    ) -> DunningPolicy:
        return self.version_on(self.policy_id_for(customer_id, segment, jurisdiction), day)

    def with_version(self, policy: DunningPolicy) -> PolicyBook:
        """This book with one more policy version (a new version or a new policy)."""
        return PolicyBook((*self.policies, policy), self.default_jurisdiction)
