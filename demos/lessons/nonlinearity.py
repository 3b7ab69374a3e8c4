"""Question 8: why ReLUs (or any activation)? Two linear layers collapse into one.

Matrix products are associative: B(Ax) = (BA)x, so Linear-then-Linear is one Linear with weight
BA, a straight line at best, however wide. (They are not commutative: AB != BA.) Put an
activation between them and the net can bend. Both nets train with Adam on the same curve; the
best straight line (least squares) is the floor the linear-linear net can never go below.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import torch
from torch import nn

# torch.optim.Adam's arithmetic written out: torch.optim's first step imports torch._dynamo
from demos.lessons.optim import Adam


class Config(NamedTuple):
    target: str = "sine"  # the curve to fit: "sine", "abs" or "step"
    width: int = 32  # units in the hidden layer
    activation: str = "relu"  # "relu", "tanh", "sigmoid" or "gelu"
    lr: float = 0.01  # Adam's step size


POINTS = 200
MAX_STEPS = 1500
ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "gelu": nn.GELU}


def make_target(kind: str, x: torch.Tensor) -> torch.Tensor:
    if kind == "sine":
        return torch.sin(1.5 * x)
    if kind == "abs":
        return x.abs() - 1
    return (x > 0).float() * 2 - 1


@torch.no_grad()
def associativity_check(
    net: nn.Sequential, x: torch.Tensor
) -> tuple[float, torch.Tensor, torch.Tensor]:
    """For the linear pair's own weights, A (first layer) and B (second), on the inputs x:
    max|B(Ax) - (BA)x| (rounding only: associative), and AB and BA (not commutative: here
    not even the same shape, except at width 1 where both are one number)."""
    first, second = net[0], net[1]
    assert isinstance(first, nn.Linear) and isinstance(second, nn.Linear)
    a, b, points = first.weight, second.weight, x.T  # (width, 1), (1, width), a column a point
    return (b @ (a @ points) - (b @ a) @ points).abs().max().item(), a @ b, b @ a


def least_squares_loss(x: torch.Tensor, y: torch.Tensor) -> float:
    """The loss of the best straight line: the floor for any stack of linear layers."""
    design = torch.cat([x, torch.ones_like(x)], dim=1).double()
    solution = torch.linalg.lstsq(design, y.double()).solution
    return (design @ solution - y.double()).square().mean().item()


class Nonlinearity:
    def __init__(self, config: Config, seed: int) -> None:
        torch.manual_seed(seed)  # nn.Linear draws its initial weights from the global generator
        width, self.name = int(config.width), config.activation
        self.x = torch.linspace(-3, 3, POINTS).unsqueeze(1)
        self.y = make_target(config.target, self.x)
        self.linear = nn.Sequential(nn.Linear(1, width), nn.Linear(width, 1))
        activation = ACTIVATIONS[config.activation]()
        self.bent = nn.Sequential(nn.Linear(1, width), activation, nn.Linear(width, 1))
        self.models = (self.linear, self.bent)
        self.optimizers = [Adam(model.parameters(), lr=config.lr) for model in self.models]
        self.floor = least_squares_loss(self.x, self.y)
        self.losses: tuple[list[float], list[float]] = ([], [])
        self.steps = 0
        self.status = "running"
        self.record()

    @torch.no_grad()
    def record(self) -> None:
        for model, losses in zip(self.models, self.losses, strict=True):
            losses.append((model(self.x) - self.y).square().mean().item())

    def step(self) -> bool:
        if self.status != "running":
            return False
        for model, optimizer in zip(self.models, self.optimizers, strict=True):
            optimizer.zero_grad()
            (model(self.x) - self.y).square().mean().backward()
            optimizer.step()
        self.steps += 1
        self.record()
        if not all(math.isfinite(losses[-1]) for losses in self.losses):
            self.status = "diverged"
        elif self.steps >= MAX_STEPS:
            self.status = "done"
        return self.status == "running"
