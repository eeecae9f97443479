"""Timing shared by the benchmarks: the best of N runs, against a baseline in the same run."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable


def best(
    fn: Callable[[], object], repeat: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    """The fastest of ``repeat`` calls of ``fn``, in seconds (the least disturbed run).

    ``clock`` may be ``time.process_time``: the process's CPU time, which other processes
    on a loaded machine disturb less than the wall clock.
    """
    times = []
    for _ in range(repeat):
        start = clock()
        fn()
        times.append(clock() - start)
    return min(times)


def peak(fn: Callable[[], object]) -> int:
    """The most memory Python held during ``fn()``, in bytes (tracemalloc)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
