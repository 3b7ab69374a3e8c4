"""Question 10, mode "discrete choice": a loss through round() or argmax gives SGD nothing.

round(theta) is flat between its jumps, so autograd's derivative is exactly 0; argmax returns
integers, so the graph ends there and there is no gradient at all. SGD on such a loss never
moves. What people train instead is a smooth surrogate: straight-through rounding (round going
forward, the identity going back) or cross-entropy on the same logits. Both start at `start`.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import torch
import torch.nn.functional as F


class Config(NamedTuple):
    through: str = "round"  # "round": loss = (round(theta) - 2)^2; "argmax": error rate
    lr: float = 0.1  # plain SGD's step size, for both runs
    start: float = -2.0  # where both runs start


STEPS = 150
TARGET = 2.0  # round: the value round(theta) should take
POINTS, THRESHOLD, SHARPNESS = 24, 1.0, 2.0  # argmax: label = x > 1, logits (0, 2 (x - theta))
SURROGATES = {"round": "straight-through", "argmax": "cross-entropy"}


def logits(theta: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """A threshold classifier: class 1 wins where x > theta. Shape (..., points, 2)."""
    score = SHARPNESS * (x - theta.unsqueeze(-1))
    return torch.stack([torch.zeros_like(score), score], -1)


def hard_loss(
    kind: str, theta: torch.Tensor, x: torch.Tensor, labels: torch.Tensor
) -> torch.Tensor:
    """What we care about; theta may hold many values (a grid)."""
    if kind == "round":
        return (torch.round(theta) - TARGET).square()
    wrong = logits(theta, x).argmax(-1) != labels  # argmax gives integers: the graph ends here
    return wrong.to(torch.float64).mean(-1)


def surrogate_loss(
    kind: str, theta: torch.Tensor, x: torch.Tensor, labels: torch.Tensor
) -> torch.Tensor:
    """What we can train: straight-through rounding, or cross-entropy on the same logits."""
    if kind == "round":
        rounded = theta + (torch.round(theta) - theta).detach()  # forward rounds, backward not
        return (rounded - TARGET).square()
    return F.cross_entropy(logits(theta, x), labels)


class SgdDiscreteChoice:
    def __init__(self, config: Config, seed: int) -> None:
        torch.manual_seed(seed)
        generator = torch.Generator().manual_seed(seed)
        self.kind, self.lr, self.start = config.through, config.lr, config.start
        jitter = 0.05 * torch.randn(POINTS, generator=generator, dtype=torch.float64)
        self.x = torch.linspace(-3, 3, POINTS, dtype=torch.float64) + jitter
        self.labels = (self.x > THRESHOLD).long()
        self.thetas = ([self.start], [self.start])  # SGD on the loss, SGD on the surrogate
        self.grad: float | None = None  # autograd's d(loss)/d(theta); None: no path to theta
        self.surrogate_diverged_at = 0
        self.steps = 0
        self.status = "running"

    def loss_at(self, theta: float) -> float:
        return hard_loss(
            self.kind, torch.tensor(theta, dtype=torch.float64), self.x, self.labels
        ).item()

    def step(self) -> bool:
        if self.status != "running":
            return False
        self.steps += 1
        theta = torch.tensor(self.thetas[0][-1], dtype=torch.float64, requires_grad=True)
        loss = hard_loss(self.kind, theta, self.x, self.labels)
        self.grad = None  # argmax: the loss has no graph at all
        if loss.requires_grad:  # round: a graph, but round's derivative is 0
            self.grad = torch.autograd.grad(loss, theta)[0].item()
        # a missing gradient counts as zero (torch.optim skips such a parameter)
        self.thetas[0].append(theta.item() - self.lr * (self.grad or 0.0))
        if not self.surrogate_diverged_at:
            soft = torch.tensor(self.thetas[1][-1], dtype=torch.float64, requires_grad=True)
            (grad,) = torch.autograd.grad(
                surrogate_loss(self.kind, soft, self.x, self.labels), soft
            )
            new = soft.item() - self.lr * grad.item()
            if not math.isfinite(new) or abs(new) > 1e6:
                self.surrogate_diverged_at = self.steps
            else:
                self.thetas[1].append(new)
        if self.steps >= STEPS:
            self.status = "done"
        return self.status == "running"
