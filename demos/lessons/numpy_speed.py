"""Question 3, mode "speed": the same operation timed in NumPy and in PyTorch, against size.

Both run compiled loops over the same kind of buffer: at small sizes per-call overhead decides,
at large ones memory bandwidth or the BLAS library (matmul). Each step times one size in both,
as timeit does, on the same threads, into preallocated outputs, alternating which goes first;
several passes over the sizes, medians kept. The results are compared too.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import torch
from threadpoolctl import threadpool_info, threadpool_limits

from demos.lessons.timing import SLOW, timed


class Config(NamedTuple):
    dtype: str = "float64"  # float64, float32 or int64
    op: str = "elementwise"  # "elementwise" (a * b + 1), "matmul" or "reduction" (sum)
    n: float = 262144  # the largest size timed, in elements


PASSES = 6  # passes over all sizes
BUDGET = 0.006  # seconds of repeats per library per step


def speed_sizes(n: int) -> list[int]:
    sizes = [64]
    while sizes[-1] * 4 <= n:
        sizes.append(sizes[-1] * 4)
    return sizes if sizes[-1] == n else [*sizes, n]


def operands(op: str, n: int, dtype: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two inputs of about n elements each (matmul: two square matrices)."""
    rng = np.random.default_rng(seed)
    shape = (math.isqrt(n),) * 2 if op == "matmul" else (n,)
    return (rng.random(shape) * 4).astype(dtype), (rng.random(shape) * 4).astype(dtype)


def operations(
    op: str, a: np.ndarray, b: np.ndarray
) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """The same operation in each library, on the same buffers, into a preallocated output:
    what is timed is the arithmetic, not how each allocator finds fresh pages for a result."""
    ta, tb = torch.from_numpy(a), torch.from_numpy(b)
    if op == "reduction":
        return (lambda: a.sum()), (lambda: ta.sum())
    out = np.empty((a.shape[0], b.shape[-1]) if op == "matmul" else a.shape, a.dtype)
    tout = torch.from_numpy(np.empty_like(out))
    if op == "matmul":
        return (lambda: np.matmul(a, b, out=out)), (lambda: torch.matmul(ta, tb, out=tout))
    return (lambda: np.add(np.multiply(a, b, out=out), 1, out=out)), (
        lambda: torch.mul(ta, tb, out=tout).add_(1)
    )


def time_pair(
    numpy_fn: Callable[[], Any], torch_fn: Callable[[], Any], numpy_first: bool
) -> tuple[list[float], list[float]]:
    """Both timed the same way, in the order given, BLAS on torch's number of threads. Callers
    alternate the order: the second inherits the first's allocator and cache state."""
    with threadpool_limits(limits=torch.get_num_threads()):
        first, second = (numpy_fn, torch_fn) if numpy_first else (torch_fn, numpy_fn)
        times = timed(first, BUDGET), timed(second, BUDGET)
    return times if numpy_first else (times[1], times[0])


def blas_threads() -> str:
    """NumPy's BLAS thread count as time_pair sets it, or '?' if unknown."""
    with threadpool_limits(limits=torch.get_num_threads()):
        counts = {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}
    return "/".join(str(c) for c in sorted(counts)) or "?"


class NumpySpeed:
    def __init__(self, config: Config, seed: int) -> None:
        torch.manual_seed(seed)
        self.seed, self.op, self.dtype = seed, config.op, config.dtype
        self.sizes = speed_sizes(round(config.n))
        self.cursor, self.passes, self.skipped = 0, 0, 0
        self.samples: dict[int, tuple[list[float], list[float]]] = {}  # medians per pass
        self.fastest: dict[int, float] = {}  # per size: the slower library's fastest call
        self.used: dict[int, int] = {}  # elements actually used (matmul: side * side)
        self.max_diff = 0.0  # largest relative difference between the two results
        self.blas = blas_threads()
        for warm_up in operations(self.op, *operands(self.op, 64, self.dtype, seed)):
            warm_up()  # a first call pays one-time setup; keep it out of the timings
        self.steps = 0
        self.status = "running"

    def too_slow(self, n: int) -> bool:
        """Would one call at n exceed SLOW (seconds), judged by the fastest at the last size?"""
        previous = self.sizes[self.cursor - 1] if self.cursor else 0
        if previous not in self.fastest:
            return False
        power = 1.5 if self.op == "matmul" else 1.0
        return self.fastest[previous] * (n / previous) ** power > SLOW

    def time_size(self, n: int) -> None:
        a, b = operands(self.op, n, self.dtype, self.seed)
        self.used[n] = a.size
        numpy_fn, torch_fn = operations(self.op, a, b)
        numpy_first = (self.passes + self.cursor) % 2 == 0  # each size: both orders in turn
        numpy_times, torch_times = time_pair(numpy_fn, torch_fn, numpy_first)
        expected, result = np.array(numpy_fn()), torch_fn().clone()
        medians = self.samples.setdefault(n, ([], []))
        medians[0].append(statistics.median(numpy_times))
        medians[1].append(statistics.median(torch_times))
        slowest = max(min(numpy_times), min(torch_times))
        self.fastest[n] = min(self.fastest.get(n, slowest), slowest)
        expected = np.asarray(expected, np.float64)
        diff = float(np.abs(expected - result.double().numpy()).max())
        self.max_diff = max(self.max_diff, diff / max(1.0, float(np.abs(expected).max())))

    def step(self) -> bool:
        if self.status != "running":
            return False
        self.steps += 1
        n = self.sizes[self.cursor]
        if self.too_slow(n):
            self.skipped = len(self.sizes) - self.cursor
            self.sizes, self.cursor = self.sizes[: self.cursor], 0
            self.passes += 1
        else:
            self.time_size(n)
            self.cursor += 1
            if self.cursor >= len(self.sizes):
                self.cursor, self.passes = 0, self.passes + 1
        if self.passes >= PASSES:
            self.status = "done"
        return self.status == "running"
