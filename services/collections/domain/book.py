"""The policy book: every policy version collections knows, and which one decides for a debtor.

A customer named by a policy's ``applies_to.customers`` gets that policy; else one naming
its segment; else the one for its jurisdiction (a debtor not registered yet: the book's
home jurisdiction); else the policy configured as ``applies_to.default``, if any. A
registered debtor whose jurisdiction no policy names and with no default configured has
no policy (``NoPolicy``): it is never dunned under another country's policy.
Of the chosen policy, the newest version whose ``effective_from`` has come applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from services.collections.domain.policy import DunningPolicy


class NoPolicy(LookupError):
    """No policy applies to the debtor (its jurisdiction has none, no default is configured)."""


@dataclass(frozen=True)
class Choice:
    """The policy chosen for a debtor and why (``basis``: what matched)."""

    policy_id: str
    basis: str


@dataclass(frozen=True)
class PolicyBook:
    policies: tuple[DunningPolicy, ...]
    default_jurisdiction: str = "cn"  # the home jurisdiction: for debtors not registered yet
    _by_id: dict[str, list[DunningPolicy]] = field(init=False, repr=False, compare=False)
    _naming: _Naming = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, list[DunningPolicy]] = {}
        for policy in sorted(self.policies, key=lambda p: p.effective_from):
            by_id.setdefault(policy.id, []).append(policy)
        object.__setattr__(self, "_by_id", by_id)
        defaults = self.default_policy_ids()
        if len(defaults) > 1:
            raise ValueError(f"only one policy may be the default, found {', '.join(defaults)}")
        object.__setattr__(self, "_naming", _Naming.of(by_id))

    @classmethod
    def of(cls, policies: Iterable[DunningPolicy], default_jurisdiction: str = "cn") -> PolicyBook:
        return cls(tuple(policies), default_jurisdiction)

    def default_policy_ids(self) -> list[str]:
        """Ids of the policies configured as the fallback (at most one in a valid book)."""
        return sorted(
            pid for pid, vs in self._by_id.items() if any(v.applies_to.default for v in vs)
        )

    def choose(self, customer_id: str, segment: str | None, jurisdiction: str | None) -> Choice:
        """Which policy decides for this debtor, and why: customer, segment, jurisdiction,
        then the configured default."""
        where = jurisdiction or self.default_jurisdiction
        naming = self._naming
        if (policy_id := naming.customers.get(customer_id)) is not None:
            return Choice(policy_id, "customer")
        if segment is not None and (policy_id := naming.segments.get(segment)) is not None:
            return Choice(policy_id, "segment")
        if (policy_id := naming.jurisdictions.get(where)) is not None:
            named = "jurisdiction" if jurisdiction else "home jurisdiction (not registered yet)"
            return Choice(policy_id, f"{named} {where}")
        if naming.default is not None:
            return Choice(naming.default, f"default: no policy for jurisdiction {where}")
        raise NoPolicy(
            f"no dunning policy for jurisdiction {where} and no default policy configured "
            f"(customer {customer_id})"
        )

    def policy_id_for(self, customer_id: str, segment: str | None, jurisdiction: str | None) -> str:
        return self.choose(customer_id, segment, jurisdiction).policy_id

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


@dataclass(frozen=True)
class _Naming:
    """Which policy a customer, segment or jurisdiction names, looked up once per book
    (``choose`` runs for every decision): of the policies naming one, the first in the
    book's order of policy ids, as a scan of the book would find it."""

    customers: dict[str, str]
    segments: dict[str, str]
    jurisdictions: dict[str, str]
    default: str | None

    @classmethod
    def of(cls, by_id: dict[str, list[DunningPolicy]]) -> _Naming:
        customers: dict[str, str] = {}
        segments: dict[str, str] = {}
        jurisdictions: dict[str, str] = {}
        default = None
        for policy_id, versions in by_id.items():
            for version in versions:
                applies = version.applies_to
                for table, names in ((customers, applies.customers),
                                     (segments, applies.segments),
                                     (jurisdictions, applies.jurisdictions)):  # fmt: skip
                    for name in names:
                        table.setdefault(name, policy_id)
                if applies.default and default is None:
                    default = policy_id
        return cls(customers, segments, jurisdictions, default)
