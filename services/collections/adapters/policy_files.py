"""Dunning policies from YAML files, refused at load with the path and reason of every error.

``HUIKUAN_COLLECTIONS_POLICIES`` names a folder of ``*.yaml`` policy files; without it the
policies shipped in ``services/collections/policies`` (``cn``, ``us``, ``key_account``) apply.
None of those is a default: a debtor of another jurisdiction is held for a collector until a
policy names its jurisdiction or one says ``applies_to: {default: true}`` (an example is in
``services/collections/policies/examples/default.yaml``).
"""

from __future__ import annotations

import os
from pathlib import Path

from services.collections.domain.book import PolicyBook
from services.collections.domain.policy import DunningPolicy
from shared.config_files import ConfigRejected, parse_yaml_document

POLICIES_ENV = "HUIKUAN_COLLECTIONS_POLICIES"
SHIPPED = Path(__file__).resolve().parent.parent / "policies"


PolicyRejected = ConfigRejected


def parse_policy(text: str, source: str = "<policy>") -> DunningPolicy:
    """One policy from YAML text; ``PolicyRejected`` names ``source``, the path and the reason."""
    return parse_yaml_document(text, DunningPolicy, source, "dunning policy")


def load_book(folder: Path | None = None, default_jurisdiction: str = "cn") -> PolicyBook:
    """Every ``*.yaml`` in ``folder`` (all files checked, all errors reported together)."""
    folder = folder or Path(os.environ.get(POLICIES_ENV) or SHIPPED)
    policies, problems = [], []
    for path in sorted(folder.glob("*.yaml")):
        try:
            policies.append(parse_policy(path.read_text(encoding="utf-8"), str(path)))
        except PolicyRejected as exc:
            problems += exc.problems
    problems += _duplicates(policies) + _defaults(policies)
    if not policies and not problems:
        problems.append(f"{folder}: no *.yaml policy files")
    if problems:
        raise PolicyRejected(problems, "dunning policy")
    return PolicyBook.of(policies, default_jurisdiction)


def _duplicates(policies: list[DunningPolicy]) -> list[str]:
    seen: set[tuple[str, str]] = set()
    problems = []
    for policy in policies:
        key = (policy.id, policy.version)
        if key in seen:
            problems.append(f"policy {policy.id} version {policy.version} is defined twice")
        seen.add(key)
    return problems


def _defaults(policies: list[DunningPolicy]) -> list[str]:
    ids = sorted({p.id for p in policies if p.applies_to.default})
    if len(ids) > 1:
        return [f"only one policy may be the default (applies_to.default), found {', '.join(ids)}"]
    return []
