"""After erasure notifications has nothing to send to: with the real customers app over
HTTP and the real notifications app, an overdue reminder to an erased customer leaves no
e-mail, and the outcome says no address is on file (an SMS or a letter likewise: the
contact book test shows their addresses are gone too)."""

from __future__ import annotations

import asyncio

from shared.web.auth import Role
from tests.integration.customers.harness import ERASURE
from tests.integration.customers.test_preferences_reach_the_gate import (
    CUSTOMER,
    World,
    overdue_reminder,
    world,
)
from tests.integration.notifications.harness import eventually, published
from tests.support.apps import api_key

__all__ = ["world"]  # the fixture, shared with the preferences test


async def test_an_erased_customer_gets_no_reminder_for_want_of_an_address(world: World) -> None:
    admin = await api_key(world.redis, "admin-erasure", Role.ADMIN)
    erased = await world.customers.post(
        f"/customers/{CUSTOMER}/erasure", json=ERASURE, headers={"X-API-Key": admin}
    )
    assert erased.status_code == 200, erased.text

    await world.publish(overdue_reminder("req-after-erasure"))
    [failed] = await eventually(lambda: published(world.redis, "NotificationFailed"))

    assert failed.channel == "email"  # type: ignore[attr-defined]
    assert failed.error == "no email address on file for this contact"  # type: ignore[attr-defined]
    await asyncio.sleep(0.3)  # the outcome is final: nothing is sent later
    assert world.mailbox.messages == []
    assert await published(world.redis, "NotificationSent") == []
