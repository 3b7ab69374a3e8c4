"""Question 5: the activation std per layer over the draws, and the deep net's training loss."""

from __future__ import annotations

import math
from typing import Literal

import torch

from demos.base import Frame, LessonDemo, Plot, Series, as_status, fmt
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


def gain_text(run: Init) -> str:
    """The median std after layer 1 and after the last, and the factor per layer between."""
    median = run.spread()[0]
    first, final = float(median[1]), float(median[-1])
    text = f"median std {first:.2g} at layer 1, {final:.2g} at {run.layers}"
    if run.layers > 1 and first > 0 and final > 0:
        text += f": x{(final / first) ** (1 / (run.layers - 1)):.3g} a layer"
    if run.config.activation == "relu" and run.config.scheme == "kaiming":
        # Kaiming keeps E[h^2] (the mean square) at 1, not the std of the ReLU output: about
        # 0.83 after layer 1. At width 100 the typical (median) value also drifts down with
        # depth, though the average does not (Hanin & Rolnick 2018).
        text += "; Kaiming fixes RMS, not std; width 100 drifts"
    return text


def message(run: Init) -> str:
    text = now(run)
    return f"done: {text}" if run.status == "done" else text


def now(run: Init) -> str:
    if not run.draws:
        return "drawing the first network"
    last = run.draws[-1]
    if last.first_bad is not None:
        return f"activations overflow float32 to inf/nan at layer {last.first_bad}"
    if last.first_zero is not None:
        return f"activations underflow to exactly 0 at layer {last.first_zero}"
    return gain_text(run)


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
        return Frame(run.steps, as_status(run.status), message(run), plots, tuple(readouts(run)))
