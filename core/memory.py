"""Bulk work without Python's cycle collector in the way.

An import builds hundreds of thousands of short-lived objects (cells, people, steps, messages)
and keeps most of them until it ends; the cycle collector runs every 700 allocations and, as
the heap grows, walks it again and again: a third of the import's Python time (issue 17), for
nothing, since these objects form no reference cycles and are freed by reference counting.
"""

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Pause the cycle collector for the block, then put it back as it was.

    The collector is process-wide: a thread running meanwhile is not collected either, which
    costs memory only for cycles made during the block. Nested blocks leave it to the outer one.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def without_cycle_collection(function: Callable[P, R]) -> Callable[P, R]:
    """`function` run with the cycle collector paused (`cycle_collection_paused`)."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with cycle_collection_paused():
            return function(*args, **kwargs)

    return wrapper
