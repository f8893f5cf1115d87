"""The cycle collector is paused for bulk work and always put back as it was."""

import gc

import pytest

from core.memory import cycle_collection_paused, without_cycle_collection


@pytest.fixture(autouse=True)
def collector_enabled():
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_paused_inside_and_enabled_again_after():
    with cycle_collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_is_enabled_again_after_an_error():
    with pytest.raises(ValueError, match="bad row"), cycle_collection_paused():
        raise ValueError("bad row")
    assert gc.isenabled()


def test_a_nested_block_leaves_the_collector_to_the_outer_one():
    with cycle_collection_paused():
        with cycle_collection_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled():
    gc.disable()
    with cycle_collection_paused():
        pass
    assert not gc.isenabled()


def test_the_decorator_runs_the_function_with_the_collector_paused():
    @without_cycle_collection
    def states(value):
        return value, gc.isenabled()

    assert states(1) == (1, False)
    assert gc.isenabled()
