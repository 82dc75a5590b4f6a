"""A service's heap after start-up: what start-up loaded is out of the collector's walks
and young collections are rarer (the order checks' tail, docs/credit.md)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from shared.infra.heap import YOUNG_THRESHOLD, settle_heap


@pytest.fixture
def restored() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("restored")
def test_settling_the_heap_freezes_start_up_objects_and_collects_young_ones_less_often() -> None:
    loaded_at_start_up = {"schema": [object() for _ in range(100)]}

    settle_heap()

    assert gc.get_freeze_count() > 0
    assert not any(o is loaded_at_start_up for o in gc.get_objects())  # frozen: not walked
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD
    made_later: list[object] = []
    assert any(o is made_later for o in gc.get_objects())  # new objects are walked again
