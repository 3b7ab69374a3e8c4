"""Question 8: the target with both fits, and both training losses against the best line, drawn."""

from __future__ import annotations

import torch

from demos.base import Frame, LessonDemo, Plot, Series, as_status, fmt
from demos.lessons.nonlinearity import Config, Nonlinearity, associativity_check
from demos.specs.nonlinearity import TOPIC


def commute_text(ab: torch.Tensor, ba: torch.Tensor) -> str:
    if ab.shape == ba.shape:
        return f"|AB - BA| = {fmt((ab - ba).abs().max().item(), 2)}"
    return f"{ab.shape[0]}x{ab.shape[1]} vs {ba.shape[0]}x{ba.shape[1]}"


def readouts(run: Nonlinearity) -> list[tuple[str, str]]:
    assoc, ab, ba = associativity_check(run.linear, run.x)
    return [
        ("max|B(Ax) - (BA)x|", fmt(assoc, 2)),
        ("AB vs BA", commute_text(ab, ba)),
        ("best straight line", fmt(run.floor)),
        ("linear-linear loss", fmt(run.losses[0][-1])),
        (f"{run.name} net loss", fmt(run.losses[1][-1])),
    ]


def message(run: Nonlinearity) -> str:
    if run.status == "diverged":
        return f"diverged at step {run.steps}: lower the learning rate and reset"
    if run.steps == 0:
        return "training both nets with Adam from seeded weights"
    linear, bent, floor = run.losses[0][-1], run.losses[1][-1], run.floor
    done = "done: " if run.status == "done" else ""
    if linear <= 1.01 * floor:
        text = f"linear pair = best line ({fmt(floor, 3)})"
    else:
        text = f"linear pair {fmt(linear, 3)} > best line {fmt(floor, 3)}"
    if bent < 0.9 * floor:
        text += f"; the {run.name} net bends below it ({fmt(bent, 3)})"
    elif bent > 1.1 * floor and run.steps >= 100:
        falling = bent < 0.95 * run.losses[1][-50]
        why = "still falling" if falling else "stuck: lower the lr"
        text += f"; {run.name} net worse than a line ({fmt(bent, 3)}), {why}"
    return done + text


class NonlinearityDemo(LessonDemo):
    topic = TOPIC
    lesson = Nonlinearity
    config = Config
    run: Nonlinearity

    def frame(self) -> Frame:
        run = self.run
        xs = tuple(run.x.squeeze(1).tolist())
        with torch.no_grad():
            linear_fit = tuple(run.linear(run.x).squeeze(1).tolist())
            bent_fit = tuple(run.bent(run.x).squeeze(1).tolist())
        fits = Plot(
            title="target and both fits",
            xlabel="x",
            ylabel="y",
            main=2,  # the net with an activation: what its parameters change
            series=(
                Series("target", tuple(run.y.squeeze(1).tolist()), xs, color="gray"),
                Series("linear-linear", linear_fit, xs, color="blue"),
                Series(f"linear-{run.name}-linear", bent_fit, xs, color="orange"),
            ),
        )
        steps = tuple(float(i) for i in range(len(run.losses[0])))
        curves = Plot(
            title="training loss (MSE)",
            xlabel="step",
            ylabel="loss",
            ylog=True,
            series=(
                Series("linear-linear", tuple(run.losses[0]), steps, color="blue"),
                Series(f"with {run.name}", tuple(run.losses[1]), steps, color="orange"),
                Series("best line", (run.floor, run.floor), (0.0, steps[-1]), color="gray"),
            ),
        )
        plots = (fits, curves)
        return Frame(run.steps, as_status(run.status), message(run), plots, tuple(readouts(run)))
