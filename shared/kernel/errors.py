"""Base classes of the errors a domain raises. Each names its rule by class and ``code``;
how the API edge answers them (HTTP status) is ``shared.web.errors``' business."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the business refused the command."""

    code = "rule_violated"


class NotFound(DomainError):
    """The command or query names something that does not exist."""

    code = "not_found"


class Conflict(DomainError):
    """The command clashes with the current state."""

    code = "conflict"


class CorruptHistory(RuntimeError):
    """An aggregate's stream holds an event that cannot follow the ones before it."""
