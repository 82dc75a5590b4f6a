"""Named errors of the analytics core; the API edge maps them to answers."""

from __future__ import annotations


class AnalyticsError(Exception):
    """A report or a fact was refused; the message says which rule."""

    code = "analytics_rule_violated"


class ConflictingFact(AnalyticsError):
    """A fact id arrived again with different content: one of the sources is wrong."""

    code = "conflicting_fact"


class InvalidPeriod(AnalyticsError):
    """A period ends before it starts, or a report was asked for an impossible window."""

    code = "invalid_period"
