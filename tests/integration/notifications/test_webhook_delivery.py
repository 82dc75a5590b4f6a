"""A reminder on the webhook channel reaches the company's own system, signed, once."""

from __future__ import annotations

from tests.integration.notifications.channel_world import CUSTOMER, World, request
from tests.integration.notifications.harness import eventually, published


async def test_a_reminder_requested_on_the_webhook_is_delivered_signed_and_evidenced(
    world: World,
) -> None:
    await world.publish(request("req-w1", ("webhook",)))

    [sent] = await eventually(lambda: published(world.redis, "NotificationSent"))
    [(key, body)] = world.far.hook.received.items()
    assert world.far.hook.rejected == 0
    assert key == "req-w1:webhook:ct-1:1" == sent.idempotency_key  # type: ignore[attr-defined]
    assert body["customer_id"] == CUSTOMER
    assert sent.channel == "webhook" and sent.template == "overdue_reminder_1"  # type: ignore[attr-defined]
    assert await published(world.redis, "NotificationSuppressed") == []
