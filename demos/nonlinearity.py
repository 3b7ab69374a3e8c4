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


def associativity_check(net: nn.Sequential, x: torch.Tensor) -> tuple[float, str]:
    """For the linear pair's own weights, A (first layer) and B (second), on the inputs x:
    max|B(Ax) - (BA)x| (rounding only: associative), and AB against BA (not commutative:
    here not even the same shape, except at width 1 where both are one number)."""
    with torch.no_grad():
        first, second = net[0], net[1]
        assert isinstance(first, nn.Linear) and isinstance(second, nn.Linear)
        a, b = first.weight, second.weight  # (width, 1) and (1, width)
        points = x.T  # one column per input point
        assoc = (b @ (a @ points) - (b @ a) @ points).abs().max().item()
        ab, ba = a @ b, b @ a
    if ab.shape == ba.shape:
        return assoc, f"|AB - BA| = {fmt((ab - ba).abs().max().item(), 2)}"
    return assoc, f"{ab.shape[0]}x{ab.shape[1]} vs {ba.shape[0]}x{ba.shape[1]}"


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

    def message(self, linear: float, bent: float) -> str:
        if self.status == "diverged":
            return f"diverged at step {self.steps}: lower the learning rate and reset"
        if self.steps == 0:
            return "training both nets with Adam from seeded weights"
        done = "done: " if self.status == "done" else ""
        floor = self.floor
        if linear <= 1.01 * floor:
            text = f"linear pair = best line ({fmt(floor, 3)})"
        else:
            text = f"linear pair {fmt(linear, 3)} > best line {fmt(floor, 3)}"
        if bent < 0.9 * floor:
            text += f"; the {self.name} net bends below it ({fmt(bent, 3)})"
        elif bent > 1.1 * floor and self.steps >= 100:
            falling = bent < 0.95 * self.losses[1][-50]
            why = "still falling" if falling else "stuck: lower the lr"
            text += f"; {self.name} net worse than a line ({fmt(bent, 3)}), {why}"
        return done + text

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
        assoc, commute = associativity_check(self.linear, self.x)
        return Frame(
            step=self.steps,
            status=self.status,  # type: ignore[arg-type]
            message=self.message(linear, bent),
            plots=(fits, curves),
            readouts=(
                ("max|B(Ax) - (BA)x|", fmt(assoc, 2)),
                ("AB vs BA", commute),
                ("best straight line", fmt(self.floor)),
                ("linear-linear loss", fmt(linear)),
                (f"{self.name} net loss", fmt(bent)),
            ),
        )
