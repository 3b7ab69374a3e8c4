"""Question 5: isn't there something smarter than initializing randomly? Yes: at the right scale.

Push one batch through a stack of 100x100 layers drawn fresh by nn.init and watch the std of the
activations layer by layer. Each layer multiplies it by about std(W) * sqrt(fan_in) (times
1/sqrt(2) after a ReLU, which zeroes half): above 1 it overflows float32 to inf, below 1 it
underflows to 0. Xavier (std 1/sqrt(n)) keeps it steady without an activation, Kaiming
(sqrt(2/n)) with ReLU. Every other step trains such a net with SGD, counting the steps until its
loss halves: only a sane scale learns at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

# torch.optim.SGD's arithmetic written out: torch.optim's first step imports torch._dynamo
from demos.lessons.optim import SGD


@dataclass(frozen=True)
class Config:
    scheme: str = "xavier"  # weight std: normal 1, small 0.01, xavier 1/sqrt(n), kaiming sqrt(2/n)
    activation: str = "relu"  # after every layer: "relu" or "none"
    layers: int = 50  # 100x100 layers
    multiplier: float = 1.0  # times the scheme's std


WIDTH, BATCH = 100, 200
MAX_DRAWS = 200
TRAIN_POINTS, TRAIN_STEPS, TRAIN_LR = 32, 300, 0.01  # SGD, momentum 0.9, gradient norm clipped
SCHEME_STD = {  # what nn.init gives a square n x n layer, for the readout
    "normal": lambda n: 1.0,
    "small": lambda n: 0.01,
    "xavier": lambda n: 1 / math.sqrt(n),
    "kaiming": lambda n: math.sqrt(2 / n),
}


def weight_std(scheme: str, multiplier: float, fan_in: int = WIDTH) -> float:
    return SCHEME_STD[scheme](fan_in) * multiplier


def init_(weight: torch.Tensor, scheme: str, multiplier: float, generator: torch.Generator) -> None:
    """Draw one layer's weights in place, as the scheme says, times the multiplier."""
    if scheme == "xavier":
        nn.init.xavier_normal_(weight, gain=multiplier, generator=generator)
    elif scheme == "kaiming":
        nn.init.kaiming_normal_(weight, nonlinearity="relu", generator=generator)
        weight.mul_(multiplier)
    else:
        std = (1.0 if scheme == "normal" else 0.01) * multiplier
        nn.init.normal_(weight, 0.0, std, generator=generator)


def make_net(config: Config, generator: torch.Generator) -> nn.Sequential:
    """`layers` bias-free 100x100 Linear layers, each followed by the activation."""
    net = nn.Sequential()
    for _ in range(int(config.layers)):
        net.append(nn.Linear(WIDTH, WIDTH, bias=False))
        net.append(nn.ReLU() if config.activation == "relu" else nn.Identity())
    for layer in net[::2]:
        init_(layer.weight.data, config.scheme, config.multiplier, generator)
    return net


@dataclass(frozen=True)
class Draw:
    """One network's activation std per layer (index 0 is the input) and where it broke."""

    stds: torch.Tensor  # float64; inf where a layer held inf or nan
    first_bad: int | None  # first layer with an inf or nan activation
    first_zero: int | None  # first layer whose activations are all exactly 0


@torch.no_grad()
def draw(net: nn.Sequential, x: torch.Tensor, config: Config, generator: torch.Generator) -> Draw:
    """Redraw every weight of the net, push x through, record the std after each layer."""
    stds, first_bad, first_zero, h = [x.double().std()], None, None, x
    for index, layer in enumerate(net[::2]):
        init_(layer.weight, config.scheme, config.multiplier, generator)
        h = net[2 * index + 1](layer(h))
        finite = bool(torch.isfinite(h).all())
        stds.append(h.double().std() if finite else torch.tensor(math.inf, dtype=torch.float64))
        if not finite and first_bad is None:
            first_bad = index + 1
        if finite and first_zero is None and not h.any():
            first_zero = index + 1
    return Draw(torch.stack(stds), first_bad, first_zero)


class Trainer:
    """A net drawn by the scheme learns y = x[:, 0]; the output layer starts at 0 (same loss)."""

    def __init__(self, config: Config, generator: torch.Generator) -> None:
        self.x = torch.randn(TRAIN_POINTS, WIDTH, generator=generator)
        self.y = (self.x[:, :1] - self.x[:, :1].mean()) / self.x[:, :1].std()
        self.net = make_net(config, generator).append(nn.Linear(WIDTH, 1, bias=False))
        nn.init.zeros_(self.net[-1].weight)
        self.optimizer = SGD(self.net.parameters(), lr=TRAIN_LR, momentum=0.9)
        self.losses: list[float] = []
        self.halved_at: int | None = None  # the step the loss fell to half its first value
        self.broke_at: int | None = None  # the step the loss became inf or nan

    @property
    def finished(self) -> bool:
        over = len(self.losses) > TRAIN_STEPS
        return self.halved_at is not None or self.broke_at is not None or over

    def step(self) -> None:
        loss = (self.net(self.x) - self.y).square().mean()
        self.losses.append(loss.item())
        if not math.isfinite(self.losses[-1]):
            self.broke_at = len(self.losses) - 1
        elif self.losses[-1] <= self.losses[0] / 2:
            self.halved_at = len(self.losses) - 1
        else:
            self.optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(self.net.parameters(), 1.0)  # tames a huge gradient only
            self.optimizer.step()

    def verdict(self) -> str:
        """Steps to halve the loss, or why not."""
        if self.halved_at is not None:
            return str(self.halved_at)
        if self.broke_at is not None:
            return f"never (nan at {self.broke_at})"
        return f"not in {TRAIN_STEPS}" if self.finished else f"> {len(self.losses) - 1} so far"


class InitScale:
    def __init__(self, config: Config, seed: int) -> None:
        torch.manual_seed(seed)  # nn.Linear's own first draw; ours use the generators below
        self.config, self.layers = config, int(config.layers)
        self.std = weight_std(config.scheme, config.multiplier)
        self.generator = torch.Generator().manual_seed(seed)
        self.x = torch.randn(BATCH, WIDTH, generator=self.generator)  # one fixed batch
        self.net = make_net(config, self.generator)
        self.draws: list[Draw] = []
        self.trainer = Trainer(config, torch.Generator().manual_seed(seed + 1))
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
