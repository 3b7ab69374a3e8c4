"""Question 5: isn't there something smarter than initializing randomly? Yes: at the right scale.

Push one batch through a stack of 100x100 layers drawn fresh by nn.init and watch the std of the
activations layer by layer. Each layer multiplies it by about std(W) * sqrt(fan_in) (times
1/sqrt(2) after a ReLU, which zeroes half): above 1 it overflows float32 to inf, below 1 it
underflows to 0. Xavier (std 1/sqrt(n)) keeps it steady without an activation, Kaiming
(sqrt(2/n)) with ReLU. Every other step trains such a net with SGD, counting the steps until its
loss halves (demos/lessons/init_training.py): only a sane scale learns at all.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import torch
from torch import nn

from demos.lessons.init_training import WIDTH, Trainer


class Config(NamedTuple):
    scheme: str = "xavier"  # weight std: normal 1, small 0.01, xavier 1/sqrt(n), kaiming sqrt(2/n)
    activation: str = "relu"  # after every layer: "relu" or "none"
    layers: int = 50  # 100x100 layers
    multiplier: float = 1.0  # times the scheme's std


BATCH = 200
MAX_DRAWS = 200


def weight_std(scheme: str, multiplier: float, n: int = WIDTH) -> float:
    """The std the scheme gives an n x n layer, times the multiplier."""
    stds = {"normal": 1.0, "small": 0.01, "xavier": math.sqrt(1 / n), "kaiming": math.sqrt(2 / n)}
    return stds[scheme] * multiplier


def init_(weight: torch.Tensor, scheme: str, multiplier: float, generator: torch.Generator) -> None:
    """Draw one layer's weights in place, as the scheme says, times the multiplier."""
    if scheme == "xavier":
        nn.init.xavier_normal_(weight, gain=multiplier, generator=generator)
    elif scheme == "kaiming":
        nn.init.kaiming_normal_(weight, nonlinearity="relu", generator=generator)
        weight.mul_(multiplier)
    else:
        nn.init.normal_(weight, 0.0, weight_std(scheme, multiplier), generator=generator)


class Deep(nn.Module):
    """`layers` bias-free 100x100 layers, each followed by the activation. One tensor holds
    every layer's weight (weight[i] as nn.Linear(100, 100).weight would): 50 nn.Linear modules
    take about 7 ms to build, longer than a draw; nn.init draws each 100x100 slice all the same."""

    def __init__(self, config: Config) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.empty(int(config.layers), WIDTH, WIDTH))
        self.relu = config.activation == "relu"

    def redraw(self, config: Config, generator: torch.Generator) -> None:
        for weight in self.weight.data:  # one layer's (out, in) weight: nn.init sees fan_in 100
            init_(weight, config.scheme, config.multiplier, generator)

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        for weight in self.weight:
            h = torch.relu(h @ weight.T) if self.relu else h @ weight.T
        return h


class Draw(NamedTuple):
    stds: torch.Tensor  # the activation std per layer (0: the input); inf where inf or nan
    first_bad: int | None  # the first layer with an inf or nan activation
    first_zero: int | None  # the first layer whose activations are all exactly 0


@torch.no_grad()
def draw(net: Deep, x: torch.Tensor, config: Config, generator: torch.Generator) -> Draw:
    """Redraw every weight of the net, push x through, record the std after each layer."""
    stds, first_bad, first_zero, h = [x.double().std()], None, None, x
    for depth, weight in enumerate(net.weight, start=1):
        init_(weight, config.scheme, config.multiplier, generator)
        h = torch.relu(h @ weight.T) if net.relu else h @ weight.T
        finite = bool(torch.isfinite(h).all())
        stds.append(h.double().std() if finite else torch.tensor(math.inf, dtype=torch.float64))
        if not finite and first_bad is None:
            first_bad = depth
        if finite and first_zero is None and not h.any():
            first_zero = depth
    return Draw(torch.stack(stds), first_bad, first_zero)


class Init:
    def __init__(self, config: Config, seed: int) -> None:
        torch.manual_seed(seed)  # nn.Linear's own first draw; ours use the generators below
        self.config, self.layers = config, int(config.layers)
        self.std = weight_std(config.scheme, config.multiplier)
        self.generator = torch.Generator().manual_seed(seed)
        self.x = torch.randn(BATCH, WIDTH, generator=self.generator)  # one fixed batch
        self.net = Deep(config)  # its weights are drawn afresh for every draw
        self.draws: list[Draw] = []
        train_generator = torch.Generator().manual_seed(seed + 1)
        trained = Deep(config)
        trained.redraw(config, train_generator)
        self.trainer = Trainer(trained, train_generator)
        self.steps = 0
        self.status = "running"

    def step(self) -> bool:
        if self.status != "running":
            return False
        drawing = len(self.draws) < MAX_DRAWS
        if self.trainer.finished or (drawing and self.steps % 2 == 0):
            self.draws.append(draw(self.net, self.x, self.config, self.generator))
        else:
            self.trainer.step()
        self.steps += 1
        if len(self.draws) >= MAX_DRAWS and self.trainer.finished:
            self.status = "done"
        return self.status == "running"

    def spread(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Median, min and max of the std over the draws so far, per layer."""
        seen = torch.stack([d.stds for d in self.draws])
        return seen.median(dim=0).values, seen.amin(dim=0), seen.amax(dim=0)
