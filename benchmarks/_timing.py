"""Timing shared by the benchmarks: the best of N runs, against a baseline in the same run."""

from __future__ import annotations

import statistics
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


def paired(
    baseline: Callable[[], object],
    measured: Callable[[], object],
    repeat: int,
    clock: Callable[[], float] = time.process_time,
) -> tuple[float, float, float]:
    """The fastest baseline run, the fastest measured run, and the median of the
    ratios of each pair, the two run turn about ``repeat`` times.

    On a shared machine whose speed drifts for seconds at a time, a pair run back to
    back meets the same drift, so the median ratio of pairs moves less than either
    time; the ratio of the best runs is reported beside it.
    """
    ratios, fastest = [], [float("inf"), float("inf")]
    for _ in range(repeat):
        pair = []
        for at, fn in enumerate((baseline, measured)):
            start = clock()
            fn()
            pair.append(clock() - start)
            fastest[at] = min(fastest[at], pair[-1])
        ratios.append(pair[1] / pair[0])
    return fastest[0], fastest[1], statistics.median(ratios)


def peak(fn: Callable[[], object]) -> int:
    """The most memory Python held during ``fn()``, in bytes (tracemalloc)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
