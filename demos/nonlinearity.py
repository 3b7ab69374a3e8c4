"""Why nonlinearities: two linear layers collapse to one; with an activation they can bend."""

from __future__ import annotations

import math

import torch
from torch import nn

from demos.base import Demo, Frame, Plot, Series, Values, fmt
from demos.optim import Adam
from demos.specs.nonlinearity import TOPIC

POINTS = 200
MAX_STEPS = 1500
ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "gelu": nn.GELU}


def make_target(kind: str, x: torch.Tensor) -> torch.Tensor:
    if kind == "sine":
        return torch.sin(1.5 * x)
    if kind == "abs":
        return x.abs() - 1
    return (x > 0).float() * 2 - 1


def associativity_check(seed: int, n: int = 16) -> tuple[float, float]:
    """max|B(Ax) - (BA)x| (rounding only) and max|AB - BA| (not commutative)."""
    generator = torch.Generator().manual_seed(seed)
    a, b = torch.randn(n, n, generator=generator), torch.randn(n, n, generator=generator)
    x = torch.randn(n, generator=generator)
    assoc = (b @ (a @ x) - (b @ a) @ x).abs().max().item()
    commute = (a @ b - b @ a).abs().max().item()
    return assoc, commute


def seeded_linear(fan_in: int, fan_out: int, generator: torch.Generator) -> nn.Linear:
    """nn.Linear with its usual uniform init, drawn from `generator` (not the global RNG)."""
    layer = nn.Linear(fan_in, fan_out)
    bound = 1 / math.sqrt(fan_in)
    with torch.no_grad():
        layer.weight.uniform_(-bound, bound, generator=generator)
        layer.bias.uniform_(-bound, bound, generator=generator)
    return layer


def least_squares_loss(x: torch.Tensor, y: torch.Tensor) -> float:
    """The loss of the best straight line: the floor for any stack of linear layers."""
    design = torch.cat([x, torch.ones_like(x)], dim=1).double()
    solution = torch.linalg.lstsq(design, y.double()).solution
    return (design @ solution - y.double()).square().mean().item()


class NonlinearityDemo(Demo):
    topic = TOPIC

    def reset(self, values: Values, seed: int) -> None:
        generator = torch.Generator().manual_seed(seed)
        width = int(values["width"])
        self.x = torch.linspace(-3, 3, POINTS).unsqueeze(1)
        self.y = make_target(str(values["target"]), self.x)
        self.linear = nn.Sequential(
            seeded_linear(1, width, generator), seeded_linear(width, 1, generator)
        )
        activation = ACTIVATIONS[str(values["activation"])]
        self.bent = nn.Sequential(
            seeded_linear(1, width, generator), activation(), seeded_linear(width, 1, generator)
        )
        lr = float(values["lr"])
        self.optimizers = [
            Adam(self.linear.parameters(), lr=lr),
            Adam(self.bent.parameters(), lr=lr),
        ]
        self.name = str(values["activation"])
        self.floor = least_squares_loss(self.x, self.y)
        self.assoc, self.commute = associativity_check(seed)
        self.losses: tuple[list[float], list[float]] = ([], [])
        self.steps = 0
        self.status = "running"
        self.record()

    def record(self) -> None:
        with torch.no_grad():
            for model, losses in zip((self.linear, self.bent), self.losses, strict=True):
                losses.append((model(self.x) - self.y).square().mean().item())

    def step(self) -> bool:
        if self.status != "running":
            return False
        for model, optimizer in zip((self.linear, self.bent), self.optimizers, strict=True):
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

    def frame(self) -> Frame:
        xs = tuple(self.x.squeeze(1).tolist())
        with torch.no_grad():
            linear_fit = tuple(self.linear(self.x).squeeze(1).tolist())
            bent_fit = tuple(self.bent(self.x).squeeze(1).tolist())
        fits = Plot(
            title="target and both fits",
            xlabel="x",
            ylabel="y",
            main=2,  # the net with an activation: what its parameters change
            series=(
                Series("target", tuple(self.y.squeeze(1).tolist()), xs, color="gray"),
                Series("linear-linear", linear_fit, xs, color="blue"),
                Series(f"linear-{self.name}-linear", bent_fit, xs, color="orange"),
            ),
        )
        steps = tuple(float(i) for i in range(len(self.losses[0])))
        curves = Plot(
            title="training loss (MSE)",
            xlabel="step",
            ylabel="loss",
            ylog=True,
            series=(
                Series("linear-linear", tuple(self.losses[0]), steps, color="blue"),
                Series(f"with {self.name}", tuple(self.losses[1]), steps, color="orange"),
                Series("best line", (self.floor, self.floor), (0.0, steps[-1]), color="gray"),
            ),
        )
        linear, bent = self.losses[0][-1], self.losses[1][-1]
        message = {
            "diverged": f"diverged at step {self.steps}: lower the learning rate and reset",
            "done": f"done after {self.steps} steps",
        }.get(self.status, "training both nets with Adam")
        return Frame(
            step=self.steps,
            status=self.status,  # type: ignore[arg-type]
            message=message,
            plots=(fits, curves),
            readouts=(
                ("max|B(Ax) - (BA)x|", fmt(self.assoc, 2)),
                ("max|AB - BA|", fmt(self.commute, 3)),
                ("best straight line", fmt(self.floor)),
                ("linear-linear loss", fmt(linear)),
                (f"{self.name} net loss", fmt(bent)),
            ),
        )
