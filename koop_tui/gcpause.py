"""Pause Python's cyclic garbage collector around bulk work that only allocates acyclic objects."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused_gc() -> Iterator[None]:
    """Loading and the due list allocate many long-lived objects; rescanning them costs ~20–30 % of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
