"""Question 5, the training half: does a deep net drawn by the scheme learn at all?

The net of demos/lessons/init.py, with an output layer that starts at 0 (so every scheme starts
from the same loss), learns y = x[:, 0] with SGD (momentum 0.9, the gradient norm clipped to 1:
clipping tames one huge gradient, it cannot make a vanishing one bigger). We count the steps
until its loss halves: at a sane scale a few dozen, else never.
"""

from __future__ import annotations

import math

import torch
from torch import nn

# torch.optim.SGD's arithmetic written out: torch.optim's first step imports torch._dynamo
from demos.lessons.optim import SGD

WIDTH = 100
TRAIN_POINTS, TRAIN_STEPS, TRAIN_LR = 32, 300, 0.01


class Trainer:
    """`net` (drawn by the scheme) plus an output layer learns y = x[:, 0]."""

    def __init__(self, net: nn.Module, generator: torch.Generator) -> None:
        self.x = torch.randn(TRAIN_POINTS, WIDTH, generator=generator)
        self.y = (self.x[:, :1] - self.x[:, :1].mean()) / self.x[:, :1].std()
        head = nn.Linear(WIDTH, 1, bias=False)
        nn.init.zeros_(head.weight)  # the output starts at 0: the same first loss for every scheme
        self.net = nn.Sequential(net, head)
        self.optimizer = SGD(self.net.parameters(), lr=TRAIN_LR, momentum=0.9)
        self.losses: list[float] = []
        self.halved_at: int | None = None  # the step the loss fell to half its first value
        self.broke_at: int | None = None  # the step the loss became inf or nan

    @property
    def finished(self) -> bool:
        return self.halved_at is not None or self.broke_at is not None or self.over

    @property
    def over(self) -> bool:
        return len(self.losses) > TRAIN_STEPS

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
