"""Question 2, mode "neural field": an image held as a function, intensity = MLP(x, y).

A small MLP learns the map from a pixel's coordinates to its intensity, on all 64x64 pixels at
once (NeRF's idea, in 2-D). Fed raw (x, y), a ReLU MLP learns smooth shapes first and edges stay
blurry; fed sin and cos of 2^k pi x and 2^k pi y (Fourier features), sharp edges are within easy
reach. The weights are the image now: it can be drawn at any resolution.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import torch
from torch import nn

# torch.optim.Adam's arithmetic written out: torch.optim's first step imports torch._dynamo
from demos.lessons.optim import Adam
from demos.phantom import head_phantom


class Config(NamedTuple):
    frequencies: int = 4  # Fourier frequencies per axis; 0 = raw (x, y)
    lr: float = 0.01  # Adam's step size
    width: int = 64  # units in each of the two hidden layers


SIZE = 64  # the phantom's side in pixels
MAX_ADAM = 1000  # Adam steps in all
VIEW = 96  # the field is a function: draw it finer than the pixels it learned from


def pixel_coords(size: int) -> torch.Tensor:
    """(size * size, 2) pixel centres (x, y) in [-1, 1], row by row from the top."""
    centres = (torch.arange(size) + 0.5) / size * 2 - 1
    y, x = torch.meshgrid(-centres, centres, indexing="ij")
    return torch.stack([x.flatten(), y.flatten()], 1)


def fourier_features(coords: torch.Tensor, count: int) -> torch.Tensor:
    """(x, y) plus sin and cos of 2^k pi x and 2^k pi y for k < count: NeRF's "positional
    encoding", the axis-aligned case of Tancik et al.'s Fourier features."""
    scales = 2.0 ** torch.arange(count) * math.pi
    angles = (coords[:, :, None] * scales).flatten(1)
    return torch.cat([coords, angles.sin(), angles.cos()], 1)


class ImagesNeuralField:
    def __init__(self, config: Config, seed: int) -> None:
        torch.manual_seed(seed)  # nn.Linear draws its initial weights from the global generator
        self.count, width = int(config.frequencies), int(config.width)
        self.inputs = fourier_features(pixel_coords(SIZE), self.count)
        self.target = head_phantom(SIZE).float().flatten()[:, None]
        self.model = nn.Sequential(
            nn.Linear(self.inputs.shape[1], width),
            nn.ReLU(),
            nn.Linear(width, width),
            nn.ReLU(),
            nn.Linear(width, 1),
        )
        self.optimizer = Adam(self.model.parameters(), lr=config.lr)
        self.adam_per_step = max(1, 64 // width)  # narrow nets are cheap: take more steps
        self.losses: list[float] = []
        self.steps = 0
        self.status = "running"

    def step(self) -> bool:
        if self.status != "running":
            return False
        for _ in range(self.adam_per_step):
            self.optimizer.zero_grad()
            loss = (self.model(self.inputs) - self.target).square().mean()
            loss.backward()
            self.optimizer.step()
            self.losses.append(loss.item())
            if not math.isfinite(self.losses[-1]):
                self.status = "diverged"
                break
        self.steps += 1
        if self.status == "running" and len(self.losses) >= MAX_ADAM:
            self.status = "done"
        return self.status == "running"

    def psnr(self) -> float:
        """Peak signal to noise ratio at the pixels, in dB (the phantom's peak is 1)."""
        loss = self.losses[-1] if self.losses else math.nan
        return -10 * math.log10(loss) if loss > 0 else math.inf

    @torch.no_grad()
    def dead_units(self) -> tuple[int, int]:
        """(dead, all) units of the last hidden layer: a dead ReLU outputs 0 at every pixel, so
        no gradient reaches its weights and it never comes back."""
        hidden = self.model[:4](self.inputs)
        return int((hidden <= 0).all(dim=0).sum().item()), hidden.shape[1]

    def stuck(self) -> bool:
        """After 50 Adam steps, a loss no lower than the first: the lr is too large to descend."""
        return len(self.losses) >= 50 and min(self.losses[-10:]) >= self.losses[0]

    @torch.no_grad()
    def render(self, size: int = VIEW) -> torch.Tensor:
        """The field drawn at any size, here finer than it was trained on."""
        return self.model(fourier_features(pixel_coords(size), self.count)).reshape(size, size)
