"""Question 10, mode "learning rate": the three optimizers drawn as loss curves and paths."""

from __future__ import annotations

from demos.base import Frame, LessonDemo, Plot, Series, as_status, fmt, thin
from demos.lessons.sgd_learning_rate import MOMENTUM, NAMES, STEPS, Config, SgdLearningRate
from demos.specs.sgd import TOPIC

WINDOWS = {"quadratic": (-3.0, 3.0, -3.0, 3.0), "rosenbrock": (-2.0, 2.0, -1.0, 3.0)}
COLORS = ("red", "blue", "green")


def readouts(run: SgdLearningRate) -> list[tuple[str, str]]:
    where = " at (1,1)" if run.function == "rosenbrock" else ""
    above = run.lr > run.bound
    relation = f"{fmt(run.lr, 3)} {'>' if above else '<='} {fmt(run.bound, 3)}"
    rows = [
        (f"2/lambda_max{where}", fmt(run.bound)),
        ("lr vs 2/lambda_max", f"{relation}: {'exceeds' if above else 'below'}"),
    ]
    for k, name in enumerate(NAMES):
        label = f"{name} {MOMENTUM}" if name == "momentum" else name
        at = run.diverged_at[k]
        rows.append((f"{label} loss", f"diverged at step {at}" if at else fmt(run.losses[k][-1])))
    return rows


def message(run: SgdLearningRate) -> str:
    if run.status == "diverged":
        return f"diverged at step {run.steps}: all three blew up; lower the lr and reset"
    lost = [(n, at) for n, at in zip(NAMES, run.diverged_at, strict=True) if at]
    if lost:
        alive = [n for n, at in zip(NAMES, run.diverged_at, strict=True) if not at]
        (first, at_first), *others = lost
        blown = [f"{first} diverged at step {at_first}"] + [f"{n} at {at}" for n, at in others]
        verb = "go on" if len(alive) > 1 else "goes on"
        verb = "finished" if run.status == "done" else verb
        return f"{', '.join(blown)}; {' and '.join(alive)} {verb}"
    if run.status == "done" and run.losses[0][-1] > 0.01 * run.losses[0][0]:
        start, end = fmt(run.losses[0][0], 3), fmt(run.losses[0][-1], 3)
        slow = f"at lr {fmt(run.lr, 3)} SGD only got from {start} to {end}"
        return f"done: nothing blew up, but {slow}"
    if run.status == "done":
        return f"done: {STEPS} steps, nothing blew up at lr {fmt(run.lr, 3)}"
    return f"three optimizers, one lr = {fmt(run.lr, 3)}, one start"


class SgdLearningRateDemo(LessonDemo):
    topic = TOPIC
    lesson = SgdLearningRate
    config = Config
    run: SgdLearningRate

    def frame(self) -> Frame:
        run = self.run
        x0, x1, y0, y1 = WINDOWS[run.function]
        curves, paths = [], []
        for k, name in enumerate(NAMES):
            steps, losses = thin(run.losses[k])
            curves.append(Series(name, losses, steps, color=COLORS[k]))
            inside = [p for p in run.paths[k] if x0 <= p[0] <= x1 and y0 <= p[1] <= y1]
            _, xs = thin([p[0] for p in inside])
            _, ys = thin([p[1] for p in inside])
            paths.append(Series(name, ys, xs, color=COLORS[k]))
        paths.append(Series("minimum", (run.minimum[1],), (run.minimum[0],), "scatter", "orange"))
        plots = (
            Plot("loss per step", tuple(curves), xlabel="step", ylabel="loss", ylog=True),
            Plot("paths", tuple(paths), xlabel="x", ylabel="y", xlim=(x0, x1), ylim=(y0, y1)),
        )
        return Frame(run.steps, as_status(run.status), message(run), plots, tuple(readouts(run)))
