"""Question 6, mode "noise injection": loss, sharpness and paths of GD, PGD and Anti-PGD, drawn."""

from __future__ import annotations

import math

from demos.base import Frame, LessonDemo, Plot, Series, as_status, fmt, thin
from demos.lessons.minibatch_noise_injection import (
    METHODS,
    WIDE_MIN,
    Config,
    MinibatchNoiseInjection,
    sharp_minimum,
)
from demos.specs.minibatch import TOPIC

PATH_POINTS = 120
COLORS = ("blue", "red", "green")


def describe(run: MinibatchNoiseInjection, k: int) -> str:
    if run.diverged_at[k]:
        return f"diverged at step {run.diverged_at[k]}"
    where, trace = run.ending(k)
    return f"{where} ({fmt(trace, 3)})"


def readouts(run: MinibatchNoiseInjection) -> list[tuple[str, str]]:
    rows = [(f"{name} ends (tr H)", describe(run, k)) for k, name in enumerate(METHODS)]
    (pgd_x, pgd_y), (anti_x, anti_y) = run.noise_sums.tolist()
    rows.append(("|sum noise| PGD", fmt(math.hypot(pgd_x, pgd_y), 3)))
    rows.append(("|sum noise| Anti-PGD", fmt(math.hypot(anti_x, anti_y), 3)))
    return rows


def message(run: MinibatchNoiseInjection) -> str:
    if run.status == "diverged":
        return f"diverged at step {run.steps}: all three blew up; lower eta or sigma"
    lost = [name for k, name in enumerate(METHODS) if run.diverged_at[k]]
    if lost:
        rest = "finished" if run.status == "done" else "go on"
        return f"{' and '.join(lost)} diverged (eta too large for the walls); the rest {rest}"
    if run.status == "done":
        return f"done: {' / '.join(run.ending(k)[0] for k in range(3))} (GD / PGD / Anti-PGD)"
    return "same noise draws for PGD and Anti-PGD; only their correlation differs"


class MinibatchNoiseInjectionDemo(LessonDemo):
    topic = TOPIC
    lesson = MinibatchNoiseInjection
    config = Config
    run: MinibatchNoiseInjection

    def frame(self) -> Frame:
        run = self.run
        loss_series, trace_series, path_series = [], [], []
        for k, name in enumerate(METHODS):
            steps, losses = thin(run.losses[k])
            _, traces = thin(run.traces[k])
            loss_series.append(Series(name, losses, steps, color=COLORS[k]))
            trace_series.append(Series(name, traces, steps, color=COLORS[k]))
        for k in (1, 2, 0):  # GD's short path last, so the noisy clouds do not hide it
            recent = [p for p in run.paths[k][-PATH_POINTS:] if abs(p[0]) < 3 and abs(p[1]) < 3]
            xs, ys = tuple(p[0] for p in recent), tuple(p[1] for p in recent)
            if k == 0:
                path_series.append(Series(METHODS[k], ys, xs, "line", COLORS[k]))
            else:
                path_series.append(Series(METHODS[k], ys, xs, "scatter", COLORS[k]))
        sharp = sharp_minimum()
        path_series.append(
            Series("minima", (sharp[1], WIDE_MIN[1]), (sharp[0], WIDE_MIN[0]), "scatter", "orange")
        )
        plots = (
            Plot("loss along each path", tuple(loss_series), "step", "loss", ylog=True),
            Plot("sharpness: trace of Hessian", tuple(trace_series), "step", "tr H", ylog=True),
            Plot(
                f"paths (last {PATH_POINTS} steps)",
                tuple(path_series),
                xlabel="x",
                ylabel="y",
                xlim=(-1.6, 2.6),
                ylim=(-1.6, 1.6),
            ),
        )
        return Frame(run.steps, as_status(run.status), message(run), plots, tuple(readouts(run)))
