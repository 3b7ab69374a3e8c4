"""Automatic differentiation: reverse vs forward mode by shape, and finite differences by h.

forward vs reverse: each step builds and times the full Jacobian of one function at one size,
in reverse mode (one backward pass per output) or forward mode (one pass per input, with dual
numbers): f: R^n -> R (one output: reverse mode needs one pass) and g: R -> R^m (one input:
forward mode needs one pass), for n, m = 4, 8, ... up to size, in a few rounds over the sizes
whose medians are plotted (the Jacobians: demos/jacobians.py).

finite differences: each step adds one h (1e-1 down to 1e-12) and plots the error of forward
and central differences, and of autograd, against the exact value.
"""

from __future__ import annotations

import math
import statistics

import torch

from demos.base import Demo, Frame, Plot, Series, Values, fmt, times
from demos.jacobians import Job, warm_up
from demos.specs.autodiff import TOPIC

ROUNDS = 3  # forward vs reverse: rounds over all sizes
H_STEPS = tuple(10.0 ** (-1 - 11 * k / 55) for k in range(56))  # 1e-1 .. 1e-12
FLOOR = 1e-17  # an error of exactly 0 is drawn here on the log axis
DTYPES = {"float64": torch.float64, "float32": torch.float32}


# --- forward vs reverse -------------------------------------------------------------------
def sweep_sizes(size: int) -> list[int]:
    sizes = [4]
    while sizes[-1] * 2 <= size:
        sizes.append(sizes[-1] * 2)
    return sizes


# --- finite differences -------------------------------------------------------------------
def f(x: torch.Tensor) -> torch.Tensor:
    return torch.exp(x) * torch.sin(3 * x)


def f_prime(x: float) -> float:
    """The calculus answer, in float64."""
    return math.exp(x) * (math.sin(3 * x) + 3 * math.cos(3 * x))


def differences(x0: float, h: float, dtype: torch.dtype) -> tuple[float, float]:
    """Forward (f(x+h) - f(x)) / h and central (f(x+h) - f(x-h)) / 2h, computed in dtype."""
    x, step = torch.tensor(x0, dtype=dtype), torch.tensor(h, dtype=dtype)
    forward = (f(x + step) - f(x)) / step
    central = (f(x + step) - f(x - step)) / (2 * step)
    return forward.item(), central.item()


def autograd_derivative(x0: float, dtype: torch.dtype) -> float:
    x = torch.tensor(x0, dtype=dtype, requires_grad=True)
    f(x).backward()
    assert x.grad is not None
    return x.grad.item()


def ratio_text(reverse: float, forward: float) -> str:
    if min(reverse, forward) <= 0:
        return "too fast to time"
    if reverse <= forward:
        return f"reverse {times(forward / reverse)} faster"
    return f"forward {times(reverse / forward)} faster"


class AutodiffDemo(Demo):
    topic = TOPIC

    def reset(self, values: Values, seed: int) -> None:
        torch.manual_seed(seed)
        self.seed = seed
        self.modes_race = values["mode"] == "forward vs reverse"
        self.dtype_name = str(values["dtype"])
        self.dtype = DTYPES[self.dtype_name]
        self.steps = 0
        self.status = "running"
        # forward vs reverse: times[(function, size)] = (reverse samples, forward samples)
        self.sizes = sweep_sizes(round(float(values["size"])))
        self.jobs = [(name, n, way) for n in self.sizes for name in "fg" for way in (0, 1)]
        self.done_jobs = 0
        self.job: Job | None = None  # the Jacobian under way
        if self.modes_race:
            warm_up(self.dtype)
        self.last: dict[tuple[str, int], torch.Tensor] = {}  # first mode's result, to compare
        self.times: dict[tuple[str, int], tuple[list[float], list[float]]] = {}
        self.disagreement = 0.0
        # finite differences
        self.x0 = torch.tensor(float(values["x0"]), dtype=self.dtype).item()  # representable
        self.exact = f_prime(self.x0)
        self.autograd_error = abs(autograd_derivative(self.x0, self.dtype) - self.exact)
        self.errors: list[tuple[float, float, float]] = []  # (h, forward error, central error)

    def step(self) -> bool:
        if self.status != "running":
            return False
        if self.modes_race:
            self.work_on_job()
            done = self.done_jobs >= len(self.jobs) * ROUNDS
        else:
            h = H_STEPS[len(self.errors)]
            forward, central = differences(self.x0, h, self.dtype)
            self.errors.append((h, abs(forward - self.exact), abs(central - self.exact)))
            done = len(self.errors) >= len(H_STEPS)
        self.steps += 1
        if done:
            self.status = "done"
        return self.status == "running"

    def work_on_job(self) -> None:
        """A step's share of the current Jacobian; when it is complete, its time is recorded."""
        if self.job is None:
            name, size, way = self.jobs[self.done_jobs % len(self.jobs)]
            if (self.done_jobs // len(self.jobs)) % 2:  # odd rounds time forward mode first
                way = 1 - way
            self.job = Job(name, size, way, self.dtype, self.seed)
        if not self.job.work():
            return
        job, self.job = self.job, None
        self.done_jobs += 1
        name, size, way = job.name, job.size, job.way
        seconds, jacobian = job.result()
        self.times.setdefault((name, size), ([], []))[way].append(seconds)
        if (name, size) not in self.last:  # the first of the pair: keep it to compare
            self.last[name, size] = jacobian
            return
        other = self.last.pop((name, size))
        scale = max(1.0, other.abs().max().item())
        gap = (other - jacobian).abs().max().item() / scale
        self.disagreement = max(self.disagreement, gap)

    # --- frames ---------------------------------------------------------------------------
    def frame(self) -> Frame:
        return self.race_frame() if self.modes_race else self.differences_frame()

    def medians(self, name: str) -> tuple[list[float], list[float], list[float]]:
        sizes = [n for n in self.sizes if all(self.times.get((name, n), ((), ())))]
        reverse = [statistics.median(self.times[name, n][0]) * 1e3 for n in sizes]
        forward = [statistics.median(self.times[name, n][1]) * 1e3 for n in sizes]
        return [float(n) for n in sizes], reverse, forward

    def race_plot(self, name: str, title: str, xlabel: str) -> Plot:
        sizes, reverse, forward = self.medians(name)
        return Plot(
            title=title,
            xlabel=xlabel,
            ylabel="ms",
            xlog=True,
            ylog=True,
            series=(
                Series("reverse", tuple(reverse), tuple(sizes), color="orange"),
                Series("forward", tuple(forward), tuple(sizes), color="blue"),
            ),
        )

    def verdict(self, name: str) -> tuple[str, str]:
        sizes, reverse, forward = self.medians(name)
        label = f"{name} at {'n' if name == 'f' else 'm'}={int(sizes[-1])}" if sizes else name
        return label, ratio_text(reverse[-1], forward[-1]) if sizes else "timing..."

    def race_frame(self) -> Frame:
        rounds = min(ROUNDS, self.done_jobs // len(self.jobs) + 1)
        f_wins, g_wins = self.verdict("f")[1], self.verdict("g")[1]
        if self.status == "done" and f_wins.startswith("reverse") and g_wins.startswith("forward"):
            message = "done: each mode wins where it needs one pass; overhead rules when small"
        elif self.status == "done":
            message = f"done: at n, m = {self.sizes[-1]} the pass counts are too few to decide"
        else:
            first = "forward" if rounds % 2 == 0 else "reverse"
            message = f"round {rounds}/{ROUNDS}: timing full Jacobians, {first} mode first"
        return Frame(
            step=self.steps,
            status=self.status,  # type: ignore[arg-type]
            message=message,
            plots=(
                self.race_plot("f", "f: Rⁿ → R, time per Jacobian", "inputs n"),
                self.race_plot("g", "g: R → Rᵐ, time per Jacobian", "outputs m"),
            ),
            readouts=(
                self.verdict("f"),
                self.verdict("g"),
                ("max |J_rev - J_fwd|", fmt(self.disagreement, 2)),
                ("dtype", self.dtype_name),
            ),
        )

    def differences_frame(self) -> Frame:
        hs = tuple(h for h, _, _ in self.errors)
        forward = tuple(max(e, FLOOR) for _, e, _ in self.errors)
        central = tuple(max(e, FLOOR) for _, _, e in self.errors)
        shown = max(self.autograd_error, FLOOR)
        exact_zero = self.autograd_error == 0
        autograd_label = "autograd (0, drawn at 1e-17)" if exact_zero else "autograd"
        edges = (H_STEPS[-1], H_STEPS[0])
        plot = Plot(
            title=f"|error| of f'({fmt(self.x0, 3)}) vs step h, {self.dtype_name}",
            xlabel="h",
            ylabel="|error|",
            xlog=True,
            ylog=True,
            series=(
                Series("forward diff", forward, hs, color="blue"),
                Series("central diff", central, hs, color="orange"),
                Series(autograd_label, (shown, shown), edges, color="green"),
            ),
        )
        h_now = fmt(self.errors[-1][0], 2) if self.errors else "starting"
        readouts = [("exact f'(x0)", fmt(self.exact, 6)), ("h now", h_now)]
        if self.errors:
            best_forward = min(self.errors, key=lambda e: e[1])
            best_central = min(self.errors, key=lambda e: e[2])
            readouts += [
                ("best forward: h, error", f"{fmt(best_forward[0], 2)}, {fmt(best_forward[1], 2)}"),
                ("best central: h, error", f"{fmt(best_central[0], 2)}, {fmt(best_central[2], 2)}"),
            ]
        autograd_text = "0 (drawn at 1e-17)" if exact_zero else fmt(self.autograd_error, 2)
        readouts.append(("autograd error", autograd_text))
        return Frame(
            step=self.steps,
            status=self.status,  # type: ignore[arg-type]
            message=self.differences_message(),
            plots=(plot,),
            readouts=tuple(readouts),
        )

    def differences_message(self) -> str:
        if not self.errors:
            return "shrinking h from 1e-1 to 1e-12"
        h, forward, _ = self.errors[-1]
        if self.status == "done":
            return "done: the V is truncation error (right) meeting rounding error (left)"
        return f"h = {fmt(h, 2)}: forward difference off by {fmt(forward, 2)}"
