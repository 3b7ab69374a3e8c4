"""Initialization scale: activation std through a deep stack of fresh random layers, and training.

Each draw pushes one fixed batch through `layers` freshly drawn 100x100 weight matrices (float32,
like a real net) and records the std after every layer. Every other step trains a deep net built
the same way with SGD, to count the steps until its loss halves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import torch

from demos.base import Demo, Frame, Plot, Series, Values, fmt
from demos.optim import SGD
from demos.specs.init import TOPIC

WIDTH = 100
BATCH = 200
MAX_DRAWS = 200
TRAIN_POINTS = 32  # a small batch keeps one training step about as cheap as one draw
TRAIN_STEPS = 300
TRAIN_LR = 0.01  # SGD with momentum 0.9 and the gradient norm clipped to 1
SCHEME_STD = {
    "normal": lambda n: 1.0,
    "small": lambda n: 0.01,
    "xavier": lambda n: 1 / math.sqrt(n),
    "kaiming": lambda n: math.sqrt(2 / n),
}


def weight_std(scheme: str, multiplier: float, fan_in: int = WIDTH) -> float:
    return SCHEME_STD[scheme](fan_in) * multiplier


@dataclass(frozen=True)
class Draw:
    """One network's activation std per layer (index 0 is the input) and where it broke."""

    stds: torch.Tensor  # float64, inf where the layer held inf or nan
    first_bad: int | None  # first layer with an inf or nan activation
    first_zero: int | None  # first layer whose activations are all exactly 0


def draw_network(
    acts: torch.Tensor, layers: int, std: float, relu: bool, generator: torch.Generator
) -> Draw:
    """acts[0] holds the input batch; acts[1:] are overwritten with each layer's output."""
    weights = torch.empty(layers, WIDTH, WIDTH).normal_(0.0, std, generator=generator)
    for layer, weight in enumerate(weights.unbind(0)):
        torch.matmul(acts[layer], weight, out=acts[layer + 1])
        if relu:
            acts[layer + 1].relu_()
    return describe(acts.flatten(1))


def describe(flat: torch.Tensor) -> Draw:
    """Std of each row. Rows whose squares would overflow or underflow float32 are divided by
    their largest |value| first; float64 for the last few numbers per row."""
    largest = flat.abs().amax(dim=1)  # inf or nan if the row holds any (amax keeps nan)
    bad = ~torch.isfinite(largest)
    zero = largest == 0
    risky = ~bad & ~zero & ((largest > 1e15) | (largest < 1e-15))
    sums, norms = flat.sum(dim=1), torch.linalg.vector_norm(flat, dim=1)
    if bool(risky.any()):
        rows = flat[risky] / largest[risky, None]
        sums[risky], norms[risky] = rows.sum(dim=1), torch.linalg.vector_norm(rows, dim=1)
    scale = torch.where(risky, largest, torch.ones_like(largest)).double()
    count = flat.shape[1]
    mean = sums.double() * scale / count
    mean_square = (norms.double() * scale).square() / count
    variance = (mean_square - mean.square()).clamp_min(0.0) * count / (count - 1)
    stds = variance.sqrt().masked_fill(bad, math.inf)
    return Draw(stds, first_index(bad), first_index(zero))


def first_index(mask: torch.Tensor) -> int | None:
    hits = mask.nonzero()
    return int(hits[0, 0]) if len(hits) else None


class Trainer:
    """A deep net initialised by the scheme learns y = x[:, 0]; the output layer starts at 0."""

    def __init__(self, layers: int, std: float, relu: bool, generator: torch.Generator) -> None:
        self.x = torch.randn(TRAIN_POINTS, WIDTH, generator=generator)
        y = self.x[:, :1]
        self.y = (y - y.mean()) / y.std()
        weights = torch.empty(layers, WIDTH, WIDTH).normal_(0.0, std, generator=generator)
        self.weights = weights.requires_grad_()
        self.head = torch.zeros(WIDTH, 1, requires_grad=True)  # same start loss for all schemes
        self.relu = relu
        self.optimizer = SGD([self.weights, self.head], lr=TRAIN_LR, momentum=0.9)
        self.losses: list[float] = []
        self.halved_at: int | None = None
        self.broke_at: int | None = None  # step where the loss became inf or nan

    @property
    def finished(self) -> bool:
        over = len(self.losses) > TRAIN_STEPS
        return self.halved_at is not None or self.broke_at is not None or over

    def step(self) -> None:
        h = self.x
        for weight in self.weights.unbind(0):
            h = h @ weight
            if self.relu:
                h = torch.relu(h)
        loss = (h @ self.head - self.y).square().mean()
        value = loss.item()
        self.losses.append(value)
        steps = len(self.losses) - 1
        if not math.isfinite(value):
            self.broke_at = steps
        elif value <= self.losses[0] / 2:
            self.halved_at = steps
        else:
            self.optimizer.zero_grad()
            loss.backward()
            # clipping keeps one huge gradient from throwing the weights to nan; it cannot
            # make a vanishing one bigger
            torch.nn.utils.clip_grad_norm_([self.weights, self.head], 1.0)
            self.optimizer.step()

    def verdict(self) -> str:
        if self.halved_at is not None:
            return str(self.halved_at)
        if self.broke_at is not None:
            return f"never (nan at {self.broke_at})"
        if self.finished:
            return f"not in {TRAIN_STEPS}"
        return f"> {len(self.losses) - 1} so far"


class InitDemo(Demo):
    topic = TOPIC

    def reset(self, values: Values, seed: int) -> None:
        torch.manual_seed(seed)
        self.generator = torch.Generator().manual_seed(seed)
        self.layers = int(values["layers"])
        self.relu = values["activation"] == "relu"
        self.scheme = str(values["scheme"])
        self.std = weight_std(self.scheme, float(values["multiplier"]))
        self.acts = torch.empty(self.layers + 1, BATCH, WIDTH)
        self.acts[0] = torch.randn(BATCH, WIDTH, generator=self.generator)  # the fixed batch x
        self.stds = torch.empty(MAX_DRAWS, self.layers + 1, dtype=torch.float64)
        self.draws: list[Draw] = []
        train_generator = torch.Generator().manual_seed(seed + 1)
        self.trainer = Trainer(self.layers, self.std, self.relu, train_generator)
        self.steps = 0
        self.status = "running"

    def step(self) -> bool:
        if self.status != "running":
            return False
        drawing = len(self.draws) < MAX_DRAWS
        if self.trainer.finished or (drawing and self.steps % 2 == 0):
            draw = draw_network(self.acts, self.layers, self.std, self.relu, self.generator)
            self.stds[len(self.draws)] = draw.stds
            self.draws.append(draw)
        else:
            self.trainer.step()
        self.steps += 1
        if len(self.draws) >= MAX_DRAWS and self.trainer.finished:
            self.status = "done"
        return self.status == "running"

    def spread(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Median, min and max over the draws so far, per layer."""
        seen = self.stds[: len(self.draws)]
        return seen.median(dim=0).values, seen.amin(dim=0), seen.amax(dim=0)

    def message(self) -> str:
        if not self.draws:
            return "drawing the first network"
        last = self.draws[-1]
        if last.first_bad is not None:
            return f"activations overflow float32 to inf/nan at layer {last.first_bad}"
        if last.first_zero is not None:
            return f"activations underflow to exactly 0 at layer {last.first_zero}"
        return self.gain_text()

    def gain_text(self) -> str:
        """The median std after layer 1 and after the last, and the factor per layer between."""
        median = self.spread()[0]
        first, final = float(median[1]), float(median[-1])
        text = f"median std {first:.2g} at layer 1, {final:.2g} at {self.layers}"
        if self.layers > 1 and first > 0 and final > 0:
            text += f": x{(final / first) ** (1 / (self.layers - 1)):.3g} a layer"
        if self.relu and self.scheme == "kaiming":
            # Kaiming keeps E[h^2] (the mean square) at 1, not the std of the ReLU output: about
            # 0.83 after layer 1. At width 100 the typical (median) value also drifts down with
            # depth, though the average does not (Hanin & Rolnick 2018).
            text += "; Kaiming fixes RMS, not std; width 100 drifts"
        return text

    def frame(self) -> Frame:
        plots = (self.std_plot(), self.loss_plot())  # both from step 0: the layout never jumps
        median = float(self.spread()[0][-1]) if self.draws else math.nan
        last = self.draws[-1] if self.draws else None
        message = self.message()
        if self.status == "done":
            message = f"done: {message}"
        return Frame(
            step=self.steps,
            status=self.status,  # type: ignore[arg-type]
            message=message,
            plots=plots,
            readouts=(
                ("weight std", fmt(self.std, 3)),
                ("draws", str(len(self.draws))),
                ("final std (median)", fmt(median, 3)),
                ("first inf/nan layer", layer_text(last.first_bad if last else None)),
                ("first all-zero layer", layer_text(last.first_zero if last else None)),
                ("steps to halve loss", self.trainer.verdict()),
            ),
        )

    def std_plot(self) -> Plot:
        series: tuple[Series, ...] = ()
        if self.draws:  # before the first draw: the same chart, empty
            median, low, high = self.spread()
            layers = tuple(float(i) for i in range(self.layers + 1))
            series = (
                drawable("max", "gray", layers, high),
                drawable("min", "gray", layers, low),
                drawable("median", "blue", layers, median),
                drawable("latest draw", "orange", layers, self.draws[-1].stds, "scatter"),
            )
        return Plot(
            title="activation std per layer",
            xlabel="layer",
            ylabel="std",
            ylog=True,
            series=series,
        )

    def loss_plot(self) -> Plot:
        losses = torch.tensor(self.trainer.losses, dtype=torch.float64)
        steps = tuple(float(i) for i in range(len(losses)))
        series = [drawable("loss", "blue", steps, losses)]
        if len(losses) and math.isfinite(float(losses[0])) and float(losses[0]) > 0:
            half = float(losses[0]) / 2
            series.append(Series("half", (half, half), (0.0, max(1.0, steps[-1])), color="gray"))
        return Plot(
            title="training the deep net: loss",
            xlabel="SGD step",
            ylabel="MSE",
            ylog=True,
            series=tuple(series),
        )


def drawable(
    label: str,
    color: str,
    xs: tuple[float, ...],
    ys: torch.Tensor,
    kind: Literal["line", "scatter"] = "line",
) -> Series:
    """Only finite positive points: a log axis cannot show 0 (underflow) or inf/nan (overflow)."""
    keep = torch.isfinite(ys) & (ys > 0)
    values = ys[keep].tolist()
    where = [x for x, k in zip(xs, keep.tolist(), strict=True) if k]
    return Series(label, tuple(values), tuple(where), kind=kind, color=color)


def layer_text(layer: int | None) -> str:
    return "none" if layer is None else str(layer)
