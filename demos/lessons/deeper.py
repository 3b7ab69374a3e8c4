"""Question 4: why not go even deeper? A plain and a residual MLP, same start, trained side by side.

Both nets are `depth` hidden layers of width x width between an input and an output layer, with
PyTorch's default init, and start from the same weights; the only difference is the skip:
plain h <- f(W h + b), residual h <- h + f(W h + b). Backprop multiplies the gradient by one
layer's Jacobian per layer, so in the plain net it fades (or explodes) on its way to the input
and the first layers hardly learn; the skip adds an identity path that carries it through.
"""

from __future__ import annotations

import math
import statistics
import time
from collections import deque
from typing import NamedTuple

import torch
from torch import nn

# torch.optim.Adam's arithmetic written out: torch.optim's first step imports torch._dynamo
from demos.lessons.optim import Adam


class Config(NamedTuple):
    depth: int = 20  # hidden width x width layers between the input and output layers
    width: int = 32  # units per hidden layer
    lr: float = 1e-3  # Adam's step size
    activation: str = "tanh"  # "tanh", "relu", "gelu" or "sigmoid"


POINTS = 128  # training points of the 2-D regression task
MAX_STEPS = 1500
ACTIVATIONS = {"tanh": nn.Tanh, "relu": nn.ReLU, "gelu": nn.GELU, "sigmoid": nn.Sigmoid}


def make_task(generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """A smooth bump pattern on [-2, 2]^2: easy for a shallow net, so depth is the only issue."""
    x = torch.rand(POINTS, 2, generator=generator) * 4 - 2
    return x, torch.sin(2 * x[:, :1]) * torch.cos(1.5 * x[:, 1:])


class Mlp(nn.Module):
    def __init__(self, depth: int, width: int, activation: str, residual: bool = False) -> None:
        super().__init__()
        self.embed = nn.Linear(2, width)
        self.layers = [nn.Linear(width, width) for _ in range(depth)]
        self.hidden = nn.ModuleList(self.layers)
        self.head = nn.Linear(width, 1)
        self.activation = ACTIVATIONS[activation]()
        self.residual = residual

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.embed(x)
        for layer in self.layers:
            branch = self.activation(layer(h))
            h = h + branch if self.residual else branch
        return self.head(h)


class Trainer:
    """One net with its optimizer, losses, hidden layers' gradient norms and step times."""

    def __init__(self, net: Mlp, lr: float) -> None:
        self.net, self.optimizer = net, Adam(net.parameters(), lr=lr)
        self.losses: list[float] = []
        self.grad_norms: list[float] = []  # |dL/dW| per hidden layer, input side first
        self.times: deque[float] = deque(maxlen=25)  # ms per step, the last 25

    def train_step(self, x: torch.Tensor, y: torch.Tensor) -> None:
        started = time.perf_counter()
        self.optimizer.zero_grad()
        loss = (self.net(x) - y).square().mean()
        loss.backward()
        grads = [layer.weight.grad for layer in self.net.layers]
        self.grad_norms = [g.norm().item() for g in grads if g is not None]
        self.optimizer.step()
        self.times.append((time.perf_counter() - started) * 1000)
        self.losses.append(loss.item())  # the loss before this update

    def ms(self) -> float:
        return statistics.median(self.times) if self.times else math.nan


class Deeper:
    def __init__(self, config: Config, seed: int) -> None:
        self.x, self.y = make_task(torch.Generator().manual_seed(seed))
        self.depth = int(config.depth)
        torch.manual_seed(seed)  # nn.Linear draws its initial weights from the global generator
        plain = Mlp(self.depth, int(config.width), config.activation)
        torch.manual_seed(seed)  # the same draws again: the same weights, only the skip differs
        residual = Mlp(self.depth, int(config.width), config.activation, residual=True)
        self.plain, self.resnet = Trainer(plain, config.lr), Trainer(residual, config.lr)
        self.params = sum(p.numel() for p in plain.parameters())  # in each net
        self.steps = 0
        self.status = "running"

    def step(self) -> bool:
        if self.status != "running":
            return False
        # alternate which net goes first: neither is always timed just behind the other
        first, second = (
            (self.plain, self.resnet) if self.steps % 2 == 0 else (self.resnet, self.plain)
        )
        first.train_step(self.x, self.y)
        second.train_step(self.x, self.y)
        self.steps += 1
        numbers = [t.losses[-1] for t in (self.plain, self.resnet)]
        numbers += self.plain.grad_norms + self.resnet.grad_norms
        if not all(math.isfinite(v) for v in numbers):
            self.status = "diverged"
        elif self.steps >= MAX_STEPS:
            self.status = "done"
        return self.status == "running"
