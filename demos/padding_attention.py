"""Question 7, mode "attention": softmax weights with and without the mask, drawn."""

from __future__ import annotations

from demos.base import Frame, LessonDemo, Plot, Series, as_status, fmt
from demos.lessons.padding_attention import BATCHES, Config, PaddingAttention
from demos.padding_means import empty_rows_text
from demos.specs.padding import TOPIC


def largest_leak(run: PaddingAttention) -> float:
    return max(run.leak[run.real].tolist(), default=0.0)


def readouts(run: PaddingAttention) -> list[tuple[str, str]]:
    some = bool(run.real.any())
    return [
        ("pad weight, no mask", fmt(largest_leak(run), 3) if some else "n/a"),
        ("pad weight, masked", fmt(run.masked_leak, 3)),
        ("max |row sum - 1|", fmt(run.sum_error, 2)),
        ("worst leak, all batches", fmt(run.worst_leak, 3)),
        ("empty rows", empty_rows_text(run.counts, "no keys, weights 0")),
    ]


def message(run: PaddingAttention) -> str:
    return f"batch {run.steps + 1}/{BATCHES}: " + (
        f"no mask: up to {100 * largest_leak(run):.3g}% of a row's attention is on pads; masked: 0"
        if run.real.any()
        else "every row is padding: masked rows get no weight at all"
    )


class PaddingAttentionDemo(LessonDemo):
    topic = TOPIC
    lesson = PaddingAttention
    config = Config
    run: PaddingAttention

    def frame(self) -> Frame:
        run = self.run
        image = [
            [*plain, 0.0, *masked]
            for plain, masked in zip(run.plain.tolist(), run.weights.tolist(), strict=True)
        ]
        index = run.real.nonzero().flatten()
        xs = tuple(float(r) for r in index.tolist())
        leak = tuple(run.leak[index].tolist())
        plots = (  # the leak per row first: the primary chart
            Plot(
                title="weight on padding per row",
                xlabel="row",
                ylim=(0.0, 1.0),
                series=(
                    Series("no mask", leak, xs, "bar", color="red"),
                    Series("masked", tuple(0.0 for _ in xs), xs, "scatter", color="green"),
                ),
            ),
            Plot(
                title="attention: no mask | masked",
                xlabel="position",
                ylabel="row",
                image=tuple(tuple(row) for row in image),
            ),
        )
        return Frame(run.steps, as_status(run.status), message(run), plots, tuple(readouts(run)))
