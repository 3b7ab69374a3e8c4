"""Question 6, mode "batch size": the losses per step and the measured spread against B, drawn."""

from __future__ import annotations

import math

from demos.base import Frame, LessonDemo, Plot, Series, as_status, fmt, thin
from demos.lessons.minibatch_batch_size import LEVELS, N_DATA, Config, MinibatchBatchSize
from demos.specs.minibatch import TOPIC


def share(count: int, run: MinibatchBatchSize) -> float:
    """Percent of the steps so far."""
    return 100 * count / run.steps if run.steps else 0.0


def readouts(run: MinibatchBatchSize) -> list[tuple[str, str]]:
    spread_ratio = run.ratio()
    return [
        ("batch size B", f"{run.batch} of {N_DATA}"),
        (
            "spread B=1 / B=64",
            "-" if math.isnan(spread_ratio) else f"{fmt(spread_ratio, 3)} (sqrt 64 = 8)",
        ),
        ("uphill grads", f"{share(run.uphill, run):.0f} % of {run.steps}"),
        ("loss rose", f"{share(run.rose, run):.0f} % of {run.steps}"),
        ("lr, 2/lambda_max", f"{fmt(run.lr, 3)}, {fmt(run.bound, 3)}"),
        ("full-data loss", fmt(run.loss)),
        ("best possible loss", fmt(run.best)),
    ]


def message(run: MinibatchBatchSize) -> str:
    if run.status == "diverged":
        if run.lr > run.bound:
            why = f"lr {fmt(run.lr, 3)} > 2/lambda_max = {fmt(run.bound, 3)}: steps overshoot"
        else:
            why = "below 2/lambda_max, but this batch's noisy steps overshoot"
        return f"diverged at step {run.steps}: {why}; lower the lr"
    if run.status == "done":
        return (
            f"done: {share(run.uphill, run):.0f} % of the steps pointed uphill; "
            f"the full-data loss rose after {share(run.rose, run):.0f} %"
        )
    if run.batch == N_DATA:
        return f"B = {N_DATA}, all the data: every step is the full gradient, no noise"
    return f"SGD with B={run.batch}: each step sees {run.batch} random examples of {N_DATA}"


class MinibatchBatchSizeDemo(LessonDemo):
    topic = TOPIC
    lesson = MinibatchBatchSize
    config = Config
    run: MinibatchBatchSize

    def spread_plot(self) -> Plot:
        spread = self.run.spreads()
        sizes = [float(2**level) for level in range(LEVELS)]
        measured = [(b, s) for b, s in zip(sizes[:-1], spread[:-1], strict=True) if s > 0]
        series = [Series("measured", tuple(s for _, s in measured), tuple(b for b, _ in measured))]
        if spread[0] > 0:
            one = spread[0]
            finite = [one * math.sqrt((N_DATA - b) / ((N_DATA - 1) * b)) for b in sizes[:-1]]
            series += [
                Series("1/sqrt(B)", tuple(one / math.sqrt(b) for b in sizes), tuple(sizes)),
                Series("x finite-data factor", tuple(finite), tuple(sizes[:-1]), color="gray"),
            ]
        return Plot(
            "gradient spread |g_B - g| vs B",
            tuple(series),
            xlabel="batch size B",
            ylabel="spread",
            xlog=True,
            ylog=True,
        )

    def frame(self) -> Frame:
        run = self.run
        steps, full = thin(run.full_losses)
        _, minibatch = thin(run.batch_losses)
        last = float(max(1, len(run.full_losses) - 1))
        losses = Plot(
            "loss per step",
            (
                Series("mini-batch", minibatch, steps, color="gray"),
                Series("full data", full, steps, color="blue"),
                Series("best possible", (run.best, run.best), (0.0, last), color="green"),
            ),
            xlabel="step",
            ylabel="MSE",
            ylog=True,
        )
        plots = (losses, self.spread_plot())
        return Frame(run.steps, as_status(run.status), message(run), plots, tuple(readouts(run)))
