"""The partition count is stored at the first start; another count refuses to start."""

from __future__ import annotations

import pytest
import redis.asyncio as aioredis

from services.invoicing.app import build
from shared.infra import keys
from shared.infra.partitions import PartitionCountChanged
from shared.infra.settings import Settings


async def start(settings: Settings) -> None:
    app = build(settings)
    async with app.router.lifespan_context(app):
        pass


async def test_the_first_start_stores_the_count_and_another_count_is_refused(
    redis: aioredis.Redis, settings: Settings
) -> None:
    await start(settings)
    assert await redis.get(keys.PARTITION_COUNT) == b"4"
    await start(settings)  # the same count starts again

    refusal = r"HUIKUAN_PARTITIONS is 8 .* in 4 partitions.*set HUIKUAN_PARTITIONS=4 \(repart"
    with pytest.raises(PartitionCountChanged, match=refusal):
        await start(settings.model_copy(update={"partitions": 8}))
    assert await redis.get(keys.PARTITION_COUNT) == b"4"
    assert await redis.keys(keys.outbox(5, "invoicing")) == []  # nothing made in partition 5
