"""Mini-batch noise: how far one batch's gradient strays, and noise added on purpose (Anti-PGD).

Mode "batch size": least squares on 2048 fixed examples, trained by mini-batch SGD. Each step also
measures, at the current weights, how far mini-batch gradients of every size B = 1, 2, 4, ...
stray from the full gradient; batches are drawn without replacement, as in practice.

Mode "noise injection" (Orvieto et al. 2022, arXiv 2202.02831): GD, PGD (w += xi_{n+1}) and
Anti-PGD (w += xi_{n+1} - xi_n) on a 2-D loss with a sharp and a wide minimum. PGD and Anti-PGD
share one stream of draws xi_0, xi_1, ..., so only the correlation of the noise differs.
"""

from __future__ import annotations

import functools
import math

import torch

from demos.base import Demo, Frame, Plot, Series, Values, fmt, thin
from demos.specs.minibatch import TOPIC

DTYPE = torch.float64


# --- mode "batch size" ------------------------------------------------------------------------
N_DATA = 2048  # a power of two, so batches of 1, 2, 4, ... tile one shuffle of the data exactly
FEATURES = 4
LABEL_NOISE = 0.5
LEVELS = N_DATA.bit_length()  # B = 1, 2, 4, ..., N_DATA
BATCH_STEPS = 400
TOO_BIG = 1e12  # a loss past this counts as blown up (and keeps every plotted number finite)


def make_regression(generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    x = torch.randn(N_DATA, FEATURES, generator=generator, dtype=DTYPE)
    true_w = torch.randn(FEATURES, generator=generator, dtype=DTYPE)
    noise = LABEL_NOISE * torch.randn(N_DATA, generator=generator, dtype=DTYPE)
    return x, x @ true_w + noise


class BatchSizeRun:
    """Mini-batch SGD on least squares, measuring gradient spread for every batch size."""

    def __init__(self, values: Values, seed: int) -> None:
        self.generator = torch.Generator().manual_seed(seed)
        self.x, self.y = make_regression(self.generator)
        best_w = torch.linalg.lstsq(self.x, self.y.unsqueeze(1)).solution.squeeze(1)
        self.best = (self.x @ best_w - self.y).square().mean().item()
        hessian = 2 * self.x.T @ self.x / N_DATA  # of the full-data MSE, the same everywhere
        self.bound = 2 / torch.linalg.eigvalsh(hessian).max().item()
        self.batch = int(min(N_DATA, max(1, round(float(values["batch"])))))
        self.lr = float(values["lr"])
        self.w = torch.zeros(FEATURES, dtype=DTYPE)
        self.sq_dev = torch.zeros(LEVELS, dtype=DTYPE)  # sum of |g_B - g|^2 per level
        self.draws = torch.zeros(LEVELS, dtype=DTYPE)  # how many batches each sum holds
        self.full_losses: list[float] = []
        self.batch_losses: list[float] = []
        self.uphill = 0  # steps whose mini-batch gradient points uphill on the full-data loss
        self.rose = 0  # steps after which the full-data loss was higher
        self.steps = 0
        self.status = "running"
        self.evaluate()

    def evaluate(self) -> None:
        self.residual = self.x @ self.w - self.y
        self.loss = self.residual.square().mean().item()
        if not math.isfinite(self.loss) or self.loss > TOO_BIG:
            self.status = "diverged"

    def measure_spread(self, rows: torch.Tensor, full_grad: torch.Tensor) -> None:
        """rows: per-example gradients in shuffled order; average neighbours to double B."""
        for level in range(LEVELS):
            self.sq_dev[level] += (rows - full_grad).square().sum()
            self.draws[level] += rows.shape[0]
            if rows.shape[0] > 1:
                rows = (rows[0::2] + rows[1::2]) / 2

    def step(self) -> bool:
        if self.status != "running":
            return False
        per_example = 2 * self.residual.unsqueeze(1) * self.x  # d(r_i^2)/dw for each example
        full_grad = per_example.mean(0)
        order = torch.randperm(N_DATA, generator=self.generator)
        self.measure_spread(per_example[order], full_grad)
        batch = order[: self.batch]  # a uniformly random subset: without replacement
        batch_grad = per_example[batch].mean(0)
        self.full_losses.append(self.loss)
        self.batch_losses.append(self.residual[batch].square().mean().item())
        self.uphill += int(torch.dot(batch_grad, full_grad).item() < 0)
        self.w = self.w - self.lr * batch_grad
        self.steps += 1
        before = self.loss
        self.evaluate()
        self.rose += int(self.loss > before * (1 + 1e-12))  # not rounding at the minimum
        if self.status == "running" and self.steps >= BATCH_STEPS:
            self.status = "done"
        return self.status == "running"

    def spreads(self) -> list[float]:
        """Root mean |g_B - g|^2 for B = 1, 2, 4, ...; 0 where nothing is measured yet."""
        return (self.sq_dev / self.draws.clamp(min=1)).sqrt().tolist()

    def ratio(self) -> float:
        """Spread at B=1 over spread at B=64: 1/sqrt(B) predicts sqrt(64) = 8."""
        spread = self.spreads()
        return spread[0] / spread[6] if spread[6] > 0 else math.nan

    def spread_plot(self) -> Plot:
        spread = self.spreads()
        sizes = [float(2**level) for level in range(LEVELS)]
        measured = [(b, s) for b, s in zip(sizes[:-1], spread[:-1], strict=True) if s > 0]
        series = [Series("measured", tuple(s for _, s in measured), tuple(b for b, _ in measured))]
        if spread[0] > 0:
            one = spread[0]
            finite = [one * math.sqrt((N_DATA - b) / ((N_DATA - 1) * b)) for b in sizes[:-1]]
            series += [
                Series("1/sqrt(B)", tuple(one / math.sqrt(b) for b in sizes), tuple(sizes)),
                Series("x finite-data factor", tuple(finite), tuple(sizes[:-1]), color="gray"),
            ]
        return Plot(
            "gradient spread |g_B - g| vs B",
            tuple(series),
            xlabel="batch size B",
            ylabel="spread",
            xlog=True,
            ylog=True,
        )

    def frame(self) -> Frame:
        steps, full = thin(self.full_losses)
        _, minibatch = thin(self.batch_losses)
        last = float(max(1, len(self.full_losses) - 1))
        losses = Plot(
            "loss per step",
            (
                Series("mini-batch", minibatch, steps, color="gray"),
                Series("full data", full, steps, color="blue"),
                Series("best possible", (self.best, self.best), (0.0, last), color="green"),
            ),
            xlabel="step",
            ylabel="MSE",
            ylog=True,
        )
        ratio = self.ratio()
        share = 100 * self.uphill / self.steps if self.steps else 0.0
        rose = 100 * self.rose / self.steps if self.steps else 0.0
        return Frame(
            step=self.steps,
            status=self.status,  # type: ignore[arg-type]
            message=self.message(share, rose),
            plots=(losses, self.spread_plot()),
            readouts=(
                ("batch size B", f"{self.batch} of {N_DATA}"),
                (
                    "spread B=1 / B=64",
                    "-" if math.isnan(ratio) else f"{fmt(ratio, 3)} (sqrt 64 = 8)",
                ),
                ("uphill grads", f"{share:.0f} % of {self.steps}"),
                ("loss rose", f"{rose:.0f} % of {self.steps}"),
                ("lr, 2/lambda_max", f"{fmt(self.lr, 3)}, {fmt(self.bound, 3)}"),
                ("full-data loss", fmt(self.loss)),
                ("best possible loss", fmt(self.best)),
            ),
        )

    def message(self, share: float, rose: float) -> str:
        if self.status == "diverged":
            if self.lr > self.bound:
                why = f"lr {fmt(self.lr, 3)} > 2/lambda_max = {fmt(self.bound, 3)}: steps overshoot"
            else:
                why = "below 2/lambda_max, but this batch's noisy steps overshoot"
            return f"diverged at step {self.steps}: {why}; lower the lr"
        if self.status == "done":
            return (
                f"done: {share:.0f} % of the steps pointed uphill; "
                f"the full-data loss rose after {rose:.0f} %"
            )
        if self.batch == N_DATA:
            return f"B = {N_DATA}, all the data: every step is the full gradient, no noise"
        return f"SGD with B={self.batch}: each step sees {self.batch} random examples of {N_DATA}"


# --- mode "noise injection" -------------------------------------------------------------------
METHODS = ("GD", "PGD", "Anti-PGD")
WIDE_MIN = (1.0, 0.0)  # centre of a bowl: curvature BOWL there, walls steepening as WALL * r^2
BOWL, WALL = 1.0, 0.5
SHARP_CENTRE = (-0.5, 0.0)  # a narrow Gaussian dent on the bowl's side makes the sharp minimum
DEPTH, WIDTH = 1.0, 0.15
NOISE_STEPS = 600
GRID = 2.0**-30  # noise is rounded to this grid, so sums of it are exact in float64
ESCAPE = 1e3  # a point this far out has blown up
START_Y = 0.05
PATH_POINTS = 120


CENTRES = torch.tensor([WIDE_MIN, SHARP_CENTRE], dtype=DTYPE)


def landscape(w: torch.Tensor) -> torch.Tensor:
    """Loss at each row of w (k x 2): the bowl plus the dent."""
    squared = (w.unsqueeze(1) - CENTRES).square().sum(2)  # distance^2 to both centres
    r2, dent = squared[:, 0], squared[:, 1]
    bowl = r2 * (BOWL / 2 + WALL / 4 * r2)
    return bowl - DEPTH * torch.exp(dent * (-0.5 / WIDTH**2))


def measure(w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Loss, gradient and Hessian trace (sharpness) at each row of w, all by autograd."""
    w = w.detach().requires_grad_(True)
    loss = landscape(w)
    (grad,) = torch.autograd.grad(loss.sum(), w, create_graph=True)
    # One backward pass per coordinate gives one row of every point's Hessian (the points are
    # independent, so summing over them separates nothing). A scalar output on purpose: passing
    # `grad_outputs` makes torch.autograd import sympy, 490 modules and 34 MiB, on first use.
    trace = torch.zeros(w.shape[0], dtype=w.dtype)
    for axis in range(2):
        (row,) = torch.autograd.grad(grad[:, axis].sum(), w, retain_graph=axis == 0)
        trace += row[:, axis]
    return loss.detach(), grad.detach(), trace.detach()


@functools.cache
def sharp_minimum() -> tuple[float, float]:
    """The local minimum near the dent: by symmetry on the x axis, found on a fine grid."""
    xs = torch.linspace(SHARP_CENTRE[0] - 0.3, SHARP_CENTRE[0] + 0.3, 6001, dtype=DTYPE)
    losses = landscape(torch.stack([xs, torch.zeros_like(xs)], 1))
    return (xs[losses.argmin()].item(), 0.0)


def draw_noise(generator: torch.Generator, sigma: float) -> torch.Tensor:
    z = torch.randn(2, generator=generator, dtype=DTYPE)
    return torch.round(sigma * z / GRID) * GRID


PLACES = ("sharp min", "wide min", "roaming")


def place(point: tuple[float, float], loss: float) -> str:
    sharp = sharp_minimum()
    if math.dist(point, sharp) < 2 * WIDTH:
        return "sharp min"
    if math.dist(point, WIDE_MIN) < 1.0 and loss < 0.25:
        return "wide min"
    return "roaming"


class NoiseRun:
    """GD, PGD and Anti-PGD side by side from one start, one stream of noise."""

    def __init__(self, values: Values, seed: int) -> None:
        self.generator = torch.Generator().manual_seed(seed)
        self.sigma = float(values["sigma"])
        self.eta = float(values["eta"])
        start = [float(values["start"]), START_Y]
        self.w = torch.tensor([start] * len(METHODS), dtype=DTYPE)
        self.xi_first = draw_noise(self.generator, self.sigma)  # xi_0
        self.xi_last = self.xi_first.clone()  # xi_n
        self.noise_sums = torch.zeros(2, 2, dtype=DTYPE)  # injected so far: PGD, Anti-PGD
        self.noise_path: list[tuple[float, ...]] = [(0.0, 0.0, 0.0, 0.0)]  # PGD xy, Anti xy
        self.diverged_at = [0] * len(METHODS)
        self.losses: list[list[float]] = [[] for _ in METHODS]
        self.traces: list[list[float]] = [[] for _ in METHODS]
        self.paths: list[list[tuple[float, float]]] = [[] for _ in METHODS]
        self.steps = 0
        self.status = "running"
        self.evaluate()

    def evaluate(self) -> None:
        loss, self.grad, trace = measure(self.w)
        points = self.w.tolist()
        for k, (value, sharpness) in enumerate(zip(loss.tolist(), trace.tolist(), strict=True)):
            if not self.diverged_at[k]:
                self.losses[k].append(value)
                self.traces[k].append(sharpness)
                self.paths[k].append((points[k][0], points[k][1]))

    def step(self) -> bool:
        if self.status != "running":
            return False
        xi = draw_noise(self.generator, self.sigma)
        injected = torch.stack([torch.zeros(2, dtype=DTYPE), xi, xi - self.xi_last])
        self.noise_sums += injected[1:]
        self.xi_last = xi
        self.noise_path.append(tuple(self.noise_sums.flatten().tolist()))
        moved = self.w - self.eta * self.grad + injected
        self.steps += 1
        sane = moved.abs().amax(1) < ESCAPE  # False for inf and nan too
        for k, ok in enumerate(sane.tolist()):
            if not ok and not self.diverged_at[k]:
                self.diverged_at[k] = self.steps
        alive = torch.tensor([not at for at in self.diverged_at]).unsqueeze(1)
        self.w = torch.where(alive, moved, self.w)
        self.evaluate()
        if all(self.diverged_at):
            self.status = "diverged"
        elif self.steps >= NOISE_STEPS:
            self.status = "done"
        return self.status == "running"

    def ending(self, k: int) -> tuple[str, float]:
        """Where method k spent most of the last tenth of its run, and its mean sharpness there."""
        tail = max(1, len(self.traces[k]) // 10)
        places = [
            place(p, v) for p, v in zip(self.paths[k][-tail:], self.losses[k][-tail:], strict=True)
        ]
        where = max(PLACES, key=places.count)  # ties go to the first in PLACES
        return where, sum(self.traces[k][-tail:]) / tail

    def frame(self) -> Frame:
        colors = ("blue", "red", "green")
        loss_series, trace_series, path_series = [], [], []
        for k, name in enumerate(METHODS):
            steps, losses = thin(self.losses[k])
            _, traces = thin(self.traces[k])
            loss_series.append(Series(name, losses, steps, color=colors[k]))
            trace_series.append(Series(name, traces, steps, color=colors[k]))
        for k in (1, 2, 0):  # GD's short path last, so the noisy clouds do not hide it
            recent = [p for p in self.paths[k][-PATH_POINTS:] if abs(p[0]) < 3 and abs(p[1]) < 3]
            xs, ys = tuple(p[0] for p in recent), tuple(p[1] for p in recent)
            kind = "line" if k == 0 else "scatter"
            path_series.append(Series(METHODS[k], ys, xs, kind, colors[k]))  # type: ignore[arg-type]
        sharp = sharp_minimum()
        path_series.append(
            Series("minima", (sharp[1], WIDE_MIN[1]), (sharp[0], WIDE_MIN[0]), "scatter", "orange")
        )
        plots = (
            Plot(
                "loss along each path",
                tuple(loss_series),
                xlabel="step",
                ylabel="loss",
                ylog=True,
            ),
            Plot(
                "sharpness: trace of Hessian",
                tuple(trace_series),
                xlabel="step",
                ylabel="tr H",
                ylog=True,
            ),
            Plot(
                f"paths (last {PATH_POINTS} steps)",
                tuple(path_series),
                xlabel="x",
                ylabel="y",
                xlim=(-1.6, 2.6),
                ylim=(-1.6, 1.6),
            ),
        )
        readouts = [(f"{name} ends (tr H)", self.describe(k)) for k, name in enumerate(METHODS)]
        pgd_x, pgd_y, anti_x, anti_y = self.noise_path[-1]
        readouts.append(("|sum noise| PGD", fmt(math.hypot(pgd_x, pgd_y), 3)))
        readouts.append(("|sum noise| Anti-PGD", fmt(math.hypot(anti_x, anti_y), 3)))
        return Frame(
            step=self.steps,
            status=self.status,  # type: ignore[arg-type]
            message=self.message(),
            plots=plots,
            readouts=tuple(readouts),
        )

    def describe(self, k: int) -> str:
        if self.diverged_at[k]:
            return f"diverged at step {self.diverged_at[k]}"
        where, trace = self.ending(k)
        return f"{where} ({fmt(trace, 3)})"

    def message(self) -> str:
        if self.status == "diverged":
            return f"diverged at step {self.steps}: all three blew up; lower eta or sigma"
        lost = [name for k, name in enumerate(METHODS) if self.diverged_at[k]]
        if lost:
            rest = "finished" if self.status == "done" else "go on"
            return f"{' and '.join(lost)} diverged (eta too large for the walls); the rest {rest}"
        if self.status == "done":
            return f"done: {' / '.join(self.ending(k)[0] for k in range(3))} (GD / PGD / Anti-PGD)"
        return "same noise draws for PGD and Anti-PGD; only their correlation differs"


class MinibatchDemo(Demo):
    topic = TOPIC

    def reset(self, values: Values, seed: int) -> None:
        torch.manual_seed(seed)  # every draw below uses its own seeded generator as well
        noise = values["mode"] == "noise injection"
        self.run: BatchSizeRun | NoiseRun = (
            NoiseRun(values, seed) if noise else BatchSizeRun(values, seed)
        )

    def step(self) -> bool:
        return self.run.step()

    def frame(self) -> Frame:
        return self.run.frame()
