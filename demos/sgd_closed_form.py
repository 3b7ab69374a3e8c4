"""Question 10, mode "closed form": SGD's distance to the lstsq answer, drawn per step."""

from __future__ import annotations

from demos.base import Frame, LessonDemo, Plot, Series, as_status, fmt, thin, times
from demos.lessons.sgd_closed_form import ROWS, STEPS, Config, SgdClosedForm
from demos.specs.sgd import TOPIC


def readouts(run: SgdClosedForm) -> list[tuple[str, str]]:
    hit_time = run.hit_time
    ms = 1000 * hit_time
    hit = str(run.hit_step) if run.hit_step else f"not yet ({run.steps})"
    ratio = times(hit_time / run.solver_time) if run.hit_step else "-"
    return [
        ("lstsq solve time", f"{1000 * run.solver_time:.3g} ms"),
        ("SGD steps to 1 %", hit),
        ("SGD time to 1 %", f"{ms:.3g} ms" if run.hit_step else "-"),  # steps x median
        ("SGD time / lstsq time", ratio),
        ("max |w - w_lstsq|", fmt(run.distances[-1], 3)),
    ]


def message(run: SgdClosedForm) -> str:
    if run.status == "diverged":
        return f"diverged at step {run.steps}: lr too large for batches of {run.batch}; lower it"
    if run.hit_step and run.batch < ROWS and run.status == "done":
        return "done: mini-batch noise keeps SGD near, not at, the exact answer"
    if run.status == "done":
        return f"done: {STEPS} SGD steps vs one lstsq call"
    if run.hit_step:
        return f"within 1 % after {run.hit_step} steps; lstsq was exact in one call"
    return f"SGD with batches of {run.batch} chasing the lstsq answer"


class SgdClosedFormDemo(LessonDemo):
    topic = TOPIC
    lesson = SgdClosedForm
    config = Config
    run: SgdClosedForm

    def frame(self) -> Frame:
        run = self.run
        steps, losses = thin(run.losses)
        excess = tuple(loss / run.best - 1 for loss in losses)  # <= 0 only by rounding
        _, distances = thin(run.distances)
        end = float(max(1, len(run.losses) - 1))
        plots = (
            Plot(
                "loss above the optimum, (L - L*) / L*",
                (
                    Series("SGD", excess, steps, color="blue"),
                    Series("1 %", (0.01, 0.01), (0.0, end), color="gray"),
                ),
                xlabel="step",
                ylog=True,
            ),
            Plot(
                "max |w - w_lstsq|",
                (Series("SGD", distances, steps, color="blue"),),
                xlabel="step",
                ylog=True,
            ),
        )
        return Frame(run.steps, as_status(run.status), message(run), plots, tuple(readouts(run)))
