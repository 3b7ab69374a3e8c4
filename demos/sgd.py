"""Limits of SGD: picking the learning rate, beating it with structure, and needing a gradient.

Mode "learning rate": SGD, SGD with momentum and Adam from one start with one lr, on a rotated
quadratic with eigenvalues 1 and 15 (plain GD is stable only for lr < 2/15) or on Rosenbrock / 100.
An optimizer that blows up is marked and dropped; the others go on.
Mode "closed form": least squares solved by `torch.linalg.lstsq` against mini-batch SGD.
Mode "discrete choice": a loss through round() or argmax is a staircase; autograd gives 0 there.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable

import torch
import torch.nn.functional as F

from demos.base import Demo, Frame, Plot, Series, Values, fmt, thin, times
from demos.specs.sgd import TOPIC

DTYPE = torch.float64
TOO_BIG = 1e12  # a loss past this counts as blown up (and keeps every plotted number finite)


# --- mode "learning rate" ---------------------------------------------------------------------
LR_STEPS = 400
OPTIMIZERS = ("SGD", "momentum", "Adam")
MOMENTUM = 0.9
ANGLE = math.radians(30)  # rotated, so the bad direction is not a coordinate axis (Adam's axes)
ROTATION = torch.tensor(
    [[math.cos(ANGLE), -math.sin(ANGLE)], [math.sin(ANGLE), math.cos(ANGLE)]], dtype=DTYPE
)
HESSIAN = ROTATION @ torch.diag(torch.tensor([1.0, 15.0], dtype=DTYPE)) @ ROTATION.T


LossFn = Callable[[torch.Tensor], torch.Tensor]


def quadratic(w: torch.Tensor) -> torch.Tensor:
    return 0.5 * w @ HESSIAN @ w


def rosenbrock(w: torch.Tensor) -> torch.Tensor:
    """The classic banana valley, divided by 100 so one lr range suits both functions."""
    return ((1 - w[0]) ** 2 + 100 * (w[1] - w[0] ** 2) ** 2) / 100


# name: (loss, start, minimum, plot window (x0, x1, y0, y1))
FUNCTIONS = {
    "quadratic": (quadratic, (-2.0, 2.0), (0.0, 0.0), (-3.0, 3.0, -3.0, 3.0)),
    "rosenbrock": (rosenbrock, (-1.2, 1.0), (1.0, 1.0), (-2.0, 2.0, -1.0, 3.0)),
}


def stability_bound(loss: LossFn, minimum: tuple[float, float]) -> float:
    """2 / (largest Hessian eigenvalue) at the minimum, Hessian by autograd."""
    hessian = torch.autograd.functional.hessian(loss, torch.tensor(minimum, dtype=DTYPE))
    return 2 / torch.linalg.eigvalsh(hessian).max().item()


def gradient(loss: LossFn, w: torch.Tensor) -> torch.Tensor:
    w = w.detach().requires_grad_(True)
    (grad,) = torch.autograd.grad(loss(w), w)
    return grad


# The three update rules, written out as torch.optim's SGD, SGD(momentum) and Adam define them
# (tests check they match); torch.optim itself costs seconds to import on first use.
class Sgd:
    def __init__(self, lr: float, momentum: float = 0.0) -> None:
        self.lr, self.momentum = lr, momentum
        self.velocity: torch.Tensor | None = None

    def update(self, w: torch.Tensor, grad: torch.Tensor) -> torch.Tensor:
        if self.momentum:
            previous = self.velocity
            self.velocity = grad if previous is None else self.momentum * previous + grad
            grad = self.velocity
        return w - self.lr * grad


class Adam:
    def __init__(self, lr: float, betas: tuple[float, float] = (0.9, 0.999)) -> None:
        self.lr, (self.beta1, self.beta2) = lr, betas
        self.mean = self.square = torch.zeros(2, dtype=DTYPE)
        self.count = 0

    def update(self, w: torch.Tensor, grad: torch.Tensor) -> torch.Tensor:
        self.count += 1
        self.mean = self.beta1 * self.mean + (1 - self.beta1) * grad
        self.square = self.beta2 * self.square + (1 - self.beta2) * grad.square()
        unbiased_mean = self.mean / (1 - self.beta1**self.count)
        scale = (self.square / (1 - self.beta2**self.count)).sqrt() + 1e-8
        return w - self.lr * unbiased_mean / scale  # about lr per coordinate, whatever the slope


class LearningRateRun:
    def __init__(self, values: Values, seed: int) -> None:
        self.name = str(values["function"])
        self.loss, start, minimum, self.window = FUNCTIONS[self.name]
        self.minimum = minimum
        self.lr = float(values["lr"])
        self.bound = stability_bound(self.loss, minimum)
        self.rules: list[Sgd | Adam] = [Sgd(self.lr), Sgd(self.lr, MOMENTUM), Adam(self.lr)]
        self.weights = [torch.tensor(start, dtype=DTYPE) for _ in OPTIMIZERS]
        first = self.loss(self.weights[0]).item()
        self.losses = [[first] for _ in OPTIMIZERS]
        self.paths = [[start] for _ in OPTIMIZERS]
        self.diverged_at = [0] * len(OPTIMIZERS)
        self.steps = 0
        self.status = "running"

    def step(self) -> bool:
        if self.status != "running":
            return False
        self.steps += 1
        for k, rule in enumerate(self.rules):
            if self.diverged_at[k]:
                continue
            w = rule.update(self.weights[k], gradient(self.loss, self.weights[k]))
            value = self.loss(w).item()
            x, y = w.tolist()
            if not math.isfinite(value) or value > TOO_BIG or not math.isfinite(x + y):
                self.diverged_at[k] = self.steps
                continue
            self.weights[k] = w
            self.losses[k].append(value)
            self.paths[k].append((x, y))
        if all(self.diverged_at):
            self.status = "diverged"
        elif self.steps >= LR_STEPS:
            self.status = "done"
        return self.status == "running"

    def frame(self) -> Frame:
        colors = ("red", "blue", "green")
        x0, x1, y0, y1 = self.window
        curves, paths = [], []
        for k, name in enumerate(OPTIMIZERS):
            steps, losses = thin(self.losses[k])
            curves.append(Series(name, losses, steps, color=colors[k]))
            inside = [p for p in self.paths[k] if x0 <= p[0] <= x1 and y0 <= p[1] <= y1]
            _, xs = thin([p[0] for p in inside])
            _, ys = thin([p[1] for p in inside])
            paths.append(Series(name, ys, xs, color=colors[k]))
        paths.append(Series("minimum", (self.minimum[1],), (self.minimum[0],), "scatter", "orange"))
        plots = (
            Plot("loss per step", tuple(curves), xlabel="step", ylabel="loss", ylog=True),
            Plot("paths", tuple(paths), xlabel="x", ylabel="y", xlim=(x0, x1), ylim=(y0, y1)),
        )
        where = " at (1,1)" if self.name == "rosenbrock" else ""
        above = self.lr > self.bound
        relation = f"{fmt(self.lr, 3)} {'>' if above else '<='} {fmt(self.bound, 3)}"
        readouts = [
            (f"2/lambda_max{where}", fmt(self.bound)),
            ("lr vs 2/lambda_max", f"{relation}: {'exceeds' if above else 'below'}"),
        ]
        for k, name in enumerate(OPTIMIZERS):
            label = f"{name} {MOMENTUM}" if name == "momentum" else name
            state = self.diverged_at[k]
            value = f"diverged at step {state}" if state else fmt(self.losses[k][-1])
            readouts.append((f"{label} loss", value))
        return Frame(
            step=self.steps,
            status=self.status,  # type: ignore[arg-type]
            message=self.message(),
            plots=plots,
            readouts=tuple(readouts),
        )

    def message(self) -> str:
        if self.status == "diverged":
            return f"diverged at step {self.steps}: all three blew up; lower the lr and reset"
        lost = [(n, at) for n, at in zip(OPTIMIZERS, self.diverged_at, strict=True) if at]
        if lost:
            alive = [n for n, at in zip(OPTIMIZERS, self.diverged_at, strict=True) if not at]
            (first, at_first), *others = lost
            blown = [f"{first} diverged at step {at_first}"] + [f"{n} at {at}" for n, at in others]
            verb = "go on" if len(alive) > 1 else "goes on"
            verb = "finished" if self.status == "done" else verb
            return f"{', '.join(blown)}; {' and '.join(alive)} {verb}"
        if self.status == "done" and self.losses[0][-1] > 0.01 * self.losses[0][0]:
            start, end = fmt(self.losses[0][0], 3), fmt(self.losses[0][-1], 3)
            slow = f"at lr {fmt(self.lr, 3)} SGD only got from {start} to {end}"
            return f"done: nothing blew up, but {slow}"
        if self.status == "done":
            return f"done: {LR_STEPS} steps, nothing blew up at lr {fmt(self.lr, 3)}"
        return f"three optimizers, one lr = {fmt(self.lr, 3)}, one start"


# --- mode "closed form" -----------------------------------------------------------------------
FIT_ROWS, FIT_FEATURES = 1024, 16
FIT_NOISE = 0.3
FIT_STEPS = 600


def make_linear_data(generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Features of scale 1 down to 0.25: the loss is 16x more curved one way than another."""
    scales = torch.logspace(0, math.log10(0.25), FIT_FEATURES, dtype=DTYPE)
    x = torch.randn(FIT_ROWS, FIT_FEATURES, generator=generator, dtype=DTYPE) * scales
    true_w = torch.randn(FIT_FEATURES, generator=generator, dtype=DTYPE)
    noise = FIT_NOISE * torch.randn(FIT_ROWS, generator=generator, dtype=DTYPE)
    return x, x @ true_w + noise


def solve(x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, float]:
    """The least-squares weights and the median time of a solve, in seconds."""
    times = []
    for _ in range(6):  # the first call warms up; the median of the rest is the time
        started = time.perf_counter()
        solution = torch.linalg.lstsq(x, y.unsqueeze(1)).solution.squeeze(1)
        times.append(time.perf_counter() - started)
    return solution, statistics.median(times[1:])


class ClosedFormRun:
    def __init__(self, values: Values, seed: int) -> None:
        self.generator = torch.Generator().manual_seed(seed)
        self.x, self.y = make_linear_data(self.generator)
        self.best_w, self.solver_time = solve(self.x, self.y)
        self.best = self.full_loss(self.best_w)
        self.batch = int(min(FIT_ROWS, max(1, round(float(values["batch"])))))
        self.lr = float(values["fit_lr"])
        self.w = torch.zeros(FIT_FEATURES, dtype=DTYPE)
        self.step_times: list[float] = []  # seconds of each SGD update
        self.hit_step = 0
        self.losses = [self.full_loss(self.w)]
        self.distances = [self.distance()]
        self.steps = 0
        self.status = "running"

    def full_loss(self, w: torch.Tensor) -> float:
        return (self.x @ w - self.y).square().mean().item()

    def distance(self) -> float:
        return (self.w - self.best_w).abs().max().item()

    def step(self) -> bool:
        if self.status != "running":
            return False
        started = time.perf_counter()  # time only the SGD update itself
        if self.batch < FIT_ROWS:
            rows = torch.randperm(FIT_ROWS, generator=self.generator)[: self.batch]
            x, y = self.x[rows], self.y[rows]
        else:
            x, y = self.x, self.y
        self.w = self.w - self.lr * 2 * x.T @ (x @ self.w - y) / self.batch
        self.step_times.append(time.perf_counter() - started)
        self.steps += 1
        loss = self.full_loss(self.w)
        if not math.isfinite(loss) or loss > TOO_BIG:
            self.status = "diverged"
            return False
        self.losses.append(loss)
        self.distances.append(self.distance())
        if not self.hit_step and loss <= 1.01 * self.best:
            self.hit_step = self.steps
        if self.steps >= FIT_STEPS:
            self.status = "done"
        return self.status == "running"

    @property
    def hit_time(self) -> float:
        """Seconds SGD took to come within 1 %: its steps times the median step, timed like
        lstsq (the median of repeated calls, the first, a warm-up, left out)."""
        warm = self.step_times[1:] or self.step_times
        return self.hit_step * statistics.median(warm) if warm and self.hit_step else 0.0

    def frame(self) -> Frame:
        steps, losses = thin(self.losses)
        excess = tuple(loss / self.best - 1 for loss in losses)  # <= 0 only by rounding
        _, distances = thin(self.distances)
        end = float(max(1, len(self.losses) - 1))
        plots = (
            Plot(
                "loss above the optimum, (L - L*) / L*",
                (
                    Series("SGD", excess, steps, color="blue"),
                    Series("1 %", (0.01, 0.01), (0.0, end), color="gray"),
                ),
                xlabel="step",
                ylog=True,
            ),
            Plot(
                "max |w - w_lstsq|",
                (Series("SGD", distances, steps, color="blue"),),
                xlabel="step",
                ylog=True,
            ),
        )
        hit_time = self.hit_time
        ms = 1000 * hit_time
        hit = str(self.hit_step) if self.hit_step else f"not yet ({self.steps})"
        ratio = times(hit_time / self.solver_time) if self.hit_step else "-"
        return Frame(
            step=self.steps,
            status=self.status,  # type: ignore[arg-type]
            message=self.message(),
            plots=plots,
            readouts=(
                ("lstsq solve time", f"{1000 * self.solver_time:.3g} ms"),
                ("SGD steps to 1 %", hit),
                ("SGD time to 1 %", f"{ms:.3g} ms" if self.hit_step else "-"),  # steps x median
                ("SGD time / lstsq time", ratio),
                ("max |w - w_lstsq|", fmt(self.distances[-1], 3)),
            ),
        )

    def message(self) -> str:
        if self.status == "diverged":
            return (
                f"diverged at step {self.steps}: lr too large for batches of {self.batch}; lower it"
            )
        if self.hit_step and self.batch < FIT_ROWS and self.status == "done":
            return "done: mini-batch noise keeps SGD near, not at, the exact answer"
        if self.status == "done":
            return f"done: {FIT_STEPS} SGD steps vs one lstsq call"
        if self.hit_step:
            return f"within 1 % after {self.hit_step} steps; lstsq was exact in one call"
        return f"SGD with batches of {self.batch} chasing the lstsq answer"


# --- mode "discrete choice" -------------------------------------------------------------------
DISCRETE_STEPS = 150
ROUND_TARGET = 2.0  # round mode: loss = (round(theta) - 2)^2
POINTS, THRESHOLD, SHARPNESS = 24, 1.0, 2.0  # argmax mode: label = x > 1, logits (0, 2 (x - t))
SURROGATES = {"round": "straight-through", "argmax": "cross-entropy"}


def logits(theta: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """A threshold classifier: class 1 wins the argmax where x > theta. Shape (..., points, 2)."""
    score = SHARPNESS * (x - theta.unsqueeze(-1))
    return torch.stack([torch.zeros_like(score), score], -1)


def hard_loss(
    kind: str, theta: torch.Tensor, x: torch.Tensor, labels: torch.Tensor
) -> torch.Tensor:
    """What we care about: through round(), or the error rate of argmax predictions.

    theta may hold many values (a grid): the loss is taken at each.
    """
    if kind == "round":
        return (torch.round(theta) - ROUND_TARGET).square()
    wrong = logits(theta, x).argmax(-1) != labels  # argmax returns integers: the graph ends here
    return wrong.to(DTYPE).mean(-1)


def surrogate_loss(
    kind: str, theta: torch.Tensor, x: torch.Tensor, labels: torch.Tensor
) -> torch.Tensor:
    """What we can train: straight-through rounding, or cross-entropy on the same logits."""
    if kind == "round":
        rounded = theta + (torch.round(theta) - theta).detach()  # forward rounds, backward not
        return (rounded - ROUND_TARGET).square()
    return F.cross_entropy(logits(theta, x), labels)


class DiscreteRun:
    def __init__(self, values: Values, seed: int) -> None:
        generator = torch.Generator().manual_seed(seed)
        self.kind = str(values["through"])
        self.lr = float(values["lr"])
        self.start = float(values["start"])
        jitter = 0.05 * torch.randn(POINTS, generator=generator, dtype=DTYPE)
        self.x = torch.linspace(-3, 3, POINTS, dtype=DTYPE) + jitter
        self.labels = (self.x > THRESHOLD).long()
        grid = torch.linspace(-4.5, 4.5, 361, dtype=DTYPE)
        self.grid = tuple(grid.tolist())
        self.stairs = tuple(hard_loss(self.kind, grid, self.x, self.labels).tolist())
        self.thetas = ([self.start], [self.start])
        self.grad: float | None = None  # autograd's d(hard loss)/d(theta); None: no path
        self.soft_diverged_at = 0
        self.steps = 0
        self.status = "running"

    def hard_at(self, theta: float) -> float:
        return hard_loss(self.kind, torch.tensor(theta, dtype=DTYPE), self.x, self.labels).item()

    def step(self) -> bool:
        if self.status != "running":
            return False
        self.steps += 1
        hard = torch.tensor(self.thetas[0][-1], dtype=DTYPE, requires_grad=True)
        loss = hard_loss(self.kind, hard, self.x, self.labels)
        self.grad = None  # argmax: the loss has no graph at all, so no gradient
        if loss.requires_grad:  # round: a graph, but round's derivative is 0
            self.grad = torch.autograd.grad(loss, hard)[0].item()
        # plain SGD; a missing gradient counts as zero (torch.optim skips such a parameter)
        self.thetas[0].append(hard.item() - self.lr * (self.grad or 0.0))
        if not self.soft_diverged_at:
            soft = torch.tensor(self.thetas[1][-1], dtype=DTYPE, requires_grad=True)
            (grad,) = torch.autograd.grad(
                surrogate_loss(self.kind, soft, self.x, self.labels), soft
            )
            theta = soft.item() - self.lr * grad.item()
            if not math.isfinite(theta) or abs(theta) > 1e6:
                self.soft_diverged_at = self.steps
            else:
                self.thetas[1].append(theta)
        if self.steps >= DISCRETE_STEPS:
            self.status = "done"
        return self.status == "running"

    def frame(self) -> Frame:
        hard_theta, soft_theta = self.thetas[0][-1], self.thetas[1][-1]
        hard, soft_loss = self.hard_at(hard_theta), self.hard_at(soft_theta)
        surrogate = SURROGATES[self.kind]
        steps, hard_path = thin(self.thetas[0])
        soft_steps, soft_path = thin(self.thetas[1])
        ylabel = "(round(theta) - 2)^2" if self.kind == "round" else "error rate"
        plots = (
            Plot(
                "the loss is a staircase",
                (
                    Series("loss", self.stairs, self.grid, color="gray"),
                    Series("SGD", (hard,), (hard_theta,), "scatter", "red"),
                    Series(surrogate, (soft_loss,), (soft_theta,), "scatter", "green"),
                ),
                xlabel="theta",
                ylabel=ylabel,
            ),
            Plot(
                "theta per step",
                (
                    Series("SGD on the loss", hard_path, steps, color="red"),
                    Series(surrogate, soft_path, soft_steps, color="green"),
                ),
                xlabel="step",
                ylabel="theta",
            ),
        )
        if self.grad is None:
            grad = "-" if self.steps == 0 else "none (argmax: no path)"
        else:
            grad = f"{self.grad:g} (exactly)" if self.grad == 0 else fmt(self.grad)
        soft_state = (
            f"diverged at step {self.soft_diverged_at}"
            if self.soft_diverged_at
            else fmt(soft_theta, 3)
        )
        return Frame(
            step=self.steps,
            status=self.status,  # type: ignore[arg-type]
            message=self.message(),
            plots=plots,
            readouts=(
                ("autograd dloss/dtheta", grad),
                ("SGD moved theta by", fmt(abs(hard_theta - self.start), 3)),
                ("loss at SGD's theta", fmt(hard, 3)),
                (f"{surrogate} theta", soft_state),
                ("loss at that theta", "-" if self.soft_diverged_at else fmt(soft_loss, 3)),
            ),
        )

    def message(self) -> str:
        if self.soft_diverged_at:
            name = SURROGATES[self.kind]
            return f"{name} diverged at step {self.soft_diverged_at} (lr too large); SGD stays put"
        if self.kind == "round":
            return "round() is flat between jumps: gradient exactly 0, SGD stays put"
        return "argmax cuts autograd's graph: no gradient, SGD stays put"


class SgdDemo(Demo):
    topic = TOPIC

    def reset(self, values: Values, seed: int) -> None:
        torch.manual_seed(seed)  # each run also seeds its own generator where it draws
        mode = values["mode"]
        if mode == "closed form":
            self.run: LearningRateRun | ClosedFormRun | DiscreteRun = ClosedFormRun(values, seed)
        elif mode == "discrete choice":
            self.run = DiscreteRun(values, seed)
        else:
            self.run = LearningRateRun(values, seed)

    def step(self) -> bool:
        return self.run.step()

    def frame(self) -> Frame:
        return self.run.frame()
