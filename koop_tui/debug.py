"""`koop --debug`: what a command did and how long it took, on stderr, and full tracebacks for errors.

Off unless `--debug` is given; then `note` prints `koop: debug: <ms since start> <message>` and `timed` the
duration of a step. Plain prints, no logging framework: the output is for the person at the terminal.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

START = time.perf_counter()  # set when koop's entry point is imported: the figures count from there
_on = False


def enable() -> None:
    global _on
    _on = True


def enabled() -> bool:
    return _on


def note(message: str) -> None:
    if _on:
        print(f"koop: debug: {(time.perf_counter() - START) * 1000:7.1f} ms  {message}", file=sys.stderr, flush=True)


@contextmanager
def timed(step: str) -> Iterator[None]:
    """Note how long the step took (also when it fails)."""
    if not _on:
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        note(f"{step}: {(time.perf_counter() - start) * 1000:.1f} ms")


def traceback_to_stderr() -> None:
    """The traceback of the exception being handled, when debugging."""
    if _on:
        import traceback

        traceback.print_exc(file=sys.stderr)
