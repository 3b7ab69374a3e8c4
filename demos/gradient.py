"""Question 1: the loss around param with its tangent, and the loss per step, drawn."""

from __future__ import annotations

import math

from demos.base import Frame, LessonDemo, Plot, Series, as_status, fmt
from demos.lessons.gradient import MAX_STEPS, Config, Gradient
from demos.specs.gradient import TOPIC


def readouts(run: Gradient) -> list[tuple[str, str]]:
    return [
        ("param", fmt(run.param)),
        ("loss", fmt(run.loss)),
        ("param.grad (autograd)", fmt(run.grad)),
        ("finite difference", fmt(run.fd, 6) if math.isfinite(run.fd) else "lost"),
        ("x.grad", fmt(run.x_grad)),
    ]


def message(run: Gradient) -> str:
    if run.x == 0:
        return "x = 0: the loss does not depend on param, so param.grad is 0: nothing to learn"
    if run.status == "diverged":
        factor = run.lr * 2 * run.x**2
        return f"diverged at step {run.steps}: lr * 2x^2 = {factor:.3g} > 2 overshoots more"
    if run.flips >= 3 and run.kind == "absolute":
        recent = [loss for _, loss in run.path[-4:]]
        hop = run.lr * abs(run.x)
        return (
            f"hopping over the kink, loss {fmt(min(recent), 3)} to {fmt(max(recent), 3)}: "
            f"|grad| stays {abs(run.x):g}, so every step is {fmt(hop, 3)} long"
        )
    if run.flips >= 3:
        return "overshooting: each step jumps past the minimum (lr * 2x^2 > 1)"
    if run.status == "done" and run.steps >= MAX_STEPS:
        return f"stopped after {run.steps} steps, loss {fmt(run.loss, 3)}"
    if run.status == "done":
        return f"settled after {run.steps} steps: param.grad ≈ 0, loss {fmt(run.loss, 3)}"
    return "walking downhill: param -= lr * param.grad"


class GradientDemo(LessonDemo):
    topic = TOPIC
    lesson = Gradient
    config = Config
    run: Gradient

    def frame(self) -> Frame:
        run = self.run
        xs = [p for p, _ in run.path]
        best = run.target / run.x if run.x else run.param
        lo = min(min(xs), best) - 1.0
        hi = max(max(xs), best) + 1.0
        if not (math.isfinite(lo) and math.isfinite(hi)) or hi - lo > 1e6:
            lo, hi = run.param - 1.0, run.param + 1.0
        grid = [lo + (hi - lo) * i / 120 for i in range(121)]
        half = (hi - lo) / 8
        tangent_x = (run.param - half, run.param + half)
        tangent_y = tuple(run.loss + run.grad * (t - run.param) for t in tangent_x)
        recent = run.path[-30:]
        landscape = Plot(
            title="loss around param, tangent slope = param.grad",
            xlabel="param",
            ylabel="loss",
            series=(
                Series("loss(param)", tuple(run.loss_at(g) for g in grid), tuple(grid)),
                Series("tangent", tangent_y, tangent_x, color="red"),
                Series("path", tuple(v for _, v in recent), tuple(p for p, _ in recent), "scatter"),
                Series("now", (run.loss,), (run.param,), "scatter", color="orange"),
            ),
        )
        history = Plot(
            title="loss per step",
            xlabel="step",
            ylabel="loss",
            ylog=True,
            series=(Series("loss", tuple(v for _, v in run.path)),),
        )
        plots = (landscape, history)
        return Frame(run.steps, as_status(run.status), message(run), plots, tuple(readouts(run)))
