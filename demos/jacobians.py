"""Jacobians built pass by pass, in reverse mode (one backward pass per output) and forward mode
(one dual-number pass per input), and timed: the machinery of the autodiff demo's race.

The passes are written out, not batched with vmap as torch.func's jacrev and jacfwd do: the pass
counts are the lesson, and torch.func imports torch._dynamo (about 2.5 s and 80 MiB in the
compute process). A `Job` computes one Jacobian a few passes at a time, so no step is long.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator

import torch
import torch.autograd.forward_ad as fwad
from torch import Tensor

BUDGET = 0.002  # seconds of repeated timing of a short Jacobian, for a median
STEP_BUDGET = 0.04  # at most about this long a step: a long Jacobian takes several

Function = Callable[..., torch.Tensor]  # fn(point, *constants)
Constants = tuple[torch.Tensor, ...]
Problem = tuple[Function, torch.Tensor, Constants]  # (fn, point, constants)


def many_to_one(n: int, dtype: torch.dtype, seed: int) -> Problem:
    """f: R^n -> R, f(x) = sum(tanh(a * x)^2), and a point x."""
    generator = torch.Generator().manual_seed(seed)
    a = torch.randn(n, generator=generator, dtype=dtype)
    x = torch.randn(n, generator=generator, dtype=dtype)
    return (lambda x, a: torch.tanh(a * x).square().sum()), x, (a,)


def one_to_many(m: int, dtype: torch.dtype, seed: int) -> Problem:
    """g: R -> R^m, g(t) = sin(b * t) * tanh(t + b), and a point t."""
    generator = torch.Generator().manual_seed(seed)
    b = torch.randn(m, generator=generator, dtype=dtype)
    t = torch.tensor(0.3, dtype=dtype)
    return (lambda t, b: torch.sin(b * t) * torch.tanh(t + b)), t, (b,)


def reverse_passes(fn: Function, point: torch.Tensor, constants: Constants) -> Iterator[Tensor]:
    """Reverse mode, as backprop does it: one forward pass that records the graph, then one
    backward pass per output, each giving that output's derivative by every input (a row)."""
    x = point.detach().requires_grad_(True)
    y = fn(x, *constants).reshape(-1)
    for i in range(len(y)):
        yield torch.autograd.grad(y[i], x, retain_graph=i + 1 < len(y))[0].reshape(-1)


def forward_passes(
    fn: Function, point: torch.Tensor, constants: Constants, inputs: range
) -> Iterator[Tensor]:
    """Forward mode: one pass per input, carrying a derivative (the tangent) along with every
    value, which gives every output's derivative by that input (a column). Call it inside
    `fwad.dual_level()`.

    The constants get zero tangents: in torch 2.13 an operation between a dual tensor and a
    plain one takes a Python path that imports torch._dynamo on first use."""
    flat = point.reshape(-1)
    duals = [fwad.make_dual(c, torch.zeros_like(c)) for c in constants]
    for j in inputs:
        direction = torch.zeros_like(flat)
        direction[j] = 1
        y = fn(fwad.make_dual(point, direction.view_as(point)), *duals)
        yield fwad.unpack_dual(y).tangent.reshape(-1)


def assemble(way: int, parts: list[Tensor]) -> Tensor:
    """The Jacobian (outputs x inputs) from reverse mode's rows or forward mode's columns."""
    return torch.stack(parts, dim=-1 if way else 0)


def reverse_jacobian(fn: Function, point: torch.Tensor, constants: Constants) -> Tensor:
    return assemble(0, list(reverse_passes(fn, point, constants)))


def forward_jacobian(fn: Function, point: torch.Tensor, constants: Constants) -> Tensor:
    with fwad.dual_level():
        return assemble(1, list(forward_passes(fn, point, constants, range(point.numel()))))


class Job:
    """One Jacobian (function, size, mode: 0 reverse, 1 forward), computed a few passes a step
    so that no step is long (1024 passes take 0.1-0.4 s); its time is that of its passes."""

    def __init__(self, name: str, size: int, way: int, dtype: torch.dtype, seed: int) -> None:
        self.name, self.size, self.way = name, size, way
        self.problem = (many_to_one if name == "f" else one_to_many)(size, dtype, seed)
        self.rows = reverse_passes(*self.problem)  # the graph is kept from step to step
        self.needed = size if (name == "f") == bool(way) else 1  # passes: inputs or outputs
        self.parts: list[Tensor] = []
        self.seconds = 0.0

    def work(self, budget: float = STEP_BUDGET) -> bool:
        """Run passes for about `budget` seconds; True when the Jacobian is complete."""
        began = time.perf_counter()
        if self.way:  # one dual level for this step's passes (a level cannot outlive a step)
            fn, point, constants = self.problem
            with fwad.dual_level():
                inputs = range(len(self.parts), point.numel())
                self.take(forward_passes(fn, point, constants, inputs), began, budget)
        else:
            self.take(self.rows, began, budget)
        self.seconds += time.perf_counter() - began
        return len(self.parts) == self.needed

    def take(self, passes: Iterator[Tensor], began: float, budget: float) -> None:
        """Passes until the Jacobian is complete or the budget is spent."""
        for part in passes:
            self.parts.append(part)
            if len(self.parts) == self.needed or time.perf_counter() - began >= budget:
                return

    def result(self) -> tuple[float, Tensor]:
        """(seconds, Jacobian). A job done in one go is timed again, repeatedly, for a median."""
        jacobian = assemble(self.way, self.parts)
        if self.seconds < BUDGET:
            by = forward_jacobian if self.way else reverse_jacobian
            return median_time(lambda: by(*self.problem), self.seconds), jacobian
        return self.seconds, jacobian


def median_time(fn: Callable[[], object], first: float, budget: float = BUDGET) -> float:
    """Median seconds of fn: `first` (one call already timed), then as many more calls as fit
    in the budget, at most 15."""
    times = [first]
    for _ in range(min(15, int(budget / max(first, 1e-9)))):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def warm_up(dtype: torch.dtype) -> None:
    """Both modes once, untimed: forward-mode AD's first use in a process loads PyTorch's jvp
    decompositions (about 0.4 s), which would otherwise be timed as the first Jacobian."""
    for build in (many_to_one, one_to_many):
        problem = build(2, dtype, 0)
        reverse_jacobian(*problem)
        forward_jacobian(*problem)
