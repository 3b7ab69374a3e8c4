"""Question 9, mode "forward vs reverse": time per Jacobian against n and m, both ways, drawn."""

from __future__ import annotations

import statistics

from demos.base import Frame, LessonDemo, Plot, Series, as_status, fmt, times
from demos.lessons.autodiff_forward_vs_reverse import ROUNDS, AutodiffForwardVsReverse, Config
from demos.specs.autodiff import TOPIC


def ratio_text(reverse: float, forward: float) -> str:
    if min(reverse, forward) <= 0:
        return "too fast to time"
    if reverse <= forward:
        return f"reverse {times(forward / reverse)} faster"
    return f"forward {times(reverse / forward)} faster"


def medians(
    run: AutodiffForwardVsReverse, name: str
) -> tuple[list[float], list[float], list[float]]:
    """(sizes, reverse ms, forward ms) of function `name`, for the sizes timed both ways."""
    sizes = [n for n in run.sizes if all(run.times.get((name, n), ((), ())))]
    reverse = [statistics.median(run.times[name, n][0]) * 1e3 for n in sizes]
    forward = [statistics.median(run.times[name, n][1]) * 1e3 for n in sizes]
    return [float(n) for n in sizes], reverse, forward


def verdict(run: AutodiffForwardVsReverse, name: str) -> tuple[str, str]:
    sizes, reverse, forward = medians(run, name)
    label = f"{name} at {'n' if name == 'f' else 'm'}={int(sizes[-1])}" if sizes else name
    return label, ratio_text(reverse[-1], forward[-1]) if sizes else "timing..."


def readouts(run: AutodiffForwardVsReverse) -> list[tuple[str, str]]:
    dtype = str(run.dtype).removeprefix("torch.")
    return [
        verdict(run, "f"),
        verdict(run, "g"),
        ("max |J_rev - J_fwd|", fmt(run.disagreement, 2)),
        ("dtype", dtype),
    ]


def message(run: AutodiffForwardVsReverse) -> str:
    f_wins, g_wins = verdict(run, "f")[1], verdict(run, "g")[1]
    if run.status == "done" and f_wins.startswith("reverse") and g_wins.startswith("forward"):
        return "done: each mode wins where it needs one pass; overhead rules when small"
    if run.status == "done":
        return f"done: at n, m = {run.sizes[-1]} the pass counts are too few to decide"
    rounds = min(ROUNDS, run.done_jobs // len(run.jobs) + 1)
    first = "forward" if rounds % 2 == 0 else "reverse"
    return f"round {rounds}/{ROUNDS}: timing full Jacobians, {first} mode first"


class AutodiffForwardVsReverseDemo(LessonDemo):
    topic = TOPIC
    lesson = AutodiffForwardVsReverse
    config = Config
    run: AutodiffForwardVsReverse

    def race_plot(self, name: str, title: str, xlabel: str) -> Plot:
        sizes, reverse, forward = medians(self.run, name)
        return Plot(
            title=title,
            xlabel=xlabel,
            ylabel="ms",
            xlog=True,
            ylog=True,
            series=(
                Series("reverse", tuple(reverse), tuple(sizes), color="orange"),
                Series("forward", tuple(forward), tuple(sizes), color="blue"),
            ),
        )

    def frame(self) -> Frame:
        run = self.run
        plots = (
            self.race_plot("f", "f: Rⁿ → R, time per Jacobian", "inputs n"),
            self.race_plot("g", "g: R → Rᵐ, time per Jacobian", "outputs m"),
        )
        return Frame(run.steps, as_status(run.status), message(run), plots, tuple(readouts(run)))
