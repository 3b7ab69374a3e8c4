"""Why not go deeper: a plain and a residual MLP, same weights at start, trained side by side."""

from __future__ import annotations

import copy
import math
import statistics
import time
from collections import deque
from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn

from demos.base import Demo, Frame, Plot, Series, Values, fmt, times
from demos.optim import Adam
from demos.specs.deeper import TOPIC

POINTS = 128  # training points of the 2-D regression task
MAX_STEPS = 1500
HISTORY = 400  # points per loss curve sent to the UI
ACTIVATIONS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "tanh": torch.tanh,
    "relu": torch.relu,
    "gelu": F.gelu,
    "sigmoid": torch.sigmoid,
}


def make_task(generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """A smooth bump pattern on [-2, 2]^2: easy for a shallow net, so depth is the only issue."""
    x = torch.rand(POINTS, 2, generator=generator) * 4 - 2
    y = torch.sin(2 * x[:, :1]) * torch.cos(1.5 * x[:, 1:])
    return x, y


class Mlp(nn.Module):
    """Input layer, `depth` hidden width x width layers (plain or residual), output layer."""

    def __init__(self, depth: int, width: int, activation: str) -> None:
        super().__init__()
        self.embed = nn.Linear(2, width)
        # The hidden layers as one stacked tensor: one optimizer tensor and one norm call.
        self.weight = nn.Parameter(torch.empty(depth, width, width))
        self.bias = nn.Parameter(torch.empty(depth, width))
        bound = 1 / math.sqrt(width)  # nn.Linear's default init: U(-1/sqrt(fan_in), ...)
        nn.init.uniform_(self.weight, -bound, bound)
        nn.init.uniform_(self.bias, -bound, bound)
        self.head = nn.Linear(width, 1)
        self.activation = ACTIVATIONS[activation]
        self.residual = False

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.embed(x)
        for weight, bias in zip(self.weight.unbind(0), self.bias.unbind(0), strict=True):
            branch = self.activation(torch.addmm(bias, h, weight.T))
            h = h + branch if self.residual else branch
        return self.head(h)


class Run:
    """One net with its optimizer, loss history, layer gradient norms and step times."""

    def __init__(self, net: Mlp, lr: float) -> None:
        self.net = net
        self.optimizer = Adam(net.parameters(), lr=lr)
        self.losses: list[float] = []
        self.grad_norms: list[float] = []
        self.times: deque[float] = deque(maxlen=25)

    def train_step(self, x: torch.Tensor, y: torch.Tensor) -> None:
        started = time.perf_counter()
        self.optimizer.zero_grad()
        loss = (self.net(x) - y).square().mean()
        loss.backward()
        assert self.net.weight.grad is not None
        self.grad_norms = self.net.weight.grad.norm(dim=(1, 2)).tolist()
        self.optimizer.step()
        self.times.append((time.perf_counter() - started) * 1000)
        self.losses.append(loss.item())  # the loss before this update

    def params(self) -> int:
        return sum(p.numel() for p in self.net.parameters())

    def ms(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")


def stride(values: list[float]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(x, y) with at most HISTORY points, the last one always kept."""
    every = max(1, math.ceil(len(values) / HISTORY))
    index = list(range(0, len(values), every))
    if index and index[-1] != len(values) - 1:
        index.append(len(values) - 1)
    return tuple(float(i) for i in index), tuple(values[i] for i in index)


def positive(label: str, color: str, xs: tuple[float, ...], ys: tuple[float, ...]) -> Series:
    """Only the points a log axis can draw: underflowed zeros and inf/nan are left out."""
    kept = [(x, y) for x, y in zip(xs, ys, strict=True) if math.isfinite(y) and y > 0]
    return Series(label, tuple(y for _, y in kept), tuple(x for x, _ in kept), color=color)


def last(run: Run) -> float:
    return run.losses[-1] if run.losses else float("nan")


def first(run: Run) -> float:
    """The gradient norm of the first hidden layer (the one nearest the input)."""
    return run.grad_norms[0] if run.grad_norms else float("nan")


class DeeperDemo(Demo):
    topic = TOPIC

    def reset(self, values: Values, seed: int) -> None:
        torch.manual_seed(seed)
        self.x, self.y = make_task(torch.Generator().manual_seed(seed))
        self.depth = int(values["depth"])
        plain = Mlp(self.depth, int(values["width"]), str(values["activation"]))
        residual = copy.deepcopy(plain)  # identical starting weights: only the skip differs
        residual.residual = True
        lr = float(values["lr"])
        self.plain, self.resnet = Run(plain, lr), Run(residual, lr)
        self.steps = 0
        self.status = "running"

    def step(self) -> bool:
        if self.status != "running":
            return False
        # Alternate which net goes first, so neither is always timed with the other's
        # allocations and cache state just behind it.
        order = (self.plain, self.resnet) if self.steps % 2 == 0 else (self.resnet, self.plain)
        for run in order:
            run.train_step(self.x, self.y)
        self.steps += 1
        runs = (self.plain, self.resnet)
        numbers = [run.losses[-1] for run in runs] + [g for run in runs for g in run.grad_norms]
        if not all(math.isfinite(v) for v in numbers):
            self.status = "diverged"
        elif self.steps >= MAX_STEPS:
            self.status = "done"
        return self.status == "running"

    def fading(self, run: Run) -> float:
        """First hidden layer's gradient norm over the last one's: how much reaches the input."""
        norms = run.grad_norms
        return norms[0] / norms[-1] if norms and norms[-1] > 0 else float("nan")

    def message(self) -> str:
        if self.status == "diverged":
            return f"diverged at step {self.steps}: lower the learning rate and reset"
        if not self.steps:
            return "same starting weights for both nets; only the skip connection differs"
        plain, residual = last(self.plain), last(self.resnet)
        done = "done: " if self.status == "done" else ""
        if residual < 0.5 * plain:
            verdict = f"residual loss {times(plain / residual)} lower than plain"
        elif residual > 2 * plain and self.resnet.losses[0] > 100 * self.plain.losses[0]:
            verdict = f"residual worse ({fmt(residual, 3)}): its h grows block by block"
        elif residual > 2 * plain:
            verdict = f"residual loss {fmt(residual, 3)}, plain {fmt(plain, 3)}"
        else:
            verdict = f"losses plain {fmt(plain, 3)}, residual {fmt(residual, 3)}"
        fading = self.fading(self.plain)
        if fading == 0:
            return f"{done}{verdict}; plain: no gradient reaches layer 1"
        if fading < 0.01:
            return f"{done}{verdict}; plain's layer-1 grad: {fmt(fading, 2)}x layer {self.depth}'s"
        return done + verdict

    def frame(self) -> Frame:
        plain_x, plain_y = stride(self.plain.losses)
        res_x, res_y = stride(self.resnet.losses)
        curves = Plot(
            title="training loss (MSE)",
            xlabel="step",
            ylabel="loss",
            ylog=True,
            series=(
                positive("plain", "red", plain_x, plain_y),
                positive("residual", "blue", res_x, res_y),
            ),
        )
        layers = tuple(float(i + 1) for i in range(len(self.plain.grad_norms)))
        grads = Plot(
            title="gradient norm per layer",
            xlabel="layer (input side first)",
            ylabel="|dL/dW|",
            ylog=True,
            series=(
                positive("plain", "red", layers, tuple(self.plain.grad_norms)),
                positive("residual", "blue", layers, tuple(self.resnet.grad_norms)),
            ),
        )

        def show(value: float, digits: int = 4) -> str:
            return fmt(value, digits) if self.steps else "-"  # nothing measured before step 1

        return Frame(
            step=self.steps,
            status=self.status,  # type: ignore[arg-type]
            message=self.message(),
            plots=(curves, grads),
            readouts=(
                ("plain loss", show(last(self.plain))),
                ("residual loss", show(last(self.resnet))),
                ("layer-1 grad plain", show(first(self.plain), 2)),
                ("layer-1 grad residual", show(first(self.resnet), 2)),
                ("params, each net", f"{self.plain.params():,}"),
                ("ms/step plain", show(self.plain.ms(), 2)),
                ("ms/step residual", show(self.resnet.ms(), 2)),
            ),
        )
