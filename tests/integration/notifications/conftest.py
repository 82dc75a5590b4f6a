"""Fixtures of the channel tests (the world with every far side real)."""

from tests.integration.notifications.channel_world import far_side, world

__all__ = ["far_side", "world"]
