"""Question 4: both nets' losses and each hidden layer's gradient norm, drawn."""

from __future__ import annotations

import math

from demos.base import Frame, LessonDemo, Plot, Series, as_status, fmt, thin, times
from demos.lessons.deeper import Config, Deeper, Trainer
from demos.specs.deeper import TOPIC


def last(trainer: Trainer) -> float:
    return trainer.losses[-1] if trainer.losses else math.nan


def first(trainer: Trainer) -> float:
    """The gradient norm of the first hidden layer (the one nearest the input)."""
    return trainer.grad_norms[0] if trainer.grad_norms else math.nan


def fading(trainer: Trainer) -> float:
    """First hidden layer's gradient norm over the last one's: how much reaches the input."""
    norms = trainer.grad_norms
    return norms[0] / norms[-1] if norms and norms[-1] > 0 else math.nan


def readouts(run: Deeper) -> list[tuple[str, str]]:
    def show(value: float, digits: int = 4) -> str:
        return fmt(value, digits) if run.steps else "-"  # nothing measured before step 1

    return [
        ("plain loss", show(last(run.plain))),
        ("residual loss", show(last(run.resnet))),
        ("layer-1 grad plain", show(first(run.plain), 2)),
        ("layer-1 grad residual", show(first(run.resnet), 2)),
        ("params, each net", f"{run.params:,}"),
        ("ms/step plain", show(run.plain.ms(), 2)),
        ("ms/step residual", show(run.resnet.ms(), 2)),
    ]


def message(run: Deeper) -> str:
    if run.status == "diverged":
        return f"diverged at step {run.steps}: lower the learning rate and reset"
    if not run.steps:
        return "same starting weights for both nets; only the skip connection differs"
    plain, residual = last(run.plain), last(run.resnet)
    done = "done: " if run.status == "done" else ""
    if residual < 0.5 * plain:
        verdict = f"residual loss {times(plain / residual)} lower than plain"
    elif residual > 2 * plain and run.resnet.losses[0] > 100 * run.plain.losses[0]:
        verdict = f"residual worse ({fmt(residual, 3)}): its h grows block by block"
    elif residual > 2 * plain:
        verdict = f"residual loss {fmt(residual, 3)}, plain {fmt(plain, 3)}"
    else:
        verdict = f"losses plain {fmt(plain, 3)}, residual {fmt(residual, 3)}"
    ratio = fading(run.plain)
    if ratio == 0:
        return f"{done}{verdict}; plain: no gradient reaches layer 1"
    if ratio < 0.01:
        return f"{done}{verdict}; plain's layer-1 grad: {fmt(ratio, 2)}x layer {run.depth}'s"
    return done + verdict


def positive(label: str, color: str, xs: tuple[float, ...], ys: tuple[float, ...]) -> Series:
    """Only the points a log axis can draw: underflowed zeros and inf/nan are left out."""
    kept = [(x, y) for x, y in zip(xs, ys, strict=True) if math.isfinite(y) and y > 0]
    return Series(label, tuple(y for _, y in kept), tuple(x for x, _ in kept), color=color)


class DeeperDemo(LessonDemo):
    topic = TOPIC
    lesson = Deeper
    config = Config
    run: Deeper

    def frame(self) -> Frame:
        run = self.run
        curves = Plot(
            title="training loss (MSE)",
            xlabel="step",
            ylabel="loss",
            ylog=True,
            series=(
                positive("plain", "red", *thin(run.plain.losses)),
                positive("residual", "blue", *thin(run.resnet.losses)),
            ),
        )
        layers = tuple(float(i + 1) for i in range(len(run.plain.grad_norms)))
        grads = Plot(
            title="gradient norm per layer",
            xlabel="layer (input side first)",
            ylabel="|dL/dW|",
            ylog=True,
            series=(
                positive("plain", "red", layers, tuple(run.plain.grad_norms)),
                positive("residual", "blue", layers, tuple(run.resnet.grad_norms)),
            ),
        )
        plots = (curves, grads)
        return Frame(run.steps, as_status(run.status), message(run), plots, tuple(readouts(run)))
