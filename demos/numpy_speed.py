"""Question 3, mode "speed": median times and their ratio against size, drawn."""

from __future__ import annotations

import statistics

import torch

from demos.base import Frame, LessonDemo, Plot, Series, as_status, fmt
from demos.lessons.numpy_speed import PASSES, Config, NumpySpeed
from demos.specs.numpy_vs_torch import TOPIC


def medians(run: NumpySpeed) -> tuple[list[float], list[float], list[float]]:
    """(elements, NumPy ms, torch ms) per size timed: the median over the passes."""
    sizes = sorted(run.samples)
    numpy_ms = [statistics.median(run.samples[n][0]) * 1e3 for n in sizes]
    torch_ms = [statistics.median(run.samples[n][1]) * 1e3 for n in sizes]
    return [float(run.used[n]) for n in sizes], numpy_ms, torch_ms


def readouts(run: NumpySpeed) -> list[tuple[str, str]]:
    sizes, numpy_ms, torch_ms = medians(run)
    last = f"n={int(sizes[-1])}" if sizes else "n=?"
    rows = [
        ("threads np / torch", f"{run.blas} / {torch.get_num_threads()}"),
        (f"NumPy at {last}", f"{fmt(numpy_ms[-1], 3)} ms" if sizes else "timing..."),
        (f"torch at {last}", f"{fmt(torch_ms[-1], 3)} ms" if sizes else "timing..."),
        ("results differ by", fmt(run.max_diff, 2)),
    ]
    if run.skipped:
        rows.append(("sizes skipped (slow)", str(run.skipped)))
    return rows


def message(run: NumpySpeed) -> str:
    if run.status == "done":
        sizes = len(medians(run)[0])
        count = f"{sizes} size{'s' if sizes != 1 else ''}"
        return f"done: {run.passes} passes over {count}, medians plotted"
    return (
        f"pass {run.passes + 1}/{PASSES}: timing {run.op} in {run.dtype}, "
        "timeit in both, alternating which goes first"
    )


class NumpySpeedDemo(LessonDemo):
    topic = TOPIC
    lesson = NumpySpeed
    config = Config
    run: NumpySpeed

    def frame(self) -> Frame:
        run = self.run
        sizes, numpy_ms, torch_ms = medians(run)
        ratios = [
            (n, a / b) for n, a, b in zip(sizes, numpy_ms, torch_ms, strict=True) if a > 0 < b
        ]
        equal = (Series("equal", (1.0, 1.0), (sizes[0], sizes[-1]), color="gray"),) if sizes else ()
        plots = (
            Plot(
                title=f"{run.op}: median time",
                xlabel="elements n",
                ylabel="ms",
                xlog=True,
                ylog=True,
                series=(
                    Series("NumPy", tuple(numpy_ms), tuple(sizes), color="blue"),
                    Series("torch", tuple(torch_ms), tuple(sizes), color="orange"),
                ),
            ),
            Plot(
                title="speed-up of torch over NumPy",  # NumPy time / torch time
                xlabel="elements n",
                xlog=True,
                ylog=True,
                series=(
                    Series("ratio", tuple(r for _, r in ratios), tuple(n for n, _ in ratios)),
                    *equal,
                ),
            ),
        )
        return Frame(run.steps, as_status(run.status), message(run), plots, tuple(readouts(run)))
