"""Question 3, mode "speed": the same operation timed in NumPy and in PyTorch, against size.

Both call compiled loops over the same kind of buffer, so neither wins everywhere: at small
sizes the per-call overhead (Python, dispatch) dominates, at large sizes memory bandwidth or the
BLAS library used for matmul. Each step times one size in both libraries (their median over as
many calls as fit a few milliseconds); the sizes are swept several times. Sizes predicted to
take too long are skipped. The results are compared too: the same maths, the same numbers.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from demos.lessons.timing import SLOW, timed


@dataclass(frozen=True)
class Config:
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
    """The NumPy and the torch call of the operation, on the same buffers."""
    ta, tb = torch.from_numpy(a), torch.from_numpy(b)
    if op == "matmul":
        return (lambda: a @ b), (lambda: ta @ tb)
    if op == "reduction":
        return (lambda: a.sum()), (lambda: ta.sum())
    return (lambda: a * b + 1), (lambda: ta * tb + 1)


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
        numpy_times, expected = timed(numpy_fn, BUDGET)
        torch_times, result = timed(torch_fn, BUDGET)
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

    def medians(self) -> tuple[list[float], list[float], list[float]]:
        """(elements, NumPy ms, torch ms) per size timed: the median over the passes."""
        sizes = sorted(self.samples)
        numpy_ms = [statistics.median(self.samples[n][0]) * 1e3 for n in sizes]
        torch_ms = [statistics.median(self.samples[n][1]) * 1e3 for n in sizes]
        return [float(self.used[n]) for n in sizes], numpy_ms, torch_ms
