"""PyTorch vs NumPy: one buffer shared (or copied) between them, and the same maths timed in each.

memory: build a tensor from an array (or an array from a tensor) with the chosen bridge, then
write a value through the tensor a little at a time; the frame draws both, and whether they share
memory is read from their data pointers. speed: time one operation in both libraries at sizes
64, 256, ... up to n, one size per step, several passes, and plot the medians.
"""

from __future__ import annotations

import math
import statistics
import timeit
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from threadpoolctl import threadpool_info, threadpool_limits

from demos.base import Demo, Frame, Plot, Series, Values, fmt
from demos.specs.numpy_vs_torch import TOPIC

SIZE = 12  # elements of the array in memory mode
RAMP = 12  # steps the write takes to reach its value
MEMORY_STEPS = 30
PASSES = 6  # speed mode: passes over all sizes
BUDGET = 0.006  # seconds of repeats per library per step
SLOW = 0.015  # skip sizes where one call is predicted to take longer than this
DTYPES = {"float64": np.float64, "float32": np.float32, "int64": np.int64}


def bridge(source: np.ndarray, how: str) -> tuple[np.ndarray, torch.Tensor]:
    """The (array, tensor) pair the bridge gives; '.numpy()' starts from a tensor instead."""
    if how == "from_numpy":
        return source, torch.from_numpy(source)
    if how == "as_tensor":
        return source, torch.as_tensor(source)
    if how == "as_tensor(float32)":
        return source, torch.as_tensor(source, dtype=torch.float32)
    if how == "tensor (copy)":
        return source, torch.tensor(source)
    tensor = torch.tensor(source)
    return tensor.numpy(), tensor


def shares_memory(array: np.ndarray, tensor: torch.Tensor) -> bool:
    """True when the two overlap in memory (a tensor's .numpy() is always a view of it)."""
    return bool(np.shares_memory(array, tensor.numpy()))


def same_address(array: np.ndarray, tensor: torch.Tensor) -> bool:
    return tensor.data_ptr() == array.__array_interface__["data"][0]


def make_memory_pair(values: Values, seed: int) -> tuple[np.ndarray, torch.Tensor]:
    rng = np.random.default_rng(seed)
    base = rng.integers(1, 8, SIZE).astype(DTYPES[str(values["dtype"])])
    how = str(values["bridge"])
    if values["view"] == "every 2nd":
        if how == ".numpy()":  # slice the tensor, then view it from NumPy
            tensor = torch.tensor(base)[::2]
            return tensor.numpy(), tensor
        return bridge(base[::2], how)
    return bridge(base, how)


def timed(fn: Callable[[], Any], budget: float = BUDGET, repeat: int = 5) -> list[float]:
    """Seconds per call of fn, `repeat` samples, the way timeit does it: one warm-up call (it
    pays one-time setup and brings the operands into cache), then each sample is the mean of
    `number` calls in a row, with number chosen so all samples fit in about the budget."""
    timer = timeit.Timer(fn)
    first = timer.timeit(number=1)  # the warm-up, also an estimate of one call
    number = max(1, int(budget / repeat / max(first, 1e-9)))
    return [t / number for t in timer.repeat(repeat=repeat, number=number)]


def time_pair(
    numpy_fn: Callable[[], Any], torch_fn: Callable[[], Any], numpy_first: bool
) -> tuple[list[float], list[float]]:
    """Both libraries timed the same way, in the order given, BLAS and torch on the same
    number of threads. Callers alternate the order: whichever runs second inherits the
    first one's allocator and cache state, which alone once made torch look 10x slower."""
    with threadpool_limits(limits=torch.get_num_threads()):
        if numpy_first:
            numpy_times = timed(numpy_fn)
            return numpy_times, timed(torch_fn)
        torch_times = timed(torch_fn)
        return timed(numpy_fn), torch_times


def blas_threads() -> str:
    """NumPy's BLAS thread count as time_pair sets it (threadpoolctl), or '?' if unknown."""
    with threadpool_limits(limits=torch.get_num_threads()):
        counts = {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}
    return "/".join(str(c) for c in sorted(counts)) or "?"


def speed_sizes(n: int) -> list[int]:
    sizes = [64]
    while sizes[-1] * 4 <= n:
        sizes.append(sizes[-1] * 4)
    if sizes[-1] != n:
        sizes.append(n)
    return sizes


def operands(op: str, n: int, dtype: type, seed: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Two inputs with about n elements each, and the size actually used."""
    rng = np.random.default_rng(seed)
    if op == "matmul":
        side = max(1, math.isqrt(n))
        shape: tuple[int, ...] = (side, side)
    else:
        shape = (n,)
    a: np.ndarray = (rng.random(shape) * 4).astype(dtype)
    b: np.ndarray = (rng.random(shape) * 4).astype(dtype)
    return a, b, a.size


def operations(
    op: str, a: np.ndarray, b: np.ndarray
) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """The same operation in each library, writing into a preallocated output: what is timed
    is the arithmetic, not how each library's allocator gets fresh pages for a result (a new
    2 MB result cost torch ~1.9 ms against NumPy's 0.1 ms in one process, not in another)."""
    ta, tb = torch.from_numpy(a), torch.from_numpy(b)
    if op == "reduction":
        return (lambda: a.sum()), (lambda: ta.sum())
    out = np.empty((a.shape[0], b.shape[-1]) if op == "matmul" else a.shape, a.dtype)
    tout = torch.from_numpy(np.empty_like(out))
    if op == "matmul":
        return (lambda: np.matmul(a, b, out=out)), (lambda: torch.matmul(ta, tb, out=tout))

    def numpy_fn() -> np.ndarray:
        return np.add(np.multiply(a, b, out=out), 1, out=out)

    def torch_fn() -> torch.Tensor:
        return torch.mul(ta, tb, out=tout).add_(1)

    return numpy_fn, torch_fn


class NumpyDemo(Demo):
    topic = TOPIC

    def reset(self, values: Values, seed: int) -> None:
        torch.manual_seed(seed)
        self.seed = seed
        self.mode = str(values["mode"])
        self.how = str(values["bridge"])
        self.dtype_name = str(values["dtype"])
        self.steps = 0
        self.status = "running"
        if self.mode == "memory":
            self.reset_memory(values)
        else:
            self.reset_speed(values)

    # --- memory ---------------------------------------------------------------------------
    def reset_memory(self, values: Values) -> None:
        self.array, self.tensor = make_memory_pair(values, self.seed)
        self.index = min(int(values["index"]), len(self.tensor) - 1)
        self.target = float(values["value"])
        self.start = float(self.tensor[self.index])
        self.shared = shares_memory(self.array, self.tensor)
        self.same_address = same_address(self.array, self.tensor)

    def step_memory(self) -> None:
        progress = min(1.0, self.steps / RAMP)
        value = self.start + (self.target - self.start) * progress
        self.tensor[self.index] = value  # int64 tensors truncate, as assignment does
        if self.steps >= MEMORY_STEPS:
            self.status = "done"

    def frame_memory(self) -> Frame:
        i = self.index
        xs = tuple(float(k) for k in range(len(self.tensor)))
        array_y = tuple(float(v) for v in self.array.tolist())
        tensor_y = tuple(float(v) for v in self.tensor.tolist())
        ylim = (-10.0, 10.0)
        array_plot = Plot(
            title="NumPy array",
            xlabel="index",
            ylim=ylim,
            series=(
                Series("array", array_y, xs, "bar", color="blue"),
                Series("array[i]", (array_y[i],), (float(i),), "bar", color="red"),
            ),
        )
        tensor_plot = Plot(
            title="torch tensor (written)",
            xlabel="index",
            ylim=ylim,
            series=(
                Series("tensor", tensor_y, xs, "bar", color="orange"),
                Series("tensor[i]", (tensor_y[i],), (float(i),), "bar", color="red"),
            ),
        )
        if self.shared:
            shares = "yes, same address" if self.same_address else "yes (overlapping)"
            outcome = "the array changes too: one buffer"
        else:
            shares = "no, separate copy"
            outcome = "only the tensor changes: it is a copy"
        message = f"tensor[{i}] = {fmt(float(self.tensor[i]), 3)} via {self.how}: {outcome}"
        return Frame(
            step=self.steps,
            status=self.status,  # type: ignore[arg-type]
            message=message,
            plots=(array_plot, tensor_plot),
            readouts=(
                ("shares memory", shares),
                ("array[i] / tensor[i]", f"{fmt(array_y[i])} / {fmt(tensor_y[i])}"),
                ("dtype np / torch", f"{self.array.dtype} / {str(self.tensor.dtype)[6:]}"),
                ("strides np (bytes)", str(self.array.strides)),
                ("strides torch (elems)", str(self.tensor.stride())),
            ),
        )

    # --- speed ----------------------------------------------------------------------------
    def reset_speed(self, values: Values) -> None:
        self.op = str(values["op"])
        self.dtype = DTYPES[self.dtype_name]
        self.sizes = speed_sizes(round(float(values["n"])))
        self.cursor = 0
        self.passes = 0
        self.skipped = 0
        self.samples: dict[int, tuple[list[float], list[float]]] = {}  # medians per pass
        self.fastest: dict[int, float] = {}  # per size: the slower library's fastest call
        self.used: dict[int, int] = {}  # elements actually used (matmul: side * side)
        self.max_diff = 0.0
        self.blas = blas_threads()
        for warm_up in operations(self.op, *operands(self.op, 64, self.dtype, self.seed)[:2]):
            warm_up()  # a first call pays one-time setup; keep it out of the timings

    def predicted_too_slow(self, n: int) -> bool:
        """Would one call at n exceed SLOW, judged by the fastest call at the last size?"""
        previous = self.sizes[self.cursor - 1] if self.cursor else 0
        if previous not in self.fastest:
            return False
        power = 1.5 if self.op == "matmul" else 1.0
        return self.fastest[previous] * (n / previous) ** power > SLOW

    def step_speed(self) -> None:
        n = self.sizes[self.cursor]
        if self.predicted_too_slow(n):
            self.skipped = len(self.sizes) - self.cursor
            self.sizes = self.sizes[: self.cursor]
            self.cursor = 0
            self.passes += 1
        else:
            self.time_size(n)
            self.cursor += 1
            if self.cursor >= len(self.sizes):
                self.cursor = 0
                self.passes += 1
        if self.passes >= PASSES:
            self.status = "done"

    def time_size(self, n: int) -> None:
        """Median time in each library at n; the slower library's fastest call; the results."""
        a, b, self.used[n] = operands(self.op, n, self.dtype, self.seed)
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

    def medians(self) -> tuple[list[float], list[float], list[float]]:
        sizes = sorted(self.samples)
        numpy_ms = [statistics.median(self.samples[n][0]) * 1e3 for n in sizes]
        torch_ms = [statistics.median(self.samples[n][1]) * 1e3 for n in sizes]
        return [float(self.used[n]) for n in sizes], numpy_ms, torch_ms

    def frame_speed(self) -> Frame:
        sizes, numpy_ms, torch_ms = self.medians()
        ratios = [
            (n, a / b) for n, a, b in zip(sizes, numpy_ms, torch_ms, strict=True) if a > 0 < b
        ]
        times = Plot(
            title=f"{self.op}: median time",
            xlabel="elements n",
            ylabel="ms",
            xlog=True,
            ylog=True,
            series=(
                Series("NumPy", tuple(numpy_ms), tuple(sizes), color="blue"),
                Series("torch", tuple(torch_ms), tuple(sizes), color="orange"),
            ),
        )
        ratio_plot = Plot(
            title="speed-up of torch over NumPy",  # NumPy time / torch time
            xlabel="elements n",
            xlog=True,
            ylog=True,
            series=(Series("ratio", tuple(r for _, r in ratios), tuple(n for n, _ in ratios)),)
            + (
                (Series("equal", (1.0, 1.0), (sizes[0], sizes[-1]), color="gray"),) if sizes else ()
            ),
        )
        last = f"n={int(sizes[-1])}" if sizes else "n=?"
        readouts = [
            ("threads np / torch", f"{self.blas} / {torch.get_num_threads()}"),
            (f"NumPy at {last}", f"{fmt(numpy_ms[-1], 3)} ms" if sizes else "timing..."),
            (f"torch at {last}", f"{fmt(torch_ms[-1], 3)} ms" if sizes else "timing..."),
            ("results differ by", fmt(self.max_diff, 2)),
        ]
        if self.skipped:
            readouts.append(("sizes skipped (slow)", str(self.skipped)))
        if self.status == "done":
            count = f"{len(sizes)} size{'s' if len(sizes) != 1 else ''}"
            message = f"done: {self.passes} passes over {count}, medians plotted"
        else:
            message = (
                f"pass {self.passes + 1}/{PASSES}: timing {self.op} in {self.dtype_name}, "
                "timeit in both, alternating which goes first"
            )
        return Frame(
            step=self.steps,
            status=self.status,  # type: ignore[arg-type]
            message=message,
            plots=(times, ratio_plot),
            readouts=tuple(readouts),
        )

    # --- the contract ---------------------------------------------------------------------
    def step(self) -> bool:
        if self.status != "running":
            return False
        self.steps += 1
        if self.mode == "memory":
            self.step_memory()
        else:
            self.step_speed()
        return self.status == "running"

    def frame(self) -> Frame:
        return self.frame_memory() if self.mode == "memory" else self.frame_speed()
