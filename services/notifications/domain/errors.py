"""What a notification command or query can run into, by name."""

from __future__ import annotations

from shared.kernel.errors import NotFound


class TemplateUnavailable(LookupError):
    """No template with that id (or no version of it in that language), or a request that
    states nothing a template could render."""


class NotificationNotFound(NotFound):
    """No notification request with this id was ever taken on."""


class NoEvidence(NotFound):
    """No notification concerning this debtor was ever taken on."""
