"""Pausing the cyclic garbage collector while many small objects without cycles are built.

Loading a catalog, reading a shipped table and a batch duty run each make tens or hundreds
of thousands of containers with no reference cycle (the loader refuses YAML aliases); every
collection meanwhile would walk all of them and everything else the process holds.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """The collector off inside, back to its state on the way out. With `freeze`, what
    exists on the way out is moved out of the collector's sight for good (`gc.freeze`): only
    for objects that live until the process ends, so only the CLI asks for it (a library
    call must not freeze its caller's objects)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
