"""Timing for the lessons that measure: wall-clock seconds, with a median against stalls.

A timing on a shared machine is noisy: one call can stall behind another process. So a short
call is repeated and the median taken, and a long job is done a time budget at a time (a step of
the demo stays short).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any

SLOW = 0.015  # seconds: a call slower than this is timed once


def timed(fn: Callable[[], Any], budget: float, most: int = 25) -> tuple[list[float], Any]:
    """(seconds of each call, result) of fn: one call, then as many as fit in the budget, at
    least two more for a call faster than SLOW (so one stall is outvoted by the median)."""
    start = time.perf_counter()
    result = fn()
    times = [time.perf_counter() - start]
    extra = int(budget / max(times[0], 1e-9))
    for _ in range(min(most, max(extra, 2 if times[0] < SLOW else 0))):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times, result


def median_time(fn: Callable[[], Any], first: float, budget: float, most: int = 15) -> float:
    """Median seconds of fn: `first` (one call already timed), then as many more calls as fit
    in the budget, at most `most`."""
    times = [first]
    for _ in range(min(most, int(budget / max(first, 1e-9)))):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def take_for(parts: Iterator[Any], into: list[Any], needed: int, budget: float) -> float:
    """Take parts into `into` until it holds `needed` or `budget` seconds have passed; the
    seconds spent."""
    began = time.perf_counter()
    for part in parts:
        into.append(part)
        if len(into) == needed or time.perf_counter() - began >= budget:
            break
    return time.perf_counter() - began
