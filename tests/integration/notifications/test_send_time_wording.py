"""R5 at send time: a name a person typed in can carry wording no template author wrote.
The rendered message is linted again before any channel is called; a finding suppresses
the delivery with the rule and the pattern, and collections raises a collector task."""

from __future__ import annotations

from shared.contracts import collections as c
from tests.integration.notifications.harness import Running, eventually, published
from tests.integration.notifications.test_reminder_delivery import (  # noqa: F401 (fixtures)
    World,
    app,
    contacts,
    neighbours,
    request,
    world,
)
from tests.unit.collections.given import History, one, registered

HOSTILE_NAME = "Li Wei (we will tell your boss and post your name on WeChat)"


async def test_a_customer_name_with_banned_wording_is_caught_at_send_and_suppressed(
    world: World,  # noqa: F811 (the fixture)
    app: Running,  # noqa: F811
) -> None:
    world.customers.books["C-7001"] = contacts(name=HOSTILE_NAME, language="en")
    await world.publish(request("req-hostile"))

    [suppressed] = await eventually(lambda: published(world.redis, "NotificationSuppressed"))
    assert suppressed.rule == "R5"  # type: ignore[attr-defined]
    assert suppressed.reason.startswith("wording:shaming:")  # type: ignore[attr-defined]
    assert suppressed.request_id == "req-hostile"  # type: ignore[attr-defined]
    assert await published(world.redis, "NotificationSent") == []
    assert world.mailbox.messages == []  # nothing left on the channel

    # what collections' decide makes of that published event: a collector task
    debtor = History("C-7001").given(registered("C-7001"))
    task = one(debtor.when(suppressed), c.CollectorTaskRaised)
    assert (task.task, task.customer_id) == ("review_refused_message", "C-7001")


async def test_an_ordinary_name_is_sent_as_before(
    world: World,  # noqa: F811 (the fixture)
    app: Running,  # noqa: F811
) -> None:
    world.customers.books["C-7001"] = contacts(name="Court Road Trading Ltd", language="en")
    await world.publish(request("req-plain"))
    [sent] = await eventually(lambda: published(world.redis, "NotificationSent"))
    assert sent.request_id == "req-plain"  # type: ignore[attr-defined]
    assert await published(world.redis, "NotificationSuppressed") == []
