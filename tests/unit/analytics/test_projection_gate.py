"""Folds run together; a load or rebuild waits for the folds in flight and holds new ones."""

from __future__ import annotations

import asyncio

from services.analytics.application.projection import SharedOrAlone


async def test_a_rebuild_waits_for_folds_in_flight_and_holds_back_new_ones() -> None:
    gate, seen = SharedOrAlone(), []
    first_in, release_first, rebuild_in = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def fold(name: str, until: asyncio.Event | None = None) -> None:
        async with gate.shared():
            seen.append(f"{name} in")
            if until is None:
                first_in.set()
            else:
                await until.wait()
            seen.append(f"{name} out")

    async def rebuild() -> None:
        async with gate.alone():
            seen.append("rebuild in")
            rebuild_in.set()
            await asyncio.sleep(0)
            seen.append("rebuild out")

    slow = asyncio.create_task(fold("slow", release_first))
    other = asyncio.create_task(fold("other"))
    await first_in.wait()  # two folds share the gate
    rebuilding = asyncio.create_task(rebuild())
    await asyncio.sleep(0.01)
    assert "rebuild in" not in seen  # waits for the slow fold
    release_first.set()
    await rebuild_in.wait()
    late = asyncio.create_task(fold("late"))
    await asyncio.gather(slow, other, rebuilding, late)

    assert seen.index("slow out") < seen.index("rebuild in")
    assert seen.index("rebuild out") < seen.index("late in")  # held back until it was done
