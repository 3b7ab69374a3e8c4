"""What a gradient is: d(loss)/d(param) at one point, checked, then used to walk downhill."""

from __future__ import annotations

import math

import torch

from demos.base import Demo, Frame, Plot, Series, Values, fmt
from demos.specs.gradient import TOPIC

MAX_STEPS = 150
FD_H = 1e-4  # central difference step; float64 keeps its rounding error near 1e-12


class GradientDemo(Demo):
    topic = TOPIC

    def reset(self, values: Values, seed: int) -> None:
        torch.manual_seed(seed)  # nothing random here; kept so every demo honours the seed
        self.x = float(values["x"])
        self.target = float(values["target"])
        self.squared = values["loss"] == "squared"
        self.lr = float(values["lr"])
        self.param = float(values["param"])
        self.path: list[tuple[float, float]] = []
        self.steps = 0
        self.flips = 0
        self.status = "running"
        self.measure()
        if self.x == 0:  # the loss is |target| or target^2 whatever param is: nothing to learn
            self.status = "done"

    def loss_at(self, param: float) -> float:
        residual = self.x * param - self.target
        return residual * residual if self.squared else abs(residual)

    def measure(self) -> None:
        """Autograd at the current param: param.grad and x.grad, plus a finite difference."""
        param = torch.tensor(self.param, dtype=torch.float64, requires_grad=True)
        x = torch.tensor(self.x, dtype=torch.float64, requires_grad=True)
        residual = x * param - self.target
        loss = residual.square() if self.squared else residual.abs()
        loss.backward()
        assert param.grad is not None and x.grad is not None
        self.loss = loss.item()
        self.grad = param.grad.item()
        self.x_grad = x.grad.item()
        self.fd = (self.loss_at(self.param + FD_H) - self.loss_at(self.param - FD_H)) / (2 * FD_H)
        if abs(self.param) * 1e-15 > FD_H:  # param +- h rounds to param: the difference is noise
            self.fd = math.nan
        self.path.append((self.param, self.loss))

    def step(self) -> bool:
        if self.status != "running":
            return False
        previous = self.grad
        self.param -= self.lr * self.grad
        self.steps += 1
        self.measure()
        if not math.isfinite(self.loss) or abs(self.param) > 1e12:
            self.status = "diverged"
        elif self.grad * previous < 0:
            self.flips += 1
        elif self.grad != 0:
            self.flips = 0
        if self.status == "running" and (self.steps >= MAX_STEPS or abs(self.grad) < 1e-9):
            self.status = "done"
        return self.status == "running"

    def message(self) -> str:
        if self.x == 0:
            return "x = 0: the loss does not depend on param, so param.grad is 0: nothing to learn"
        if self.status == "diverged":
            factor = self.lr * 2 * self.x**2
            return f"diverged at step {self.steps}: lr * 2x^2 = {factor:.3g} > 2 overshoots more"
        if self.flips >= 3 and not self.squared:
            recent = [loss for _, loss in self.path[-4:]]
            hop = self.lr * abs(self.x)
            return (
                f"hopping over the kink, loss {fmt(min(recent), 3)} to {fmt(max(recent), 3)}: "
                f"|grad| stays {abs(self.x):g}, so every step is {fmt(hop, 3)} long"
            )
        if self.flips >= 3:
            return "overshooting: each step jumps past the minimum (lr * 2x^2 > 1)"
        if self.status == "done" and self.steps >= MAX_STEPS:
            return f"stopped after {self.steps} steps, loss {fmt(self.loss, 3)}"
        if self.status == "done":
            return f"settled after {self.steps} steps: param.grad ≈ 0, loss {fmt(self.loss, 3)}"
        return "walking downhill: param -= lr * param.grad"

    def frame(self) -> Frame:
        xs = [p for p, _ in self.path]
        best = self.target / self.x if self.x else self.param
        lo = min(min(xs), best) - 1.0
        hi = max(max(xs), best) + 1.0
        if not (math.isfinite(lo) and math.isfinite(hi)) or hi - lo > 1e6:
            lo, hi = self.param - 1.0, self.param + 1.0
        grid = [lo + (hi - lo) * i / 120 for i in range(121)]
        half = (hi - lo) / 8
        tangent_x = (self.param - half, self.param + half)
        tangent_y = tuple(self.loss + self.grad * (t - self.param) for t in tangent_x)
        recent = self.path[-30:]
        landscape = Plot(
            title="loss around param, tangent slope = param.grad",
            xlabel="param",
            ylabel="loss",
            series=(
                Series("loss(param)", tuple(self.loss_at(g) for g in grid), tuple(grid)),
                Series("tangent", tangent_y, tangent_x, color="red"),
                Series("path", tuple(v for _, v in recent), tuple(p for p, _ in recent), "scatter"),
                Series("now", (self.loss,), (self.param,), "scatter", color="orange"),
            ),
        )
        history = Plot(
            title="loss per step",
            xlabel="step",
            ylabel="loss",
            ylog=True,
            series=(Series("loss", tuple(v for _, v in self.path)),),
        )
        return Frame(
            step=self.steps,
            status=self.status,  # type: ignore[arg-type]
            message=self.message(),
            plots=(landscape, history),
            readouts=(
                ("param", fmt(self.param)),
                ("loss", fmt(self.loss)),
                ("param.grad (autograd)", fmt(self.grad)),
                ("finite difference", fmt(self.fd, 6) if math.isfinite(self.fd) else "lost"),
                ("x.grad", fmt(self.x_grad)),
            ),
        )
