"""Question 10, mode "closed form": least squares has a direct answer; SGD only approaches it.

The loss mean((X w - y)^2) is a quadratic in w, and its minimum solves the normal equations:
`torch.linalg.lstsq` finds it in one call. Mini-batch SGD needs many steps to get within 1 % of
that loss and, with batches smaller than the data, keeps jittering around the answer. The
features are scaled from 1 down to 0.25, so the loss is 16x more curved one way than another.
"""

from __future__ import annotations

import math
import statistics
import time
from typing import NamedTuple

import torch


class Config(NamedTuple):
    batch: float = 256  # examples per SGD step, of 1024 (1024 = full-batch gradient descent)
    fit_lr: float = 0.2  # SGD's step size


ROWS, FEATURES = 1024, 16
NOISE = 0.3
STEPS = 600
TOO_BIG = 1e12  # a loss past this counts as blown up


def make_data(generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    scales = torch.logspace(0, math.log10(0.25), FEATURES, dtype=torch.float64)
    x = torch.randn(ROWS, FEATURES, generator=generator, dtype=torch.float64) * scales
    true_w = torch.randn(FEATURES, generator=generator, dtype=torch.float64)
    noise = NOISE * torch.randn(ROWS, generator=generator, dtype=torch.float64)
    return x, x @ true_w + noise


def solve(x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, float]:
    """The least-squares weights, and the median time of a solve in seconds."""
    times = []
    for _ in range(6):  # the first call warms up; the median of the rest is the time
        started = time.perf_counter()
        solution = torch.linalg.lstsq(x, y.unsqueeze(1)).solution.squeeze(1)
        times.append(time.perf_counter() - started)
    return solution, statistics.median(times[1:])


class SgdClosedForm:
    def __init__(self, config: Config, seed: int) -> None:
        torch.manual_seed(seed)
        self.generator = torch.Generator().manual_seed(seed)
        self.x, self.y = make_data(self.generator)
        self.best_w, self.solver_time = solve(self.x, self.y)
        self.best = self.full_loss(self.best_w)
        self.batch = int(min(ROWS, max(1, round(config.batch))))
        self.lr = config.fit_lr
        self.w = torch.zeros(FEATURES, dtype=torch.float64)
        self.step_times: list[float] = []  # seconds of each SGD update
        self.hit_step = 0  # the step SGD first got within 1 % of the best loss
        self.losses = [self.full_loss(self.w)]
        self.distances = [self.distance()]
        self.steps = 0
        self.status = "running"

    def full_loss(self, w: torch.Tensor) -> float:
        return (self.x @ w - self.y).square().mean().item()

    def distance(self) -> float:
        return (self.w - self.best_w).abs().max().item()

    @property
    def hit_time(self) -> float:
        """Seconds SGD took to come within 1 %: its steps times the median step, timed like
        lstsq (the median of repeated calls, the first, a warm-up, left out)."""
        warm = self.step_times[1:] or self.step_times
        return self.hit_step * statistics.median(warm) if warm and self.hit_step else 0.0

    def step(self) -> bool:
        if self.status != "running":
            return False
        started = time.perf_counter()  # time only the SGD update itself
        if self.batch < ROWS:
            rows = torch.randperm(ROWS, generator=self.generator)[: self.batch]
            x, y = self.x[rows], self.y[rows]
        else:
            x, y = self.x, self.y
        gradient = 2 * x.T @ (x @ self.w - y) / self.batch  # of mean((x w - y)^2), by hand
        self.w = self.w - self.lr * gradient
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
        if self.steps >= STEPS:
            self.status = "done"
        return self.status == "running"
