"""Question 6, mode "noise injection": noise on purpose, and why its correlation matters.

Orvieto et al. 2022 (arXiv 2202.02831): GD, PGD (w += xi_{n+1}) and Anti-PGD
(w += xi_{n+1} - xi_n) on a 2-D loss with a sharp and a wide minimum. PGD's noise adds up to a
random walk; Anti-PGD's telescopes (its sum is xi_n - xi_0), so it jiggles without drifting and
acts like a penalty on sharpness: it tends to leave the sharp minimum for the wide one. PGD and
Anti-PGD share one stream of draws, so only the correlation of the noise differs.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import torch


class Config(NamedTuple):
    sigma: float = 0.25  # std of each injected xi
    eta: float = 0.02  # w -= eta * grad (+ noise)
    start: float = -0.45  # x of the common start; the sharp minimum is near -0.43


METHODS = ("GD", "PGD", "Anti-PGD")
WIDE_MIN, SHARP_CENTRE = (1.0, 0.0), (-0.5, 0.0)
BOWL, WALL = 1.0, 0.5  # the wide bowl: curvature BOWL at its centre, walls steepening as r^2
DEPTH, WIDTH = 1.0, 0.15  # a narrow Gaussian dent on the bowl's side: the sharp minimum
STEPS = 600
GRID = 2.0**-30  # noise is rounded to this grid, so sums of it are exact in float64
ESCAPE = 1e3  # a point this far out has blown up
START_Y = 0.05
CENTRES = torch.tensor([WIDE_MIN, SHARP_CENTRE], dtype=torch.float64)
PLACES = ("sharp min", "wide min", "roaming")


def landscape(w: torch.Tensor) -> torch.Tensor:
    """Loss at each row of w (k x 2): the bowl plus the dent."""
    squared = (w.unsqueeze(1) - CENTRES).square().sum(2)  # distance^2 to both centres
    r2, dent = squared[:, 0], squared[:, 1]
    return r2 * (BOWL / 2 + WALL / 4 * r2) - DEPTH * torch.exp(dent * (-0.5 / WIDTH**2))


def measure(w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Loss, gradient and Hessian trace (the sharpness) at each row of w, all by autograd."""
    w = w.detach().requires_grad_(True)
    loss = landscape(w)
    (grad,) = torch.autograd.grad(loss.sum(), w, create_graph=True)
    # One backward pass per coordinate gives that row of every point's Hessian (the points
    # are independent). A scalar output on purpose: `grad_outputs` would import sympy.
    trace = torch.zeros(w.shape[0], dtype=w.dtype)
    for axis in range(2):
        (row,) = torch.autograd.grad(grad[:, axis].sum(), w, retain_graph=axis == 0)
        trace += row[:, axis]
    return loss.detach(), grad.detach(), trace.detach()


@functools.cache
def sharp_minimum() -> tuple[float, float]:
    """The local minimum near the dent: on the x axis by symmetry, found on a fine grid."""
    xs = torch.linspace(SHARP_CENTRE[0] - 0.3, SHARP_CENTRE[0] + 0.3, 6001, dtype=torch.float64)
    return (xs[landscape(torch.stack([xs, torch.zeros_like(xs)], 1)).argmin()].item(), 0.0)


def draw_noise(generator: torch.Generator, sigma: float) -> torch.Tensor:
    z = torch.randn(2, generator=generator, dtype=torch.float64)
    return torch.round(sigma * z / GRID) * GRID


def place(point: tuple[float, float], loss: float) -> str:
    if math.dist(point, sharp_minimum()) < 2 * WIDTH:
        return "sharp min"
    return "wide min" if math.dist(point, WIDE_MIN) < 1.0 and loss < 0.25 else "roaming"


class MinibatchNoiseInjection:
    def __init__(self, config: Config, seed: int) -> None:
        torch.manual_seed(seed)
        self.generator = torch.Generator().manual_seed(seed)
        self.sigma, self.eta = config.sigma, config.eta
        self.w = torch.tensor([[config.start, START_Y]] * len(METHODS), dtype=torch.float64)
        self.xi_first = draw_noise(self.generator, self.sigma)  # xi_0
        self.xi_last = self.xi_first.clone()  # xi_n
        self.noise_sums = torch.zeros(2, 2, dtype=torch.float64)  # injected: PGD, Anti-PGD
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
        injected = torch.stack([torch.zeros(2, dtype=torch.float64), xi, xi - self.xi_last])
        self.noise_sums += injected[1:]
        self.xi_last = xi
        self.noise_path.append(tuple(self.noise_sums.flatten().tolist()))
        moved = self.w - self.eta * self.grad + injected
        self.steps += 1
        for k, ok in enumerate((moved.abs().amax(1) < ESCAPE).tolist()):  # False for inf, nan
            if not ok and not self.diverged_at[k]:
                self.diverged_at[k] = self.steps
        alive = torch.tensor([not at for at in self.diverged_at]).unsqueeze(1)
        self.w = torch.where(alive, moved, self.w)
        self.evaluate()
        if all(self.diverged_at):
            self.status = "diverged"
        elif self.steps >= STEPS:
            self.status = "done"
        return self.status == "running"

    def ending(self, k: int) -> tuple[str, float]:
        """Where method k spent most of the last tenth of its run, and its mean sharpness there."""
        tail = max(1, len(self.traces[k]) // 10)
        recent = zip(self.paths[k][-tail:], self.losses[k][-tail:], strict=True)
        places = [place(p, v) for p, v in recent]
        return max(PLACES, key=places.count), sum(self.traces[k][-tail:]) / tail
