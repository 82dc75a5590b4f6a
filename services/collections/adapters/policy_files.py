"""Dunning policies from YAML files, refused at load with the path and reason of every error.

``HUIKUAN_COLLECTIONS_POLICIES`` names a folder of ``*.yaml`` policy files; without it the
policies shipped in ``services/collections/policies`` (``cn``, ``us``, ``key_account``) apply.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from services.collections.domain.book import PolicyBook
from services.collections.domain.policy import DunningPolicy

POLICIES_ENV = "HUIKUAN_COLLECTIONS_POLICIES"
SHIPPED = Path(__file__).resolve().parent.parent / "policies"


class PolicyRejected(ValueError):
    """A policy file is not a valid dunning policy; ``problems`` lists every error."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("dunning policy refused:\n  " + "\n  ".join(problems))
        self.problems = problems


class _Loader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay text, so pydantic names a bad one."""


_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _where(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(top)"


def parse_policy(text: str, source: str = "<policy>") -> DunningPolicy:
    """One policy from YAML text; ``PolicyRejected`` names ``source``, the path and the reason."""
    try:
        raw: Any = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise PolicyRejected([f"{source}: not YAML: {exc}"]) from exc
    try:
        return DunningPolicy.model_validate(raw)
    except ValidationError as exc:
        problems = [f"{source}: {_where(e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise PolicyRejected(problems) from exc


def load_book(folder: Path | None = None, default_jurisdiction: str = "cn") -> PolicyBook:
    """Every ``*.yaml`` in ``folder`` (all files checked, all errors reported together)."""
    folder = folder or Path(os.environ.get(POLICIES_ENV) or SHIPPED)
    policies, problems = [], []
    for path in sorted(folder.glob("*.yaml")):
        try:
            policies.append(parse_policy(path.read_text(encoding="utf-8"), str(path)))
        except PolicyRejected as exc:
            problems += exc.problems
    problems += _duplicates(policies)
    if not policies and not problems:
        problems.append(f"{folder}: no *.yaml policy files")
    if problems:
        raise PolicyRejected(problems)
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
