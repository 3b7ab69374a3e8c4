"""Question 7, mode "means": the padded batch and the three means per row, drawn."""

from __future__ import annotations

import torch

from demos.base import Frame, LessonDemo, Plot, Series, as_status, fmt
from demos.lessons.padding_means import BATCHES, Config, PaddingMeans
from demos.specs.padding import TOPIC


def empty_rows_text(counts: torch.Tensor, what: str) -> str:
    empty = [str(r) for r in (counts == 0).nonzero().flatten().tolist()]
    if not empty:
        return "none"
    return f"row {', '.join(empty)}: {what}" if len(empty) < 4 else f"{len(empty)} rows: {what}"


def readouts(run: PaddingMeans) -> list[tuple[str, str]]:
    some = bool(run.real.any())
    padding = 1 - run.mask.double().mean().item()
    return [
        ("max |naive - true|", fmt(run.naive_error, 3) if some else "n/a"),
        ("max |masked - true|", fmt(run.masked_error, 2) if some else "n/a"),
        ("worst naive, all batches", fmt(run.worst_naive, 3)),
        ("padding share", f"{padding:.0%}"),
        ("empty rows", empty_rows_text(run.counts, "no elements")),
    ]


def message(run: PaddingMeans) -> str:
    prefix = f"batch {run.steps + 1}/{BATCHES}: "
    if not run.real.any():
        return prefix + "every row is padding: there is no mean to take"
    if run.naive_error < 1e-9:
        return prefix + "no row is shorter than another here, so the naive mean is right"
    return prefix + f"the pads drag the naive mean off by up to {fmt(run.naive_error, 2)}"


class PaddingMeansDemo(LessonDemo):
    topic = TOPIC
    lesson = PaddingMeans
    config = Config
    run: PaddingMeans

    def real_rows(self, values: torch.Tensor) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """(x, y) of the rows that have elements: empty rows are left out, never NaN."""
        index = self.run.real.nonzero().flatten()
        return tuple(float(r) for r in index.tolist()), tuple(values[index].tolist())

    def frame(self) -> Frame:
        run = self.run
        xs, true = self.real_rows(run.true)
        plots = (  # the means first: the primary chart
            Plot(
                title="row means: true (bars), naive and masked",
                xlabel="row",
                series=(
                    Series("true", true, xs, "bar", color="gray"),
                    Series("naive", self.real_rows(run.naive)[1], xs, "scatter", color="red"),
                    Series("masked", self.real_rows(run.masked)[1], xs, "scatter", color="green"),
                ),
            ),
            Plot(
                title=f"padded batch (pad = {fmt(run.pad, 3)})",
                xlabel="position",
                ylabel="row",
                image=tuple(tuple(row) for row in run.padded.tolist()),
            ),
        )
        return Frame(run.steps, as_status(run.status), message(run), plots, tuple(readouts(run)))
