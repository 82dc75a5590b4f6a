"""Deterministic ids: the same causes always give the same id."""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("6f1c8b5e-2f4d-5a53-9a61-6b75696b7561")


def derived_id(*parts: object) -> uuid.UUID:
    """A deterministic id from its causes: the same inputs always give the same id.

    Handlers derive the ids of what they emit from the event that caused them, so a
    redelivered event yields the very same ids and is recognised as already applied.
    """
    return uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts))
