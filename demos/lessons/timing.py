"""Timing for the lessons that measure: wall-clock seconds, with a median against stalls.

A timing on a shared machine is noisy: one call can stall behind another process. So a short
call is repeated and the median taken, and a long job is done a time budget at a time (a step of
the demo stays short).
"""

from __future__ import annotations

import statistics
import time
import timeit
from collections.abc import Callable, Iterator
from typing import Any

SLOW = 0.015  # seconds: a size whose call would take longer is not timed


def timed(fn: Callable[[], Any], budget: float, repeat: int = 5) -> list[float]:
    """Seconds per call of fn, `repeat` samples, the way timeit does it: one warm-up call (it
    pays one-time setup and brings the operands into cache), then each sample is the mean of
    `number` calls in a row, with number chosen so all samples fit in about the budget."""
    timer = timeit.Timer(fn)
    first = timer.timeit(number=1)  # the warm-up, also an estimate of one call
    number = max(1, int(budget / repeat / max(first, 1e-9)))
    return [t / number for t in timer.repeat(repeat=repeat, number=number)]


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
