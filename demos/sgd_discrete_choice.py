"""Question 10, mode "discrete choice": the staircase loss and both runs' theta, drawn."""

from __future__ import annotations

import torch

from demos.base import Frame, LessonDemo, Plot, Series, Values, as_status, fmt, thin
from demos.lessons.sgd_discrete_choice import SURROGATES, Config, SgdDiscreteChoice, hard_loss
from demos.specs.sgd import TOPIC


def readouts(run: SgdDiscreteChoice) -> list[tuple[str, str]]:
    hard_theta, soft_theta = run.thetas[0][-1], run.thetas[1][-1]
    if run.grad is None:
        grad = "-" if run.steps == 0 else "none (argmax: no path)"
    else:
        grad = f"{run.grad:g} (exactly)" if run.grad == 0 else fmt(run.grad)
    at = run.surrogate_diverged_at
    return [
        ("autograd dloss/dtheta", grad),
        ("SGD moved theta by", fmt(abs(hard_theta - run.start), 3)),
        ("loss at SGD's theta", fmt(run.loss_at(hard_theta), 3)),
        (f"{SURROGATES[run.kind]} theta", f"diverged at step {at}" if at else fmt(soft_theta, 3)),
        ("loss at that theta", "-" if at else fmt(run.loss_at(soft_theta), 3)),
    ]


def message(run: SgdDiscreteChoice) -> str:
    if run.surrogate_diverged_at:
        name = SURROGATES[run.kind]
        return f"{name} diverged at step {run.surrogate_diverged_at} (lr too large); SGD stays put"
    if run.kind == "round":
        return "round() is flat between jumps: gradient exactly 0, SGD stays put"
    return "argmax cuts autograd's graph: no gradient, SGD stays put"


class SgdDiscreteChoiceDemo(LessonDemo):
    topic = TOPIC
    lesson = SgdDiscreteChoice
    config = Config
    run: SgdDiscreteChoice

    def reset(self, values: Values, seed: int) -> None:
        super().reset(values, seed)
        grid = torch.linspace(-4.5, 4.5, 361, dtype=torch.float64)
        self.grid = tuple(grid.tolist())
        self.stairs = tuple(hard_loss(self.run.kind, grid, self.run.x, self.run.labels).tolist())

    def frame(self) -> Frame:
        run = self.run
        hard_theta, soft_theta = run.thetas[0][-1], run.thetas[1][-1]
        surrogate = SURROGATES[run.kind]
        steps, hard_path = thin(run.thetas[0])
        soft_steps, soft_path = thin(run.thetas[1])
        ylabel = "(round(theta) - 2)^2" if run.kind == "round" else "error rate"
        plots = (
            Plot(
                "the loss is a staircase",
                (
                    Series("loss", self.stairs, self.grid, color="gray"),
                    Series("SGD", (run.loss_at(hard_theta),), (hard_theta,), "scatter", "red"),
                    Series(
                        surrogate, (run.loss_at(soft_theta),), (soft_theta,), "scatter", "green"
                    ),
                ),
                xlabel="theta",
                ylabel=ylabel,
            ),
            Plot(
                "theta per step",
                (
                    Series("SGD on the loss", hard_path, steps, color="red"),
                    Series(surrogate, soft_path, soft_steps, color="green"),
                ),
                xlabel="step",
                ylabel="theta",
            ),
        )
        return Frame(run.steps, as_status(run.status), message(run), plots, tuple(readouts(run)))
