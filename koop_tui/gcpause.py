"""Pause Python's cyclic garbage collector around bulk work that only allocates acyclic objects."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused_gc(keep: bool = False) -> Iterator[None]:
    """Loading and the due list allocate many long-lived objects that the collector would rescan as they come.

    keep=True when what was allocated lives as long as the process (a large loaded workspace): everything
    alive is then frozen (gc.freeze) before the collector resumes, so neither the full collection the load
    has made due (a frozen UI) nor any later one rescans it. The model holds no reference cycles: partners
    replaced later are still freed, by reference counting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if enabled:
            gc.enable()


_held = False


def hold_for_start_up() -> None:
    """At the process's start (koop's entry point, before the heavy imports): no collections while the imports
    and the first screen allocate objects that live as long as the process. start_up_over() resumes the
    collector."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def start_up_over() -> None:
    """Resume a collector held by hold_for_start_up, with what start-up made frozen out of its sight (gc.freeze),
    so no later collection rescans it. Without a hold, nothing happens."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()


_kept: object = None


def keep_to_exit(obj: object) -> None:
    """Keep obj (the last one given) referenced until the process ends: a one-shot command whose caches a
    detached child writes ends with os._exit (cache.write_after), which frees nothing."""
    global _kept
    _kept = obj
