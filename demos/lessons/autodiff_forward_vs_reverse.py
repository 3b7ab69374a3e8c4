"""Question 9, mode "forward vs reverse": whole Jacobians, one pass at a time, timed by shape.

Reverse mode (backprop) runs the function once, recording the graph, then one backward pass per
output, each giving a row of the Jacobian. Forward mode carries a derivative (a tangent) along
with every value, one pass per input, each giving a column. So for f: R^n -> R (a loss) reverse
needs 1 pass and forward n; for g: R -> R^m it is the other way round. Written out, not batched
by torch.func's jacrev / jacfwd: the count is the lesson, and torch.func imports torch._dynamo.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import NamedTuple

import torch
import torch.autograd.forward_ad as fwad

from demos.lessons.timing import median_time, take_for


class Config(NamedTuple):
    size: float = 1024  # the largest n (inputs of f) and m (outputs of g)
    dtype: str = "float64"  # "float64" or "float32"


ROUNDS = 3  # rounds over all sizes; the plots show each size's median
BUDGET = 0.002  # seconds of repeated timing of a quick Jacobian, for a median
STEP_BUDGET = 0.04  # at most about this long a step: a long Jacobian takes several


def many_to_one(n: int, dtype: torch.dtype, seed: int) -> tuple[Callable, torch.Tensor, tuple]:
    """f: R^n -> R, f(x) = sum(tanh(a * x)^2), at a point x. (fn, point, constants)"""
    generator = torch.Generator().manual_seed(seed)
    a = torch.randn(n, generator=generator, dtype=dtype)
    x = torch.randn(n, generator=generator, dtype=dtype)
    return (lambda x, a: torch.tanh(a * x).square().sum()), x, (a,)


def one_to_many(m: int, dtype: torch.dtype, seed: int) -> tuple[Callable, torch.Tensor, tuple]:
    """g: R -> R^m, g(t) = sin(b * t) * tanh(t + b), at a point t."""
    b = torch.randn(m, generator=torch.Generator().manual_seed(seed), dtype=dtype)
    return (lambda t, b: torch.sin(b * t) * torch.tanh(t + b)), torch.tensor(0.3, dtype=dtype), (b,)


def reverse_passes(fn: Callable, point: torch.Tensor, constants: tuple) -> Iterator[torch.Tensor]:
    """One forward pass that records the graph, then one backward pass per output: rows."""
    x = point.detach().requires_grad_(True)
    y = fn(x, *constants).reshape(-1)
    for i in range(len(y)):
        yield torch.autograd.grad(y[i], x, retain_graph=i + 1 < len(y))[0].reshape(-1)


def forward_passes(
    fn: Callable, point: torch.Tensor, constants: tuple, inputs: range
) -> Iterator[torch.Tensor]:
    """One dual-number pass per input: columns. Call it inside `fwad.dual_level()`."""
    flat = point.reshape(-1)
    # zero tangents for the constants: a dual-with-plain op imports torch._dynamo (torch 2.13)
    duals = [fwad.make_dual(c, torch.zeros_like(c)) for c in constants]
    for j in inputs:
        direction = torch.zeros_like(flat)
        direction[j] = 1
        y = fn(fwad.make_dual(point, direction.view_as(point)), *duals)
        yield fwad.unpack_dual(y).tangent.reshape(-1)


def jacobian(way: int, fn: Callable, point: torch.Tensor, constants: tuple) -> torch.Tensor:
    """The whole Jacobian (outputs x inputs): way 0 reverse (rows), 1 forward (columns)."""
    if not way:
        return torch.stack(list(reverse_passes(fn, point, constants)))
    with fwad.dual_level():
        passes = forward_passes(fn, point, constants, range(point.numel()))
        return torch.stack(list(passes), dim=-1)


class Job:
    """One Jacobian (function "f" or "g", size, way), a few passes a step; timed."""

    def __init__(self, name: str, size: int, way: int, dtype: torch.dtype, seed: int) -> None:
        self.name, self.size, self.way = name, size, way
        self.problem = (many_to_one if name == "f" else one_to_many)(size, dtype, seed)
        self.rows = reverse_passes(*self.problem)  # the graph is kept from step to step
        self.needed = size if (name == "f") == bool(way) else 1  # passes: inputs or outputs
        self.parts: list[torch.Tensor] = []  # rows (reverse) or columns (forward) so far
        self.seconds = 0.0

    def work(self, budget: float = STEP_BUDGET) -> bool:
        """Passes for about `budget` seconds; True when the Jacobian is complete."""
        with fwad.dual_level():  # a dual level cannot outlive a step
            fn, point, constants = self.problem
            columns = forward_passes(fn, point, constants, range(len(self.parts), point.numel()))
            parts = columns if self.way else self.rows
            self.seconds += take_for(parts, self.parts, self.needed, budget)
        return len(self.parts) == self.needed

    def result(self) -> tuple[float, torch.Tensor]:
        """(seconds, Jacobian); a quick one is timed again, as often as BUDGET allows (median)."""
        again = functools.partial(jacobian, self.way, *self.problem)
        return median_time(again, self.seconds, BUDGET), torch.stack(
            self.parts, -1 if self.way else 0
        )


class AutodiffForwardVsReverse:
    def __init__(self, config: Config, seed: int) -> None:
        torch.manual_seed(seed)
        self.seed, self.dtype = seed, getattr(torch, config.dtype)
        self.sizes = [2**k for k in range(2, round(config.size).bit_length())]  # 4, 8, ..., size
        self.jobs = [(name, n, way) for n in self.sizes for name in "fg" for way in (0, 1)]
        self.job: Job | None = None  # the Jacobian under way
        for build in (many_to_one, one_to_many):  # forward mode's first use loads its rules
            for way in (0, 1):
                jacobian(way, *build(2, self.dtype, 0))
        self.times: dict[tuple[str, int], tuple[list[float], list[float]]] = {}  # rev, fwd
        self.last: dict[tuple[str, int], torch.Tensor] = {}  # the first mode's, to compare
        self.disagreement = 0.0  # largest |J_rev - J_fwd|, relative
        self.steps = self.done_jobs = 0
        self.status = "running"

    def step(self) -> bool:
        if self.status != "running":
            return False
        if self.job is None:
            name, size, way = self.jobs[self.done_jobs % len(self.jobs)]
            odd = (self.done_jobs // len(self.jobs)) % 2  # odd rounds time forward mode first
            self.job = Job(name, size, 1 - way if odd else way, self.dtype, self.seed)
        if self.job.work():
            job, self.job = self.job, None
            self.done_jobs += 1
            seconds, found = job.result()
            self.times.setdefault((job.name, job.size), ([], []))[job.way].append(seconds)
            if (job.name, job.size) not in self.last:  # the first of the pair: keep it
                self.last[job.name, job.size] = found
            else:
                other = self.last.pop((job.name, job.size))
                gap = (other - found).abs().max().item() / max(1.0, other.abs().max().item())
                self.disagreement = max(self.disagreement, gap)
        self.steps += 1
        if self.done_jobs >= len(self.jobs) * ROUNDS:
            self.status = "done"
        return self.status == "running"
