"""Question 6, mode "batch size": how far one mini-batch's gradient strays from the full one.

Least squares on 2048 fixed examples, trained by mini-batch SGD. The gradient of a batch of B
random examples is an average of B per-example gradients, so its spread around the full-data
gradient shrinks like 1/sqrt(B) (a little faster when B is a large share of the data: batches
are drawn without replacement). Each step also measures that spread, at the current weights,
for every B = 1, 2, 4, ...: one shuffle of the data, averaged in pairs again and again.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import torch


class Config(NamedTuple):
    batch: float = 8  # examples per step, of 2048
    lr: float = 0.05  # w -= lr * mini-batch gradient


N_DATA = 2048  # a power of two, so batches of 1, 2, 4, ... tile one shuffle exactly
FEATURES = 4
LABEL_NOISE = 0.5
LEVELS = N_DATA.bit_length()  # B = 1, 2, 4, ..., N_DATA
STEPS = 400
TOO_BIG = 1e12  # a loss past this counts as blown up


def make_regression(generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    x = torch.randn(N_DATA, FEATURES, generator=generator, dtype=torch.float64)
    true_w = torch.randn(FEATURES, generator=generator, dtype=torch.float64)
    noise = LABEL_NOISE * torch.randn(N_DATA, generator=generator, dtype=torch.float64)
    return x, x @ true_w + noise


class MinibatchBatchSize:
    def __init__(self, config: Config, seed: int) -> None:
        torch.manual_seed(seed)
        self.generator = torch.Generator().manual_seed(seed)
        self.x, self.y = make_regression(self.generator)
        best_w = torch.linalg.lstsq(self.x, self.y.unsqueeze(1)).solution.squeeze(1)
        self.best = (self.x @ best_w - self.y).square().mean().item()
        hessian = 2 * self.x.T @ self.x / N_DATA  # of the full-data MSE, the same everywhere
        self.bound = 2 / torch.linalg.eigvalsh(hessian).max().item()  # full-batch GD's limit
        self.batch = int(min(N_DATA, max(1, round(config.batch))))
        self.lr = config.lr
        self.w = torch.zeros(FEATURES, dtype=torch.float64)
        self.sq_dev = torch.zeros(LEVELS, dtype=torch.float64)  # sum of |g_B - g|^2 per B
        self.draws = torch.zeros(LEVELS, dtype=torch.float64)  # batches in each sum
        self.full_losses: list[float] = []
        self.batch_losses: list[float] = []
        self.uphill = 0  # steps whose batch gradient points uphill on the full-data loss
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
        """rows: per-example gradients in shuffled order; averaging neighbours doubles B."""
        for level in range(LEVELS):
            self.sq_dev[level] += (rows - full_grad).square().sum()
            self.draws[level] += rows.shape[0]
            if rows.shape[0] > 1:
                rows = (rows[0::2] + rows[1::2]) / 2

    def spreads(self) -> list[float]:
        """Root mean |g_B - g|^2 for B = 1, 2, 4, ...; 0 where nothing is measured yet."""
        return (self.sq_dev / self.draws.clamp(min=1)).sqrt().tolist()

    def ratio(self) -> float:
        """Spread at B=1 over spread at B=64: 1/sqrt(B) predicts sqrt(64) = 8."""
        spread = self.spreads()
        return spread[0] / spread[6] if spread[6] > 0 else math.nan

    def step(self) -> bool:
        if self.status != "running":
            return False
        per_example = 2 * self.residual.unsqueeze(1) * self.x  # d(r_i^2)/dw, one row each
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
        if self.status == "running" and self.steps >= STEPS:
            self.status = "done"
        return self.status == "running"
