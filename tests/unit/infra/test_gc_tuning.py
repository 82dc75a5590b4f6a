"""A started service process freezes what start-up left alive and collects less often."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from pydantic import ValidationError

from shared.infra.gc_tuning import YOUNG_THRESHOLD, settle_after_start, young_threshold
from shared.infra.settings import Settings


@pytest.fixture
def restored_gc() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_what_start_up_left_alive_is_frozen_and_young_collections_are_rarer(
    restored_gc: None,
) -> None:
    started_with = [[n] for n in range(10)]  # containers alive at start-up
    settle_after_start()

    assert gc.get_threshold()[0] == YOUNG_THRESHOLD > 700
    scanned = {id(o) for generation in range(3) for o in gc.get_objects(generation)}
    assert all(gc.is_tracked(o) and id(o) not in scanned for o in started_with)


def test_a_cycle_made_after_start_up_is_still_collected(restored_gc: None) -> None:
    settle_after_start()
    cycle: list[object] = []
    cycle.append(cycle)
    found = id(cycle)
    del cycle

    gc.collect()
    assert all(id(o) != found for o in gc.get_objects())


def test_collections_collects_less_often_than_the_others_unless_a_setting_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert young_threshold("collections") == 200_000 > young_threshold("customers")
    assert young_threshold("invoicing") == 200_000
    assert young_threshold("customers") == YOUNG_THRESHOLD
    monkeypatch.setenv("HUIKUAN_GC_YOUNG_THRESHOLD", "50000")
    setting = Settings().gc_young_threshold
    assert (
        young_threshold("collections", setting) == young_threshold("customers", setting) == 50_000
    )
    monkeypatch.setenv("HUIKUAN_GC_YOUNG_THRESHOLD", "10")
    with pytest.raises(ValidationError, match="gc_young_threshold"):
        Settings()
