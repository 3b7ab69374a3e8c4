"""Question 10, mode "learning rate": SGD, momentum and Adam with one lr, from one start.

On a quadratic loss 0.5 w^T H w, a gradient step multiplies the error along each eigenvector of
H by (1 - lr * lambda): it shrinks only while lr < 2 / lambda_max, and along the flattest
direction it shrinks by (1 - lr * lambda_min), slowly. With eigenvalues 1 and 15 no single lr is
both safe and fast. Momentum remembers past gradients; Adam divides each coordinate's step by
its gradient's running size, so its step is about lr whatever the slope. Rosenbrock's banana
valley (divided by 100) is the classic harder case. An optimizer that blows up is stopped.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import torch

# torch.optim's arithmetic written out: torch.optim's first step imports torch._dynamo (2.5 s)
from demos.lessons.optim import SGD, Adam


class Config(NamedTuple):
    function: str = "quadratic"  # "quadratic" (eigenvalues 1 and 15) or "rosenbrock"
    lr: float = 0.1  # one learning rate for all three optimizers


STEPS = 400
NAMES = ("SGD", "momentum", "Adam")
MOMENTUM = 0.9
TOO_BIG = 1e12  # a loss past this counts as blown up
ANGLE = math.radians(30)  # rotated, so the steep direction is not a coordinate axis
ROTATION = torch.tensor(
    [[math.cos(ANGLE), -math.sin(ANGLE)], [math.sin(ANGLE), math.cos(ANGLE)]], dtype=torch.float64
)
HESSIAN = ROTATION @ torch.diag(torch.tensor([1.0, 15.0], dtype=torch.float64)) @ ROTATION.T


def quadratic(w: torch.Tensor) -> torch.Tensor:
    return 0.5 * w @ HESSIAN @ w


def rosenbrock(w: torch.Tensor) -> torch.Tensor:
    return ((1 - w[0]) ** 2 + 100 * (w[1] - w[0] ** 2) ** 2) / 100


# name: (loss, start, minimum)
FUNCTIONS = {
    "quadratic": (quadratic, (-2.0, 2.0), (0.0, 0.0)),
    "rosenbrock": (rosenbrock, (-1.2, 1.0), (1.0, 1.0)),
}


def stability_bound(
    loss: Callable[[torch.Tensor], torch.Tensor], minimum: tuple[float, float]
) -> float:
    """2 / (largest eigenvalue of the Hessian) at the minimum; the Hessian by autograd."""
    hessian = torch.autograd.functional.hessian(loss, torch.tensor(minimum, dtype=torch.float64))
    return 2 / torch.linalg.eigvalsh(hessian).max().item()


class SgdLearningRate:
    def __init__(self, config: Config, seed: int) -> None:
        torch.manual_seed(seed)  # nothing random here; every lesson seeds anyway
        self.function = config.function
        self.loss, start, self.minimum = FUNCTIONS[config.function]
        self.lr = config.lr
        self.bound = stability_bound(self.loss, self.minimum)
        self.weights = [torch.tensor(start, dtype=torch.float64, requires_grad=True) for _ in NAMES]
        self.optimizers: list[SGD | Adam] = [
            SGD([self.weights[0]], lr=self.lr),
            SGD([self.weights[1]], lr=self.lr, momentum=MOMENTUM),
            Adam([self.weights[2]], lr=self.lr),
        ]
        first = self.loss(self.weights[0]).item()
        self.losses = [[first] for _ in NAMES]
        self.paths = [[start] for _ in NAMES]
        self.diverged_at = [0] * len(NAMES)  # the step each one blew up at; 0: it did not
        self.steps = 0
        self.status = "running"

    def step(self) -> bool:
        if self.status != "running":
            return False
        self.steps += 1
        for k, (w, optimizer) in enumerate(zip(self.weights, self.optimizers, strict=True)):
            if self.diverged_at[k]:
                continue
            optimizer.zero_grad()
            self.loss(w).backward()
            optimizer.step()
            with torch.no_grad():
                value = self.loss(w).item()
            x, y = w.tolist()
            if not math.isfinite(value) or value > TOO_BIG or not math.isfinite(x + y):
                self.diverged_at[k] = self.steps
                continue
            self.losses[k].append(value)
            self.paths[k].append((x, y))
        if all(self.diverged_at):
            self.status = "diverged"
        elif self.steps >= STEPS:
            self.status = "done"
        return self.status == "running"
