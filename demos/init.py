"""Question 5: the activation std per layer over the draws, and the deep net's training loss."""

from __future__ import annotations

import math
from typing import Literal

import torch

from demos.base import Frame, LessonDemo, Plot, Series, fmt
from demos.lessons.init import Config, Init
from demos.specs.init import TOPIC


def layer_text(layer: int | None) -> str:
    return "none" if layer is None else str(layer)


def final_median(run: Init) -> float:
    return float(run.spread()[0][-1]) if run.draws else math.nan


def readouts(run: Init) -> list[tuple[str, str]]:
    last = run.draws[-1] if run.draws else None
    return [
        ("weight std", fmt(run.std, 3)),
        ("draws", str(len(run.draws))),
        ("final std (median)", fmt(final_median(run), 3)),
        ("first inf/nan layer", layer_text(last.first_bad if last else None)),
        ("first all-zero layer", layer_text(last.first_zero if last else None)),
        ("steps to halve loss", run.trainer.verdict()),
    ]


def message(run: Init) -> str:
    if run.status == "done":
        median = fmt(final_median(run), 2)
        return f"done: {len(run.draws)} draws, median std {median} at the last layer"
    if not run.draws:
        return "drawing the first network"
    last = run.draws[-1]
    if last.first_bad is not None:
        return f"activations overflow float32 to inf/nan at layer {last.first_bad}"
    if last.first_zero is not None:
        return f"activations underflow to exactly 0 at layer {last.first_zero}"
    final = float(last.stds[-1])
    gain = final ** (1 / run.layers) if final > 0 else 0.0
    return f"each layer scales the std by about {gain:.3g}: {final:.2g} after {run.layers}"


def drawable(
    label: str,
    color: str,
    xs: tuple[float, ...],
    ys: torch.Tensor,
    kind: Literal["line", "scatter"] = "line",
) -> Series:
    """Only finite positive points: a log axis cannot show 0 (underflow) or inf/nan (overflow)."""
    keep = torch.isfinite(ys) & (ys > 0)
    where = [x for x, k in zip(xs, keep.tolist(), strict=True) if k]
    return Series(label, tuple(ys[keep].tolist()), tuple(where), kind=kind, color=color)


class InitDemo(LessonDemo):
    topic = TOPIC
    lesson = Init
    config = Config
    run: Init

    def std_plot(self) -> Plot:
        run = self.run
        series: tuple[Series, ...] = ()
        if run.draws:  # before the first draw: the same chart, empty
            median, low, high = run.spread()
            layers = tuple(float(i) for i in range(run.layers + 1))
            series = (
                drawable("max", "gray", layers, high),
                drawable("min", "gray", layers, low),
                drawable("median", "blue", layers, median),
                drawable("latest draw", "orange", layers, run.draws[-1].stds, "scatter"),
            )
        return Plot("activation std per layer", series, "layer", "std", ylog=True)

    def loss_plot(self) -> Plot:
        losses = torch.tensor(self.run.trainer.losses, dtype=torch.float64)
        steps = tuple(float(i) for i in range(len(losses)))
        series = [drawable("loss", "blue", steps, losses)]
        if len(losses) and math.isfinite(float(losses[0])) and float(losses[0]) > 0:
            half = float(losses[0]) / 2
            series.append(Series("half", (half, half), (0.0, max(1.0, steps[-1])), color="gray"))
        return Plot("training the deep net: loss", tuple(series), "SGD step", "MSE", ylog=True)

    def frame(self) -> Frame:
        run = self.run
        plots = (self.std_plot(), self.loss_plot())  # both from step 0: the layout never jumps
        return Frame(run.steps, run.status, message(run), plots, tuple(readouts(run)))  # type: ignore[arg-type]
